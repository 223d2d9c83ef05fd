"""Sessions for the load test's simulated users, made directly in the session store
(``python benchmarks/sessions.py user…`` with the server's settings; prints ``{username: session key}`` as JSON).

Logging 50 simulated users in through the login form would make the load test measure 50 password hashes
(PBKDF2, about a second of CPU each) instead of the pages: people log in once a day, not all in the same minute.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")
    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806

    out = {}
    for user in get_user_model().objects.filter(username__in=sys.argv[1:]):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        out[user.username] = session.session_key
    print(json.dumps(out))


if __name__ == "__main__":
    main()
