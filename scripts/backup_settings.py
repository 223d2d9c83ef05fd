"""Print the settings backup.sh and restore.sh need, as shell assignments (from the portal's own settings)."""

import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")

from django.conf import settings  # noqa: E402

db = settings.DATABASES["default"]
values = {
    "DB_ENGINE": db["ENGINE"].rsplit(".", 1)[-1],
    "DB_NAME": str(db["NAME"]),
    "DB_HOST": db.get("HOST") or "127.0.0.1",
    "DB_PORT": str(db.get("PORT") or 5432),
    "DB_USER": db.get("USER") or "postgres",
    "DB_PASSWORD": db.get("PASSWORD") or "",
    "UPLOAD_ROOT": str(getattr(settings, "PMO_UPLOAD_ROOT", Path(settings.VAR_DIR) / "uploads")),
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
}
for name, value in values.items():
    print(f"{name}={shlex.quote(value)}")
