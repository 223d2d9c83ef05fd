"""One attempt at a run, as the worker does it: claim, build the PDF unless an intact one is stored, e-mail what is
owed, finish. Every failure is recorded on the run before it is raised (the task decides whether to retry)."""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist

from reporting import storage
from reporting.pdf import build_pdf
from reporting.services import deliveries, runs

logger = logging.getLogger(__name__)


class PermanentFailure(Exception):
    """A failure a retry cannot fix (the project or run is gone)."""


def execute(run_id: int, *, final: bool) -> str:
    """Run one attempt. Returns ``"done"`` or ``"skipped"`` (nothing left to do); raises after recording the
    error (``final``: the run is failed; otherwise it waits queued for the retry)."""
    run = runs.claim(run_id)
    if run is None:
        return "skipped"
    try:
        if not storage.intact(run.file, run.checksum):
            built = build_pdf(run)
            runs.store_file(run_id, data=built.data, pages=built.pages)
        deliveries.send_for_run(run_id)
    except ObjectDoesNotExist as exc:
        runs.fail(run_id, error=f"{exc.__class__.__name__}: {exc}", final=True)
        raise PermanentFailure(str(exc)) from exc
    except Exception as exc:
        logger.warning("report run %s failed (final=%s): %s", run_id, final, exc)
        runs.fail(run_id, error=str(exc) or exc.__class__.__name__, final=final)
        raise
    runs.finish(run_id)
    return "done"
