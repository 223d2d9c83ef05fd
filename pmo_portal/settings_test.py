"""Settings for the test suite: the real settings, with test-only conveniences.

`make test` exports DATABASE_URL and REDIS_URL when PostgreSQL and Redis answer; without them the suite runs on
SQLite and an in-memory broker (and says so): here a missing DATABASE_URL, REDIS_URL or EMAIL_HOST means
`embedded`, which production settings (DEBUG off) only accept when it is said explicitly.
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnop")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
for _name in ("DATABASE_URL", "REDIS_URL", "EMAIL_HOST"):
    if not os.environ.get(_name):
        os.environ[_name] = "embedded"

from pmo_portal.settings import *  # noqa: E402, F403
from pmo_portal.settings import REDIS_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
