"""Uploaded files: checked by content, stored privately under generated names, served only after a permission check.

* ``validate_upload`` refuses (``RuleError`` at ``file``) an empty file, one over ``settings.PMO_UPLOAD_MAX_BYTES``,
  a kind that is not allowed, and content that is not what the name claims: a PDF starts with ``%PDF-``; docx, xlsx
  and pptx are zip packages holding ``[Content_Types].xml`` and ``word/``, ``xl/`` or ``ppt/``. A zip whose members
  would expand beyond a limit (a zip bomb) is refused without expanding it.
* ``store_upload`` saves under a uuid name in a storage rooted at ``settings.PMO_UPLOAD_ROOT``, which is neither
  under STATIC_ROOT nor MEDIA_ROOT: no URL reaches it directly.
* ``serve_upload`` answers the file as an attachment (RFC 5987 file name, ``nosniff``). Callers check permissions.
"""

from __future__ import annotations

import hashlib
import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from core.exceptions import RuleError

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
#: Office packages expand; more than this (or a ratio above ZIP_MAX_RATIO) is treated as a zip bomb.
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class UploadInfo:
    kind: str
    content_type: str
    size: int
    sha256: str
    original_name: str


def _human(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 1 else f"{size / 1024:.0f} KB"


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _read_head_and_hash(file) -> tuple[bytes, str, int]:
    digest = hashlib.sha256()
    size = 0
    head = b""
    file.seek(0)
    for chunk in iter(lambda: file.read(64 * 1024), b""):
        if not head:
            head = chunk[:8]
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return head, digest.hexdigest(), size


def _check_ooxml(file, kind: str, size: int) -> bool:
    """A zip holding [Content_Types].xml and the kind's folder, whose expanded size stays within the limits."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                raise RuleError(_("This file holds too many parts to be a normal document."), field="file")
            total = sum(info.file_size for info in members)
            if total > ZIP_MAX_UNCOMPRESSED or (size and total > size * ZIP_MAX_RATIO and total > 10 * 1024 * 1024):
                raise RuleError(_("This file expands to an unreasonable size and was refused."), field="file")
            names = {info.filename for info in members}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        file.seek(0)
    folder = OOXML_FOLDERS[kind]
    return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)


def validate_upload(file, *, allowed=("docx", "xlsx", "pptx", "pdf"), max_bytes: int | None = None) -> UploadInfo:
    """Check ``file`` (an UploadedFile or any named binary file object); see the module docstring."""
    limit = max_bytes if max_bytes is not None else settings.PMO_UPLOAD_MAX_BYTES
    original = os.path.basename(getattr(file, "name", "") or "")[:255]
    kind = _extension(original)
    allowed = tuple(allowed)
    if kind not in allowed or kind not in CONTENT_TYPES:
        raise RuleError(
            _("Attach a file of one of these kinds: %(kinds)s.") % {"kinds": ", ".join(allowed)}, field="file"
        )
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise RuleError(_("The file is larger than %(limit)s.") % {"limit": _human(limit)}, field="file")
    head, sha256, size = _read_head_and_hash(file)
    if size == 0:
        raise RuleError(_("The file is empty."), field="file")
    if size > limit:
        raise RuleError(_("The file is larger than %(limit)s.") % {"limit": _human(limit)}, field="file")
    if kind == "pdf":
        matches = head.startswith(b"%PDF-")
    else:
        matches = head.startswith(b"PK\x03\x04") and _check_ooxml(file, kind, size)
    if not matches:
        raise RuleError(
            _("The content of this file is not a %(kind)s file (its name says it is).") % {"kind": kind.upper()},
            field="file",
        )
    return UploadInfo(kind=kind, content_type=CONTENT_TYPES[kind], size=size, sha256=sha256, original_name=original)


def upload_storage() -> FileSystemStorage:
    """The private storage (no base URL: nothing is served from it directly)."""
    return FileSystemStorage(location=str(settings.PMO_UPLOAD_ROOT), base_url=None)


def store_upload(file, *, prefix: str) -> str:
    """Save ``file`` under ``<prefix>/<uuid>.<ext>`` in the private storage; returns the stored name."""
    safe_prefix = "".join(c for c in prefix if c.isalnum() or c in "-_/").strip("/") or "files"
    ext = _extension(getattr(file, "name", "")) or "bin"
    if not ext.isalnum():
        ext = "bin"
    file.seek(0)
    return upload_storage().save(f"{safe_prefix}/{uuid.uuid4().hex}.{ext}", file)


def serve_upload(name: str, *, download_name: str, content_type: str) -> FileResponse:
    """The stored file as an attachment. A missing file answers 404. The caller has checked permissions."""
    storage = upload_storage()
    if not name or ".." in name.split("/") or name.startswith("/") or not storage.exists(name):
        raise Http404
    response = FileResponse(
        storage.open(name, "rb"), as_attachment=True, filename=download_name or "download", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
