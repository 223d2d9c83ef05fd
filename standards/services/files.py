"""Uploaded files stored by a service that may still roll back: the file is deleted when the rows do not land.

A file is written to the private storage (``core.uploads.store_upload``) before the database row naming it, inside
the service's transaction. When that transaction rolls back (a later rule refuses, a constraint fails, an outer
form rolls several calls back), the row is gone but the file would stay, orphaned. Django 5.2 has no
``transaction.on_rollback`` and ``on_commit`` callbacks are only dropped on a rollback, so the guard wraps the call:

* ``discards_uploads`` decorates a service *outside* its ``@transaction.atomic``: when an exception leaves the
  service, its transaction (or savepoint) has rolled back, and the files stored inside it are deleted;
* ``upload_scope()`` is the same guard as a context manager, for a caller that runs several services in one outer
  transaction (``standards.views.base.call_with_form``): entered outside that transaction, it deletes every file
  stored by the services inside it when the block ends with an exception, even those of services that returned.

Files stored by a service that returned are handed to the enclosing scope; at the outermost scope they are kept.
(An outer transaction nobody guards, rolled back after the call returned, is the one case left: the callers in
this code base either commit or raise through a guard.)
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from core.uploads import store_upload, upload_storage

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

_stored: ContextVar[list[str] | None] = ContextVar("pmo_stored_uploads", default=None)


def store(file, *, prefix: str) -> str:
    """``core.uploads.store_upload``, remembered by the enclosing guard (which deletes it if the call fails)."""
    name = store_upload(file, prefix=prefix)
    names = _stored.get()
    if names is not None:
        names.append(name)
    return name


def _delete(names: list[str]) -> None:
    storage = upload_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - a file system refusing to delete is logged, the error is not hidden
            logger.warning("could not delete the orphaned upload %s", name, exc_info=True)


@contextlib.contextmanager
def upload_scope() -> Iterator[None]:
    """Delete the files stored inside the block when it ends with an exception; else hand them to the outer scope."""
    outer = _stored.get()
    mine: list[str] = []
    token = _stored.set(mine)
    try:
        yield
    except BaseException:
        _delete(mine)
        raise
    finally:
        _stored.reset(token)
    if outer is not None:
        outer.extend(mine)


def discards_uploads(service: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service above its ``@transaction.atomic``: a failing call leaves no stored file behind."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with upload_scope():
            return service(*args, **kwargs)

    return wrapper
