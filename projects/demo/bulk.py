"""The demo's bulk path: the one sanctioned exception to "every write goes through a service".

Why: half a year of history is about 600 weekly reports (each created, submitted and reviewed) and some 1,800
milestones, issues, risks, change requests, meetings and action items. One service call per row and transition
(lock, rules, evaluation, audit entry, snapshot refresh each time) would make ``seed_demo`` several times slower,
so those rows are inserted with ``bulk_create``. Everything whose workflow matters goes through the services
instead: the organisation, projects, baselines and re-baselines (with the approved change request behind them),
memberships, the reports still in the workflow (this week's and last week's drafts, submitted and returned
reports), change request decisions, risks that turn into issues (see ``projects.demo.builder``).

What the bulk path shares with the services, so that its rows cannot drift from theirs:

* the weekly report's workflow is replayed through ``projects.services.status.TRANSITIONS`` (allowed source
  states, the target state that names the audit action, who may do it), and a submission freezes a
  ``StatusReportRevision`` of ``CONTENT_FIELDS + COMPUTED_FIELDS`` as ``submit_status_report`` does;
* the figures of every report come from ``projects.evaluation.apply_evaluation`` (the code the services run);
* each item's fields are the services' field lists (``projects.services.items.fields``);
* audit entries are built with ``core.audit.snapshot`` / ``diff`` exactly as ``core.audit.record`` stores them
  (``project_id``, ``app_label``, ``object_type``…): a creation entry lists the non-empty fields, a transition the
  fields it changed.

``tests/projects/test_seed_demo.py`` checks that a bulk-built report history and bulk-built items look like the
ones the services write (same actions, same fields). Rows are inserted with their story's timestamps: while a
bulk insert runs, ``auto_now`` / ``auto_now_add`` of that model are switched off (``timestamps_as_given``); the
demo runs in a management command, in one thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import models

from core import audit
from core.models import AuditEntry
from projects import permissions
from projects.evaluation import COMPUTED_FIELDS
from projects.models import ReportState, StatusReport, StatusReportRevision
from projects.services.status import CONTENT_FIELDS, REVIEW, TRANSITIONS

#: What a creation entry leaves out: ``items.common.save_new`` and ``create_project`` drop empty and false values,
#: ``create_status_report`` only empty ones.
EMPTY_ITEM_VALUES: tuple[Any, ...] = (None, "", False)
EMPTY_REPORT_VALUES: tuple[Any, ...] = (None, "")


@contextmanager
def timestamps_as_given(model: type[models.Model]) -> Iterator[list[models.Field]]:
    """While the block runs, ``bulk_create`` keeps the ``auto_now`` / ``auto_now_add`` values set on the objects."""
    fields = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    flags = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield fields
    finally:
        for f, auto_now, auto_now_add in flags:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def usernames(users: Iterable[Any]) -> str:
    """Many-to-many people as an audit entry shows them (``items.common``): usernames, sorted."""
    return ", ".join(sorted(user.username for user in users))


def creation_changes(
    obj: models.Model,
    fields: Sequence[str],
    *,
    empty: tuple[Any, ...] = EMPTY_ITEM_VALUES,
    people: dict[str, Iterable[Any]] | None = None,
) -> dict[str, list[Any]]:
    """A creation entry's changes: ``[None, value]`` for every non-empty field (people fields as usernames)."""
    people = people or {}
    plain = [name for name in fields if name not in people]
    changes = {k: [None, v] for k, v in audit.snapshot(obj, plain).items() if v not in empty}
    for name, users in people.items():
        users = list(users)
        if users:
            changes[name] = [None, usernames(users)]
    return changes


class BulkWriter:
    """Collects rows and their audit entries; ``insert`` writes one model's rows, ``insert_entries`` the entries
    (after the rows they belong to have their ids)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.entries: list[tuple[models.Model, AuditEntry]] = []

    def created(
        self,
        obj: models.Model,
        *,
        actor: Any,
        at: dt.datetime,
        fields: Sequence[str],
        empty: tuple[Any, ...] = EMPTY_ITEM_VALUES,
        people: dict[str, Iterable[Any]] | None = None,
    ) -> None:
        """The ``create`` entry the item's service would have recorded."""
        changes = creation_changes(obj, fields, empty=empty, people=people)
        self.entry(obj, actor=actor, action="create", changes=changes, at=at)

    def updated(
        self, obj: models.Model, *, actor: Any, at: dt.datetime, values: dict[str, Any], action: str = "update"
    ) -> None:
        """Set ``values`` on the unsaved ``obj`` and record the entry ``items.common.save_update`` would: the fields
        that changed, and a new version."""
        names = list(values)
        before = audit.snapshot(obj, names)
        for name, value in values.items():
            setattr(obj, name, value)
        changes = audit.diff(before, audit.snapshot(obj, names))
        if changes:
            obj.version += 1
            self.entry(obj, actor=actor, action=action, changes=changes, at=at)

    def entry(
        self, obj: models.Model, *, actor: Any, action: str, changes: dict, at: dt.datetime, comment: str = ""
    ) -> None:
        """An audit entry as ``core.audit.record`` stores it; ``object_id`` is filled in once ``obj`` is saved."""
        self.entries.append(
            (
                obj,
                AuditEntry(
                    project_id=getattr(obj, "project_id", None),
                    app_label=obj._meta.app_label,
                    actor=actor if getattr(actor, "pk", None) else None,
                    action=action,
                    object_type=obj._meta.model_name,
                    object_repr=str(obj)[:250],
                    changes=changes,
                    comment=comment,
                    at=at,
                ),
            )
        )

    def insert(self, model: type[models.Model], objs: list[models.Model], *, batch_size: int = 500) -> None:
        """``bulk_create`` with the objects' own timestamps (a missing one is now)."""
        with timestamps_as_given(model) as stamps:
            for obj in objs:
                for stamp in stamps:
                    if getattr(obj, stamp.attname) is None:
                        setattr(obj, stamp.attname, self.now)
            model.objects.bulk_create(objs, batch_size=batch_size)

    def insert_entries(self) -> None:
        for obj, entry in self.entries:
            entry.object_id = obj.pk
            entry.project_id = getattr(obj, "project_id", None)
        self.insert(AuditEntry, [entry for _obj, entry in self.entries])
        self.entries = []


# --- The weekly report's workflow, replayed --------------------------------------------------------------------


def workflow_extra(action: str, report: StatusReport, actor: Any, moment: dt.datetime, comment: str) -> dict:
    """What a workflow action writes besides the state, as ``projects.services.status`` writes it."""
    if action == "submit":
        return {"submitted_at": moment, "submitted_by": actor, "revision": report.revision}
    if action in ("accept", "return"):
        return {"reviewed_at": moment, "reviewed_by": actor, "review_comment": comment}
    return {}


def replay(
    writer: BulkWriter, report: StatusReport, action: str, *, actor: Any, moment: dt.datetime, comment: str = ""
) -> StatusReportRevision | None:
    """Apply the workflow ``action`` (a ``TRANSITIONS`` key) to an unsaved report and record its audit entry, as the
    status services would; a submission returns the revision it freezes (unsaved)."""
    transition = TRANSITIONS[action]
    if report.state not in transition.sources or transition.target is None:
        raise ValueError(f"the workflow does not allow {action!r} on a {report.state} report")
    allowed = (
        permissions.can_review_status(actor, report.project)
        if transition.who == REVIEW
        else permissions.can_manage_project(actor, report.project)
    )
    if not allowed:
        raise ValueError(f"{actor} may not {action} a report of {report.project}")
    data = {"state": transition.target, **workflow_extra(action, report, actor, moment, comment)}
    before = audit.snapshot(report, list(data))
    for name, value in data.items():
        setattr(report, name, value)
    changes = audit.diff(before, audit.snapshot(report, list(data)))
    report.version += 1
    report.updated_by = actor
    report.updated_at = moment
    writer.entry(report, actor=actor, action=transition.target, changes=changes, comment=comment, at=moment)
    if action != "submit":
        return None
    return StatusReportRevision(
        report=report,
        revision=report.revision,
        state=ReportState.SUBMITTED,
        content=audit.snapshot(report, CONTENT_FIELDS + COMPUTED_FIELDS),
        created_by=actor,
        created_at=moment,
    )
