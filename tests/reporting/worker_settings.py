"""Settings of the separate Celery worker process of test_worker_killed.py: the test settings, with e-mail written
to files the test counts, reports in the test's folder, and a broker namespace of the test's own (a key prefix:
no other worker on the shared Redis sees these tasks, and a short visibility timeout restores only ours)."""

import os

from pmo_portal.settings_test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["PMO_TEST_MAIL_DIR"]
PMO_REPORTS_DIR = os.environ["PMO_REPORTS_DIR"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "global_keyprefix": os.environ["PMO_TEST_BROKER_PREFIX"],
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
