"""Permission matrix of the site-wide pages (core, auth, i18n, API root and docs) — see matrix_common.py.

Roles: anon norole member pm other_pm pmo exec.
"""

SIGNED_IN = "login ok ok ok ok ok ok"
EVERYONE = "ok ok ok ok ok ok ok"

PAGES: dict = {
    "favicon": {"GET": EVERYONE},
    "home": {"GET": SIGNED_IN},  # redirects each role to where it works
    "profile": {"GET": SIGNED_IN},
    "profile_token": {"GET": "login 405 405 405 405 405 405", "POST": SIGNED_IN},  # one's own token only
    "notifications": {"GET": SIGNED_IN, "POST": SIGNED_IN},  # one's own notifications only
    "notification_settings": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    # The health check answers everyone the same (200 or 503 with which service is down, never data).
    "healthz": {"GET": "any any any any any any any", "POST": "405 405 405 405 405 405 405"},
    "login": {"GET": EVERYONE, "POST": EVERYONE, "PUT": EVERYONE},
    "logout": {"GET": "405 405 405 405 405 405 405", "POST": "login login login login login login login"},
    "password_change": {"GET": SIGNED_IN, "POST": SIGNED_IN, "PUT": SIGNED_IN},
    "password_change_done": {"GET": SIGNED_IN},
    "set_language": {"GET": EVERYONE, "POST": EVERYONE},
    "javascript-catalog": {"GET": EVERYONE},
    # The API's root, its schema and its documentation: no data in them.
    "api-root": {"GET": SIGNED_IN},
    "api-schema": {"GET": EVERYONE},
    "api-docs": {"GET": EVERYONE},
    # The admin: staff only; none of the portal's roles is staff, so everybody is sent to the admin's login.
    "admin:index": {"GET": "login login login login login login login"},
}

API: dict = {
    # Anyone may try to log in (throttled: tests/security/test_login_throttle.py); the body sent here is empty.
    "POST /api/v1/auth/token/": EVERYONE,
    "POST /api/v1/auth/token/revoke/": SIGNED_IN,  # the caller's own token
}
API_OBJECTS: dict = {}
API_PREFIXES: tuple = ("auth",)


def build(portfolio) -> None:
    """The site-wide pages need no objects of their own."""
