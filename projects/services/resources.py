"""Writes on people and their allocations (SPEC.md "Resources"). Every rule is checked here, on locked rows:

* people are created and changed by the PMO (``permissions.can_manage_people``); never deleted, made inactive;
* an allocation is written by the project's PM / deputy PM or the PMO (``permissions.can_allocate``) on a project
  that still takes bookings (not closed, cancelled or archived), for an active person (an inactive person's
  bookings may only go down), a month written ``YYYY-MM``, a whole % between 0 and 100 for that row, and a skill
  the person has. One row per (person, project, month): a booking of 0 % keeps its row and its history.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import NotAllowed, RuleError, Rules
from core.locking import check_version, lock
from core.unset import UNSET
from projects import permissions
from projects.models import Allocation, OrgUnit, Person, Project, ProjectState, Skill

PERSON_FIELDS = ["name", "user", "email", "org_unit", "capacity_fte", "active"]
CLOSED_STATES = (ProjectState.CLOSED, ProjectState.CANCELLED)
MONTH_RE = re.compile(r"^\s*(\d{4})[-/年.](\d{1,2})月?\s*$")


def parse_month(value: dt.date | str | None) -> dt.date:
    """``"2026-12"`` (also ``2026/12``, ``2026年12月``) or the first day of a month → that first day.

    RuleError at ``month`` for anything else (a date in the middle of a month included)."""
    message = _("Write the month as YYYY-MM (for example 2026-12).")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.day != 1:
            raise RuleError(message, field="month")
        return value
    match = MONTH_RE.match(str(value or ""))
    if not match:
        raise RuleError(message, field="month")
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise RuleError(message, field="month")
    return dt.date(year, month, 1)


def parse_percent(value) -> int:
    """A whole number 0–100 (``"50"``, ``50``, ``"50%"``); RuleError at ``percent`` otherwise."""
    message = _("Enter a whole percentage between 0 and 100.")
    if isinstance(value, bool) or value is None:
        raise RuleError(message, field="percent")
    text = str(value).strip().rstrip("%％").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RuleError(message, field="percent") from None
    if not number.is_finite() or number != number.to_integral_value() or not (0 <= number <= 100):
        raise RuleError(message, field="percent")
    return int(number)


# --- People ------------------------------------------------------------------------------------------------------


def _skills(names: Iterable[str]) -> list[Skill]:
    cleaned: dict[str, str] = {}
    for name in names:
        text = " ".join(str(name).split())
        if not text:
            continue
        if len(text) > 100:
            raise RuleError(_("A skill name has at most 100 characters."), field="skills")
        cleaned.setdefault(text.casefold(), text)
    if len(cleaned) > 20:
        raise RuleError(_("Give at most 20 skills."), field="skills")
    existing = {s.name.casefold(): s for s in Skill.objects.all()}
    out = []
    for folded, text in cleaned.items():
        skill = existing.get(folded) or Skill.objects.create(name=text)
        out.append(skill)
    return out


def _check_person(person: Person, rules: Rules) -> None:
    try:
        person.full_clean(exclude=["skills"])
    except ValidationError as exc:
        rules.extend(exc)
    if person.user_id is not None:
        User = get_user_model()
        if not User.objects.filter(pk=person.user_id, is_active=True).exists():
            rules.add("user", _("Choose an active portal user."))
        elif Person.objects.filter(user_id=person.user_id).exclude(pk=person.pk).exists():
            rules.add("user", _("This user is already linked to another person."))
    rules.raise_if_any()


@transaction.atomic
def create_person(
    *,
    actor,
    name: str,
    org_unit: OrgUnit | None,
    user=None,
    email: str = "",
    capacity_fte: Decimal = Decimal("1.00"),
    skills: Iterable[str] = (),
    active: bool = True,
) -> Person:
    if not permissions.can_manage_people(actor):
        raise NotAllowed(_("Only the PMO can change people."))
    if org_unit is None:
        raise RuleError(_("Choose an org unit."), field="org_unit")
    person = Person(
        name=(name or "").strip(),
        org_unit=org_unit,
        user=user,
        email=(email or "").strip(),
        capacity_fte=capacity_fte,
        active=active,
        updated_by=actor,
    )
    _check_person(person, Rules())
    skill_rows = _skills(skills)
    person.save()
    person.skills.set(skill_rows)
    changes = {k: [None, v] for k, v in audit.snapshot(person, PERSON_FIELDS).items() if v not in (None, "")}
    if skill_rows:
        changes["skills"] = [None, ", ".join(s.name for s in skill_rows)]
    audit.record(actor=actor, action="create", obj=person, changes=changes)
    return person


@transaction.atomic
def update_person(
    *,
    actor,
    person: Person,
    expected_version: int | None,
    name: str = UNSET,
    org_unit: OrgUnit = UNSET,
    user=UNSET,
    email: str = UNSET,
    capacity_fte: Decimal = UNSET,
    skills: Iterable[str] = UNSET,
    active: bool = UNSET,
) -> Person:
    """Change a person; making them inactive keeps every booking and its history."""
    if not permissions.can_manage_people(actor):
        raise NotAllowed(_("Only the PMO can change people."))
    current = lock(person)
    check_version(current, expected_version)
    values = {"name": name, "org_unit": org_unit, "user": user, "email": email, "capacity_fte": capacity_fte}
    values["active"] = active
    data = {k: v for k, v in values.items() if v is not UNSET}
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    if "email" in data:
        data["email"] = (data["email"] or "").strip()
    if data.get("org_unit", 1) is None:
        raise RuleError(_("Choose an org unit."), field="org_unit")
    before = audit.snapshot(current, list(data))
    for key, value in data.items():
        setattr(current, key, value)
    _check_person(current, Rules())
    changes = audit.diff(before, audit.snapshot(current, list(data)))
    if skills is not UNSET:
        old = ", ".join(s.name for s in current.skills.order_by("name"))
        rows = _skills(skills)
        new = ", ".join(sorted(s.name for s in rows))
        if old != new:
            current.skills.set(rows)
            changes["skills"] = [old, new]
    if changes:
        current.version += 1
        current.updated_by = actor
        current.save()
        audit.record(actor=actor, action="update", obj=current, changes=changes)
    person.refresh_from_db()
    return current


# --- Allocations -------------------------------------------------------------------------------------------------


def _check_allocation(
    *, actor, project: Project, person: Person, percent, skill, old_percent: int | None, rules: Rules, prefix=""
) -> int | None:
    """Check one booking against the locked project; returns the parsed percent (or None, with the rule added)."""
    if not permissions.can_allocate(actor, project):
        raise NotAllowed(_("Only the project's PM or the PMO can book people on this project."))
    if project.archived_at is not None or project.state in CLOSED_STATES:
        rules.add(prefix or "project", _("This project is closed: its bookings can no longer change."))
    try:
        value = parse_percent(percent)
    except RuleError as exc:
        rules.add(prefix or "percent", exc.message)
        value = None
    if value is not None and not person.active and value > (old_percent or 0):
        rules.add(
            prefix or "person", _("%(person)s is inactive: their bookings can only go down.") % {"person": person}
        )
    if skill is not None and not person.skills.filter(pk=skill.pk).exists():
        rules.add(prefix or "skill", _("%(person)s does not have this skill.") % {"person": person})
    return value


def _record(actor, allocation: Allocation, action: str, changes: dict) -> None:
    audit.record(project=allocation.project_id, actor=actor, action=action, obj=allocation, changes=changes)


@transaction.atomic
def create_allocation(
    *, actor, person: Person, project: Project, month: dt.date | str, percent: int, skill: Skill | None = None
) -> Allocation:
    """Book ``person`` on ``project`` for ``month``. A month already booked is refused at ``month`` (change that
    row instead)."""
    locked = lock(project)
    rules = Rules()
    try:
        month_value = parse_month(month)
    except RuleError as exc:
        rules.extend(exc)
        month_value = None
    value = _check_allocation(
        actor=actor, project=locked, person=lock(person), percent=percent, skill=skill, old_percent=None, rules=rules
    )
    if month_value and Allocation.objects.filter(person=person, project=locked, month=month_value).exists():
        rules.add("month", _("This person is already booked on this project for this month: change that booking."))
    rules.raise_if_any()
    allocation = Allocation.objects.create(
        person=person, project=locked, month=month_value, percent=value, skill=skill, updated_by=actor
    )
    changes = {"percent": [None, value]}
    if skill is not None:
        changes["skill"] = [None, skill.name]
    _record(actor, allocation, "create", changes)
    return allocation


@transaction.atomic
def update_allocation(
    *, actor, allocation: Allocation, expected_version: int | None, percent: int = UNSET, skill: Skill | None = UNSET
) -> Allocation:
    """Change a booking's % (0 keeps the row) or skill; person, project and month stay."""
    locked_project = lock(allocation.project)
    current = lock(allocation)
    check_version(current, expected_version)
    rules = Rules()
    new_percent = current.percent if percent is UNSET else percent
    new_skill = current.skill if skill is UNSET else skill
    value = _check_allocation(
        actor=actor,
        project=locked_project,
        person=current.person,
        percent=new_percent,
        skill=new_skill if skill is not UNSET else None,
        old_percent=current.percent,
        rules=rules,
    )
    rules.raise_if_any()
    changes = {}
    if value != current.percent:
        changes["percent"] = [current.percent, value]
    if (new_skill.pk if new_skill else None) != current.skill_id:
        changes["skill"] = [str(current.skill or ""), str(new_skill or "")]
    if changes:
        current.percent, current.skill = value, new_skill
        current.version += 1
        current.updated_by = actor
        current.save()
        _record(actor, current, "update", changes)
    return current


@dataclass(frozen=True)
class GridCell:
    """One cell of an allocation grid: ``field`` is the form field it came from (where its error is shown);
    ``expected_version`` is None for a cell that had no booking when the grid was read."""

    field: str
    person: Person
    project: Project
    month: dt.date
    percent: object
    expected_version: int | None


@transaction.atomic
def save_allocation_grid(*, actor, cells: list[GridCell]) -> int:
    """Write every changed cell of a grid, all or nothing; returns how many bookings changed.

    Each refusal is reported at its cell's ``field``; a cell booked or changed by someone else since the grid was
    read is a stale edit (nothing is saved)."""
    projects = {p.pk: p for p in (lock(p) for p in {c.project.pk: c.project for c in cells}.values())}
    people = {c.person.pk: c.person for c in cells}
    existing = {
        (a.person_id, a.project_id, a.month): a
        for a in Allocation.objects.select_for_update().filter(
            person__in=list(people), project__in=list(projects), month__in={c.month for c in cells}
        )
    }
    rules = Rules()
    writes = []
    for cell in cells:
        row = existing.get((cell.person.pk, cell.project.pk, cell.month))
        old = row.percent if row else None
        value = _check_allocation(
            actor=actor,
            project=projects[cell.project.pk],
            person=people[cell.person.pk],
            percent=cell.percent,
            skill=None,
            old_percent=old,
            rules=rules,
            prefix=cell.field,
        )
        if value is None or value == (old if old is not None else 0):
            continue  # nothing to write: no conflict either, whoever wrote the stored value
        if row is not None:
            # Booked (or changed) by someone else since the grid was read: refuse, naming them. A version of 0
            # never matches (versions start at 1), so a cell that was empty when read is stale too.
            check_version(row, cell.expected_version if cell.expected_version is not None else 0)
        writes.append((cell, row, value))
    rules.raise_if_any()
    for cell, row, value in writes:
        if row is None:
            row = Allocation.objects.create(
                person=cell.person, project=cell.project, month=cell.month, percent=value, updated_by=actor
            )
            _record(actor, row, "create", {"percent": [None, value]})
        else:
            changes = {"percent": [row.percent, value]}
            row.percent, row.version, row.updated_by = value, row.version + 1, actor
            row.save()
            _record(actor, row, "update", changes)
    return len(writes)
