"""Checking and writing an imported file through the ordinary services: every row or nothing.

``projects.imports`` parses the cells and looks up what they name; every business rule (code format and
uniqueness, who may be PM, dates in order, who may create or manage what, the months and amounts of costs, the
counts of quality records) is the services' own. So each parsed row goes through ``create_project`` /
``create_milestone`` / ``costs.set_monthly_costs`` / ``quality.create_quality_record`` (or its update: a file's
month or week replaces the stored one) in its own savepoint, and whatever a service refuses
(``RuleError``, ``NotAllowed``) becomes an error of that row, at the column its field came from:

* ``preview`` does that inside a transaction that is always rolled back, so the page lists every row's errors
  without writing anything;
* ``run_import`` does the same for real (the database may have changed since the preview) and commits only when
  every row went through. Once committed, each created or affected project's snapshot is refreshed by the worker
  (``projects.tasks.refresh_project_snapshot``); the services already refreshed it in the request, so the pages
  are right at once, and the task settles anything a concurrent write changed in between.

A clash that slips past the services' checks (another user creating the same code at the same moment) rolls
everything back and comes back as a file-level error.

A checked file is kept as an ``ImportPreview`` row (``keep_preview``) for its uploader to confirm; ``confirm_import``
locks that row for the whole import and marks it imported in the same transaction, so a preview is imported once
however often, or however concurrently, it is confirmed: the later confirmations wait for the first and are then
told it was imported (``AlreadyImported``).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import NotAllowed, RuleError
from projects import imports, permissions, tasks
from projects.models import CostActual, CostPlan, ImportPreview, ImportPreviewState, QualityRecord
from projects.services import create_milestone, create_project
from projects.services.costs import MonthAmount, set_monthly_costs
from projects.services.quality import create_quality_record, update_quality_record

logger = logging.getLogger(__name__)


#: How long a preview may be confirmed; previews older than ``PREVIEW_KEPT`` are deleted at the next upload.
PREVIEW_VALID = dt.timedelta(hours=2)
PREVIEW_KEPT = dt.timedelta(days=1)


class PreviewExpired(RuleError):
    """The preview named does not exist (any more), is not the user's, is too old or failed its re-check."""

    def __init__(self) -> None:
        super().__init__(_("This preview has expired or was replaced. Upload the file again."), field=None)


class AlreadyImported(RuleError):
    """The preview was confirmed before (a double click, a second tab): nothing was imported again."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        when = timezone.localtime(preview.confirmed_at).strftime("%H:%M:%S") if preview.confirmed_at else ""
        super().__init__(
            _("This file was already imported (%(count)s rows, at %(time)s); nothing was imported again.")
            % {"count": preview.imported_count, "time": when},
            field=None,
        )


@dataclass
class ImportOutcome:
    validation: imports.Validation
    created: list[Any] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.created) and not self.file_errors and self.validation.is_valid


class _Rollback(Exception):
    """Leaves the import's transaction, undoing every row written in it."""


def preview(*, actor, sheet: imports.Sheet) -> ImportOutcome:
    """Every row's errors, parsing and services' rules alike, without writing anything (``created`` stays empty)."""
    validation = imports.validate(sheet, actor)
    if not validation.rows or not validation.cleaned:
        return ImportOutcome(validation=validation)
    try:
        with transaction.atomic():
            _write_rows(actor=actor, validation=validation)
            raise _Rollback
    except _Rollback:
        pass
    except DatabaseError:
        logger.exception("import preview of %s failed in the database", sheet.filename)
        return _data_changed(actor, sheet)
    return ImportOutcome(validation=validation)


def keep_preview(*, actor, sheet: imports.Sheet) -> ImportPreview:
    """Keep a checked file for ``actor`` to confirm (``confirm_import`` with the returned row's ``token``)."""
    if not permissions.can_import(actor):
        raise NotAllowed(_("You may not import."))
    ImportPreview.objects.filter(created_by=actor, created_at__lt=timezone.now() - PREVIEW_KEPT).delete()
    return ImportPreview.objects.create(
        token=secrets.token_urlsafe(32),
        created_by=actor,
        kind=sheet.kind,
        filename=sheet.filename[:255],
        sheet=sheet.to_json(),
    )


@transaction.atomic
def confirm_import(*, actor, token: str) -> ImportOutcome:
    """Import the preview ``token`` of ``actor`` once: the row is locked until the import commits, then marked.

    ``PreviewExpired`` for an unknown, foreign, old or refused preview; ``AlreadyImported`` for one confirmed
    before (a concurrent confirmation waits for the first one's commit and then gets this)."""
    if not permissions.can_import(actor):
        raise NotAllowed(_("You may not import."))
    preview = ImportPreview.objects.select_for_update().filter(token=token, created_by=actor).first()
    if preview is None:
        raise PreviewExpired
    if preview.state == ImportPreviewState.IMPORTED:
        raise AlreadyImported(preview)
    if preview.state != ImportPreviewState.PENDING or preview.created_at < timezone.now() - PREVIEW_VALID:
        raise PreviewExpired
    try:
        sheet = imports.Sheet.from_json(preview.sheet)
    except (KeyError, TypeError, ValueError) as exc:
        raise PreviewExpired from exc
    outcome = run_import(actor=actor, sheet=sheet)  # a savepoint inside this transaction
    preview.state = ImportPreviewState.IMPORTED if outcome.ok else ImportPreviewState.REFUSED
    preview.confirmed_at = timezone.now()
    preview.imported_count = len(outcome.created)
    preview.save(update_fields=["state", "confirmed_at", "imported_count"])
    return outcome


def run_import(*, actor, sheet: imports.Sheet) -> ImportOutcome:
    """Check ``sheet`` for ``actor`` again and, only if every row goes through, write all of it in one transaction."""
    try:
        with transaction.atomic():
            validation = imports.validate(sheet, actor)
            if not validation.is_valid:
                return ImportOutcome(validation=validation)
            created = _write_rows(actor=actor, validation=validation)
            if not validation.is_valid:
                raise _Rollback
            _refresh_snapshots_after_commit(created, sheet.kind)
            return ImportOutcome(validation=validation, created=created)
    except _Rollback:
        return ImportOutcome(validation=validation)
    except DatabaseError:
        # IntegrityError included: the transaction is rolled back, nothing is written.
        return _data_changed(actor, sheet)


def _data_changed(actor, sheet: imports.Sheet) -> ImportOutcome:
    return ImportOutcome(
        validation=imports.validate(sheet, actor),
        file_errors=[_("The data changed while importing, so nothing was imported. Upload the file again.")],
    )


def _write_rows(*, actor, validation: imports.Validation) -> list[Any]:
    """Each parsed row through its service, in its own savepoint; refusals become the row's errors.

    Call inside a transaction: the rows that went through stay written in it, for the caller to keep or undo."""
    kind = validation.sheet.kind
    filename = validation.sheet.filename
    created = []
    rows = validation.rows
    if kind == imports.QUALITY:
        # Week by week: each record's defects are checked against the previous week's open ones.
        rows = sorted(rows, key=lambda r: (r.cleaned or {}).get("week") or "")
    for row in rows:
        if row.cleaned is None:
            continue
        try:
            with transaction.atomic():
                if kind == imports.PROJECTS:
                    obj = create_project(actor=actor, **row.cleaned)
                    audit.record(
                        project=obj,
                        actor=actor,
                        action="import",
                        obj=obj,
                        comment=_("Imported from %(file)s") % {"file": filename} if filename else "",
                    )
                elif kind == imports.MILESTONES:
                    obj = create_milestone(actor=actor, **row.cleaned)
                elif kind == imports.COSTS:
                    obj = _write_costs(actor=actor, **row.cleaned)
                elif kind == "allocations":
                    from projects.imports.allocations import write as write_allocation

                    obj = write_allocation(actor=actor, **row.cleaned)
                else:
                    obj = _write_quality(actor=actor, **row.cleaned)
        except RuleError as exc:  # NotAllowed and InvalidTransition included
            _add_rule_errors(validation, row, exc)
            continue
        created.append(obj)
    return created


def _write_costs(*, actor, project, month, planned_cost, actual_cost):
    """One month of a project: its plan and/or actual, replacing what is stored (the file is the authority, so the
    stored row's own version is sent); blank amounts leave the stored ones as they are."""

    def row(model, amount):
        if amount is None:
            return []
        version = model.objects.filter(project=project, month=month).values_list("version", flat=True).first()
        return [MonthAmount(month=month, amount=amount, version=version)]

    set_monthly_costs(
        actor=actor, project=project, plan=row(CostPlan, planned_cost), actuals=row(CostActual, actual_cost)
    )
    return _Written(project_id=project.pk)


def _write_quality(*, actor, project, week, **counts):
    """One week of a project: a new record, or the stored one replaced (the file is the authority)."""
    record = QualityRecord.objects.filter(project=project, week=week).first()
    if record is None:
        return create_quality_record(actor=actor, project=project, week=week, **counts)
    record.project = project
    return update_quality_record(actor=actor, record=record, expected_version=record.version, **counts)


@dataclass(frozen=True)
class _Written:
    """A row of monthly costs written (it may touch two rows, a plan and an actual): its project."""

    project_id: int


def _grid_column(key: str | None) -> str | None:
    """``planned_cost-2026-04`` (a cell of the month grid) → the file's ``planned_cost`` column."""
    return key.split("-", 1)[0] if key else key


def _add_rule_errors(validation: imports.Validation, row: imports.CheckedRow, exc: RuleError) -> None:
    """The service's errors on the row, each at the column named like its field (the row as a whole otherwise).

    A milestone the actor may not add is refused because of its project: that error goes to the project column."""
    for key, messages in exc.errors.items():
        column = _grid_column(key) if validation.sheet.kind == imports.COSTS else key
        if key is None and isinstance(exc, NotAllowed) and validation.sheet.kind != imports.PROJECTS:
            column = "project"
        for message in messages:
            validation.add_error(row, column, message)


def _refresh_snapshots_after_commit(created: list[Any], kind: str) -> None:
    """Queue the snapshot refresh of every project the import created or added to, once the import is committed."""
    if kind == imports.PROJECTS:
        project_ids = [obj.pk for obj in created]
    else:
        project_ids = list(dict.fromkeys(obj.project_id for obj in created))
    for project_id in project_ids:
        # robust: the data is committed and already refreshed in the request; a broker that is down only logs.
        transaction.on_commit(lambda pid=project_id: tasks.refresh_project_snapshot.delay(pid), robust=True)
