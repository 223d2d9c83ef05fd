"""Weekly quality records of a project (one per ISO week), written by its managers.

Rules (each at its field): the week is an ISO week (``2026-W48``) that has started, once per project; counts are whole
and not negative; tests passed ≤ tests run; the defects fixed and still open cannot exceed what existed that week
(the previous record's open defects plus those found this week). After a change the project's snapshot is refreshed;
submitted reports keep the figures they were judged on.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.exceptions import Rules
from core.locking import check_version, lock
from core.unset import UNSET
from projects import weeks
from projects.models import Project, QualityRecord
from projects.services.items.common import require_manage
from projects.services.metrics import refresh_project_snapshot

__all__ = ["COUNT_FIELDS", "create_quality_record", "delete_quality_record", "update_quality_record"]

COUNT_FIELDS = (
    "defects_found",
    "defects_fixed",
    "defects_open",
    "tests_planned",
    "tests_run",
    "tests_passed",
    "review_findings",
)
FIELDS = ("week", *COUNT_FIELDS)
#: The largest count a column holds.
MAX_COUNT = 2_147_483_647

WEEK_FORMAT = _("Give an ISO week such as 2026-W48.")
WEEK_IN_FUTURE = _("%(week)s has not started yet: record quality for past and current weeks only.")
WEEK_TAKEN = _("%(week)s already has a quality record: change that record instead.")
COUNT_INVALID = _("Enter a whole number, 0 or more.")
PASSED_OVER_RUN = _("Tests passed cannot exceed tests run (%(run)s).")
FIXED_OVER_EXISTING = _(
    "More defects fixed than existed this week: %(open)s open last week plus %(found)s found this week."
)
OPEN_OVER_EXISTING = _(
    "More open defects than existed this week: %(open)s open last week plus %(found)s found this week."
)


def _previous_open(project: Project, week: str, exclude_pk=None) -> int:
    previous = (
        QualityRecord._base_manager.filter(project=project, week__lt=week)
        .exclude(pk=exclude_pk)
        .order_by("-week")
        .values_list("defects_open", flat=True)
        .first()
    )
    return previous or 0


def _check(rules: Rules, project: Project, values: dict, *, exclude_pk=None) -> None:
    week = values.get("week")
    try:
        monday = weeks.parse_week(week) if isinstance(week, str) else None
    except ValueError:
        monday = None
    if monday is None:
        rules.add("week", WEEK_FORMAT)
    elif monday > timezone.localdate():
        rules.add("week", WEEK_IN_FUTURE % {"week": week})
    elif QualityRecord._base_manager.filter(project=project, week=week).exclude(pk=exclude_pk).exists():
        rules.add("week", WEEK_TAKEN % {"week": week})
    for name in COUNT_FIELDS:
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            rules.add(name, COUNT_INVALID)
    if rules.errors:
        return
    if values["tests_passed"] > values["tests_run"]:
        rules.add("tests_passed", PASSED_OVER_RUN % {"run": values["tests_run"]})
    existed = _previous_open(project, week, exclude_pk) + values["defects_found"]
    words = {"open": existed - values["defects_found"], "found": values["defects_found"]}
    if values["defects_fixed"] > existed:
        rules.add("defects_fixed", FIXED_OVER_EXISTING % words)
    if values["defects_open"] > existed:
        rules.add("defects_open", OPEN_OVER_EXISTING % words)


@transaction.atomic
def create_quality_record(
    *,
    actor,
    project: Project,
    week: str,
    defects_found: int = 0,
    defects_fixed: int = 0,
    defects_open: int = 0,
    tests_planned: int = 0,
    tests_run: int = 0,
    tests_passed: int = 0,
    review_findings: int = 0,
) -> QualityRecord:
    """Record one week's quality measures."""
    require_manage(actor, project)
    lock(project)
    values = {
        "week": week,
        "defects_found": defects_found,
        "defects_fixed": defects_fixed,
        "defects_open": defects_open,
        "tests_planned": tests_planned,
        "tests_run": tests_run,
        "tests_passed": tests_passed,
        "review_findings": review_findings,
    }
    rules = Rules()
    _check(rules, project, values)
    rules.raise_if_any()
    record = QualityRecord.objects.create(project=project, **values)
    changes = {k: [None, v] for k, v in audit.snapshot(record, list(FIELDS)).items()}
    audit.record(project=project, actor=actor, action="create", obj=record, changes=changes)
    refresh_project_snapshot(project=project)
    return record


@transaction.atomic
def update_quality_record(*, actor, record: QualityRecord, expected_version: int | None, **fields) -> QualityRecord:
    """Change the fields given (``week`` and the counts; the others stay as they are)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    project = record.project
    require_manage(actor, project)
    lock(project)
    current = lock(record)
    check_version(current, expected_version)
    given = {k: v for k, v in fields.items() if v is not UNSET}
    values = {name: getattr(current, name) for name in FIELDS} | given
    rules = Rules()
    _check(rules, project, values, exclude_pk=record.pk)
    rules.raise_if_any()
    names = list(given)
    before = audit.snapshot(current, names)
    for name, value in given.items():
        setattr(record, name, value)
    changes = audit.diff(before, audit.snapshot(record, names))
    if changes:
        record.version = current.version + 1
        record.save(update_fields=[*changes, "version"])
        audit.record(project=project, actor=actor, action="update", obj=record, changes=changes)
        refresh_project_snapshot(project=project)
    return record


@transaction.atomic
def delete_quality_record(*, actor, record: QualityRecord) -> None:
    """Remove one week's record (its history stays)."""
    project = record.project
    require_manage(actor, project)
    current = lock(record)
    audit.record(project=project, actor=actor, action="delete", obj=current)
    current.delete()
    refresh_project_snapshot(project=project)
