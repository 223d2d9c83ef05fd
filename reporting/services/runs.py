"""Report runs: request, claim, store, finish, fail, retry — every state change on the locked row, audited.

The state machine is ``reporting.models.RUN_TRANSITIONS``. A run requested in the browser or the API is queued
after the commit (``transaction.on_commit``) so the worker never reads a run that is not there yet.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, RuleError
from core.locking import lock
from projects import selectors as project_selectors
from reporting import permissions, storage
from reporting.models import RUN_TRANSITIONS, ReportKind, ReportRun, RunState

MAX_ATTEMPTS = 4


def _enqueue(run_id: int) -> None:
    from reporting import tasks

    transaction.on_commit(lambda: tasks.build_report.delay(run_id))


def _move(run: ReportRun, to: str) -> None:
    if (run.state, to) not in RUN_TRANSITIONS:
        raise InvalidTransition(
            _("A run that is %(state)s cannot become %(to)s.")
            % {"state": run.get_state_display(), "to": RunState(to).label},
            field="state",
        )
    run.state = to
    run.state_changed_at = timezone.now()


def scope_ids(user, org_unit=None) -> list[int]:
    """The projects a QCD report for ``user`` may show: visible, not archived, not closed or cancelled, inside
    ``org_unit`` and the units below it (none: the whole portfolio)."""
    from projects.models import OrgUnit, ProjectState
    from reporting.filters import _descendants

    qs = project_selectors.portfolio(user).exclude(state__in=[ProjectState.CLOSED, ProjectState.CANCELLED])
    if org_unit is not None:
        pairs = list(OrgUnit.objects.values_list("pk", "parent_id"))
        qs = qs.filter(org_unit_id__in=_descendants({org_unit.pk}, pairs))
    return sorted(qs.values_list("pk", flat=True))


@transaction.atomic
def request_run(
    *,
    actor,
    kind: str,
    project=None,
    org_unit=None,
    language: str = "ja",
    as_of: dt.date | None = None,
) -> ReportRun:
    """Queue a report build for ``actor``. A project or org unit the actor may not see answers like a missing one."""
    if not permissions.can_request_any(actor):
        raise NotAllowed(_("You may not request reports."))
    if kind == ReportKind.WEEKLY_STATUS:
        if project is None:
            raise RuleError(_("Choose the project of the weekly status report."), field="project", code="required")
        if not project_selectors.visible_projects(actor).filter(pk=project.pk).exists():
            raise RuleError(_("Choose a project you may see."), field="project", code="invalid")
        if not permissions.can_request_weekly(actor, project):
            raise NotAllowed(_("Only the project's PM, the PMO and executives may request its status report."))
        org_unit = None
    elif kind == ReportKind.QCD:
        if not permissions.can_request_qcd(actor):
            raise NotAllowed(_("Only the PMO and executives may request a QCD report."))
        project = None
    else:
        raise RuleError(_("Choose a kind of report."), field="kind", code="invalid")
    run = ReportRun.objects.create(
        kind=kind,
        project=project,
        org_unit=org_unit,
        scope_project_ids=scope_ids(actor, org_unit) if kind == ReportKind.QCD else [],
        as_of=as_of or timezone.localdate(),
        language=language,
        requested_by=actor,
        state_changed_at=timezone.now(),
    )
    audit.record(project=project, actor=actor, action="report_requested", obj=run)
    _enqueue(run.pk)
    return run


@transaction.atomic
def claim(run_id: int) -> ReportRun | None:
    """The worker takes a run: running, one more attempt. ``None`` when there is nothing left to do (a done run
    whose deliveries are all settled: a duplicate or redelivered task)."""
    run = ReportRun.objects.filter(pk=run_id).first()
    if run is None:
        return None
    run = lock(run)
    if run.state == RunState.DONE and not run.deliveries.filter(state__in=("pending", "failed")).exists():
        return None
    if run.state == RunState.DONE:  # built, but an e-mail is still owed
        run.state, run.state_changed_at = RunState.RUNNING, timezone.now()
    else:
        _move(run, RunState.RUNNING)
    run.attempts += 1
    run.started_at = run.started_at or timezone.now()
    run.error = ""
    run.version += 1
    run.save(update_fields=["state", "state_changed_at", "attempts", "started_at", "error", "version"])
    return run


@transaction.atomic
def store_file(run_id: int, *, data: bytes, pages: int) -> ReportRun:
    run = lock(ReportRun.objects.get(pk=run_id))
    if storage.intact(run.file, run.checksum):  # a concurrent attempt already stored it: keep the first file
        return run
    run.file = storage.save(f"{run.as_of:%Y/%m}/{run.kind}-{run.pk}.pdf", data)
    run.size = len(data)
    run.checksum = storage.sha256(data)
    run.pages = pages
    run.version += 1
    run.save(update_fields=["file", "size", "checksum", "pages", "version"])
    return run


@transaction.atomic
def finish(run_id: int) -> ReportRun:
    run = lock(ReportRun.objects.get(pk=run_id))
    if run.state == RunState.DONE:
        return run
    _move(run, RunState.DONE)
    run.finished_at = timezone.now()
    run.error = ""
    run.version += 1
    run.save(update_fields=["state", "state_changed_at", "finished_at", "error", "version"])
    audit.record(project=run.project_id, actor=None, action="report_built", obj=run)
    return run


@transaction.atomic
def fail(run_id: int, *, error: str, final: bool) -> ReportRun:
    """Record ``error``. ``final``: the run is failed (its file, if built, is kept); otherwise it waits for the
    retry (queued)."""
    run = lock(ReportRun.objects.get(pk=run_id))
    _move(run, RunState.FAILED if final else RunState.QUEUED)
    run.error = error[:4000]
    if final:
        run.finished_at = timezone.now()
    run.version += 1
    run.save(update_fields=["state", "state_changed_at", "error", "finished_at", "version"])
    if final:
        audit.record(project=run.project_id, actor=None, action="report_failed", obj=run, comment=run.error[:500])
    return run


@transaction.atomic
def retry(*, actor, run: ReportRun) -> ReportRun:
    """Queue a failed run again (its built PDF, if any, is reused: only what is missing is redone)."""
    current = lock(run)
    if not permissions.can_retry_run(actor, current):
        raise NotAllowed(_("You may not retry this run."))
    if current.state != RunState.FAILED:
        raise InvalidTransition(_("Only a failed run can be retried."), field="state")
    _move(current, RunState.QUEUED)
    current.attempts = 0
    current.finished_at = None
    current.version += 1
    current.save(update_fields=["state", "state_changed_at", "attempts", "finished_at", "version"])
    audit.record(project=current.project_id, actor=actor, action="report_retried", obj=current)
    _enqueue(current.pk)
    return current
