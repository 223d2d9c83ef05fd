"""Where built reports are kept: a private file store under ``settings.VAR_DIR / "reports"`` (or
``PMO_REPORTS_DIR``), outside the static and media roots. Nothing serves it directly: a download goes through the
run's view, which checks who may see the run."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


def reports_dir() -> Path:
    configured = getattr(settings, "PMO_REPORTS_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "reports"


def storage() -> FileSystemStorage:
    return FileSystemStorage(location=str(reports_dir()), base_url=None, file_permissions_mode=0o640)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save(name: str, data: bytes) -> str:
    """Store ``data`` (a new name if ``name`` is taken: a file once written is never overwritten)."""
    return storage().save(name, ContentFile(data))


def read(name: str) -> bytes:
    with storage().open(name, "rb") as fh:
        return fh.read()


def intact(name: str, checksum: str) -> bool:
    """The stored file exists and still has its recorded checksum."""
    if not name or not checksum:
        return False
    try:
        return sha256(read(name)) == checksum
    except OSError:
        return False
