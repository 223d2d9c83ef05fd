"""Settings of the worker process of test_faults.py: the killed-worker test's settings (e-mail as files, reports in
the test's folder), on the test's own Redis, with the recovery sweep's period and the retry back-off in seconds."""

from tests.reporting.worker_settings import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {}  # the test's own Redis: no key prefix needed
PMO_REPORT_RETRY_BASE = 1
PMO_REPORT_STALE_AFTER = 2
PMO_WARM_CHARTS = False  # each test starts one worker: the first report starts the chart exporter
