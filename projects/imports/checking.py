"""Reading every row of a ``Sheet`` into the values the services take, or row/column errors.

``validate(sheet, user)`` parses the cells (types, formats, required cells) and looks up what they name (org units,
programs, PM candidates, projects) through the restricted read path, in a fixed number of queries however many rows.
It decides no business rule: whether a code is well formed or already taken, whether the dates are in order, whether
the user may create this project or manage that one are the services' rules. ``projects.services.imports`` runs each
parsed row through the service (in a savepoint) and adds what it refuses to the same ``Validation``, mapped onto the
column the refused field came from.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from core.validators import normalise_code
from projects.imports import allocations
from projects.imports.cells import (
    CellError,
    parse_bool,
    parse_choice,
    parse_count,
    parse_date,
    parse_month,
    parse_text,
    parse_week_text,
    parse_weight,
    parse_whole_money,
)
from projects.imports.columns import COLUMNS, COSTS, MILESTONES, PROJECTS, QUALITY
from projects.imports.reading import Sheet
from projects.models import Milestone, OrgUnit, Phase, Program, Project, ProjectState, ProjectType
from projects.services.projects import pm_candidates  # who may be (deputy) PM: the project form's rule


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # column key ("" for the row as a whole)
    header: str  # the column as written in the file ("" for the row as a whole)
    message: str


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str]
    # The keyword arguments of the service call (``create_project`` / ``create_milestone``), without ``actor``.
    cleaned: dict[str, Any] | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def error_columns(self) -> set[str]:
        return {e.column for e in self.errors}


@dataclass
class Validation:
    sheet: Sheet
    rows: list[CheckedRow]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def error_row_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def cleaned(self) -> list[dict[str, Any]]:
        return [r.cleaned for r in self.rows if r.cleaned is not None]

    def add_error(self, row: CheckedRow, key: str | None, message: str) -> None:
        """Record an error on ``row`` (found after parsing, e.g. by a service): the row is no longer clean.

        ``key`` is a column key, or ``None`` / a name that is no column of this kind for the row as a whole."""
        known = {c.key for c in COLUMNS[self.sheet.kind]}
        column = key if key in known else ""
        header = self.sheet.headers.get(column, column) if column else ""
        row.errors.append(RowError(row=row.number, column=column, header=header, message=str(message)))
        row.cleaned = None


class _RowChecker:
    """Collects the errors of one row while parsing its cells."""

    def __init__(self, sheet: Sheet, number: int, values: dict[str, str]):
        self.sheet = sheet
        self.row = CheckedRow(number=number, values=values)

    def error(self, key: str, message: str) -> None:
        header = self.sheet.headers.get(key, key)
        self.row.errors.append(RowError(row=self.row.number, column=key, header=header, message=str(message)))

    def raw(self, key: str) -> str:
        return self.row.values.get(key, "").strip()

    def cell(self, key: str, parser, *, required: bool = False, default: Any = None) -> Any:
        """Parse one cell; blank → ``default`` (or a 'required' error). Errors are recorded, None returned."""
        text = self.raw(key)
        if not text:
            if required:
                self.error(key, _("is required"))
            return default
        try:
            return parser(text)
        except CellError as exc:
            self.error(key, str(exc))
            return None


def _lookup(table: dict[str, Any], message: str):
    def parse(text: str):
        if text not in table:
            raise CellError(message)
        return table[text]

    return parse


def _plain(text: str) -> str:
    """A name as compared: NFKC (full-width → half-width), spaces collapsed, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _code_or_name(queryset, texts: set[str], *, missing: str, ambiguous: str):
    """A cell parser finding an org unit or program of ``queryset`` by its code (any case) or, failing that, by its
    name (width, spaces and case aside). One query for all rows: the organisation is small, so every visible one is
    read and names are compared as ``_plain`` writes them."""
    if not texts:
        return _lookup({}, missing)
    by_code: dict[str, Any] = {}
    by_name: dict[str, list[Any]] = {}
    for obj in queryset.order_by("code"):
        by_code[obj.code] = obj
        by_name.setdefault(_plain(obj.name), []).append(obj)

    def parse(text: str):
        found = by_code.get(normalise_code(unicodedata.normalize("NFKC", text)))
        if found is not None:
            return found
        named = by_name.get(_plain(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            raise CellError(ambiguous % {"codes": ", ".join(o.code for o in named)})
        raise CellError(missing)

    return parse


def validate(sheet: Sheet, user) -> Validation:
    """Parse every row of ``sheet`` for ``user``. A fixed number of queries, however many rows."""
    validators = {
        PROJECTS: _validate_projects,
        MILESTONES: _validate_milestones,
        COSTS: _validate_costs,
        QUALITY: _validate_quality,
        allocations.ALLOCATIONS: allocations.validate,
    }
    return Validation(sheet=sheet, rows=validators[sheet.kind](sheet, user))


def _people(usernames: set[str]) -> tuple[dict[str, Any], set[str]]:
    """The PM candidates among ``usernames``, and the usernames of the other active users (to say why not)."""
    candidates = pm_candidates().order_by().filter(pk=OuterRef("pk"))
    found = (
        get_user_model()
        .objects.filter(username__in=usernames, is_active=True)
        .annotate(is_candidate=Exists(candidates))
    )
    users = {u.username: u for u in found if u.is_candidate}
    others = {u.username for u in found if not u.is_candidate}
    return users, others


def _validate_projects(sheet: Sheet, user) -> list[CheckedRow]:
    values = [v for _n, v in sheet.rows]
    codes_in_file = Counter(v.get("code", "").strip() for v in values if v.get("code", "").strip())
    org_unit_lookup = _code_or_name(
        OrgUnit.objects.restrict(user, "view"),
        {v.get("org_unit", "").strip() for v in values} - {""},
        missing=_("no org unit has this code or name"),
        ambiguous=_("several org units have this name (%(codes)s): write the code"),
    )
    program_lookup = _code_or_name(
        Program.objects.restrict(user, "view"),
        {v.get("program", "").strip() for v in values} - {""},
        missing=_("no program has this code or name"),
        ambiguous=_("several programs have this name (%(codes)s): write the code"),
    )
    candidates, not_candidates = _people({v.get(k, "").strip() for v in values for k in ("pm", "deputy_pm")} - {""})
    max_len = {f: Project._meta.get_field(f).max_length for f in ("code", "name", "customer", "sponsor")}

    def person(text: str):
        if text in candidates:
            return candidates[text]
        if text in not_candidates:
            raise CellError(_("this user does not hold the PM role"))
        raise CellError(_("no active user has this username"))

    checked = []
    for number, row_values in sheet.rows:
        c = _RowChecker(sheet, number, row_values)

        code = c.cell("code", lambda t: parse_text(t, max_len["code"]), required=True)
        if code and codes_in_file[code] > 1:
            others = [str(n) for n, v in sheet.rows if v.get("code", "").strip() == code and n != number]
            c.error("code", _("appears more than once in this file (also row %(rows)s)") % {"rows": ", ".join(others)})
        name = c.cell("name", lambda t: parse_text(t, max_len["name"]), required=True)
        org_unit = c.cell("org_unit", org_unit_lookup, required=True)
        program = c.cell("program", program_lookup)
        pm = c.cell("pm", person, required=True)
        deputy = c.cell("deputy_pm", person)
        project_type = c.cell(
            "project_type", lambda t: parse_choice(t, ProjectType), default=ProjectType.SYSTEM_DEVELOPMENT
        )
        state = c.cell("state", lambda t: parse_choice(t, ProjectState), default=ProjectState.PROPOSED)
        phase = c.cell("phase", lambda t: parse_choice(t, Phase), default=Phase.INITIATION)
        confidential = c.cell("confidential", parse_bool, default=False)
        customer = c.cell("customer", lambda t: parse_text(t, max_len["customer"]), default="")
        sponsor = c.cell("sponsor", lambda t: parse_text(t, max_len["sponsor"]), default="")
        description = c.raw("description")
        start = c.cell("planned_start", parse_date, required=True)
        end = c.cell("planned_end", parse_date, required=True)
        bac = c.cell("bac", parse_whole_money, required=True)

        if not c.row.errors:
            c.row.cleaned = {
                "code": code,
                "name": name,
                "description": description,
                "org_unit": org_unit,
                "program": program,
                "pm": pm,
                "deputy_pm": deputy,
                "sponsor": sponsor,
                "customer": customer,
                "project_type": project_type,
                "state": state,
                "phase": phase,
                "confidential": confidential,
                "planned_start": start,
                "planned_end": end,
                "bac": bac,
            }
        checked.append(c.row)
    return checked


def _validate_milestones(sheet: Sheet, user) -> list[CheckedRow]:
    codes = {v.get("project", "").strip() for _n, v in sheet.rows} - {""}
    # Only projects the user may change: one they may not (or may not even see) reads exactly like an unknown code.
    projects = {p.code: p for p in Project.objects.restrict(user, "change").filter(code__in=codes)}
    name_max = Milestone._meta.get_field("name").max_length

    checked = []
    for number, row_values in sheet.rows:
        c = _RowChecker(sheet, number, row_values)

        project = c.cell("project", _lookup(projects, _("no project has this code")), required=True)
        name = c.cell("name", lambda t: parse_text(t, name_max), required=True)
        phase = c.cell("phase", lambda t: parse_choice(t, Phase), default="")
        baseline_date = c.cell("baseline_date", parse_date, required=True)
        forecast_date = c.cell("forecast_date", parse_date)
        actual_date = c.cell("actual_date", parse_date)
        weight = c.cell("weight", parse_weight, default=Decimal(1))
        is_phase_gate = c.cell("is_phase_gate", parse_bool, default=False)

        if not c.row.errors:
            c.row.cleaned = {
                "project": project,
                "name": name,
                "phase": phase,
                "baseline_date": baseline_date,
                "forecast_date": forecast_date,
                "actual_date": actual_date,
                "weight": weight,
                "is_phase_gate": is_phase_gate,
            }
        checked.append(c.row)
    return checked


def _managed_projects(sheet: Sheet, user) -> dict[str, Project]:
    """The projects named in the file that the user may change: any other reads exactly like an unknown code."""
    codes = {v.get("project", "").strip() for _n, v in sheet.rows} - {""}
    return {p.code: p for p in Project.objects.restrict(user, "change").filter(code__in=codes)}


def _once_per_file(c: _RowChecker, key: str, seen: dict, identity) -> None:
    """``identity`` (project and month or week) appears in one row only: the later rows say which row had it."""
    if identity in seen:
        c.error(key, _("appears more than once in this file (also row %(rows)s)") % {"rows": seen[identity]})
    else:
        seen[identity] = c.row.number


def _validate_costs(sheet: Sheet, user) -> list[CheckedRow]:
    projects = _managed_projects(sheet, user)
    seen: dict = {}
    checked = []
    for number, row_values in sheet.rows:
        c = _RowChecker(sheet, number, row_values)
        project = c.cell("project", _lookup(projects, _("no project has this code")), required=True)
        month = c.cell("month", parse_month, required=True)
        planned = c.cell("planned_cost", parse_whole_money)
        actual = c.cell("actual_cost", parse_whole_money)
        if not c.raw("planned_cost") and not c.raw("actual_cost"):
            c.error("planned_cost", _("give a planned cost, an actual cost or both"))
        if project is not None and month is not None:
            _once_per_file(c, "month", seen, (project.pk, month))
        if not c.row.errors:
            c.row.cleaned = {"project": project, "month": month, "planned_cost": planned, "actual_cost": actual}
        checked.append(c.row)
    return checked


def _validate_quality(sheet: Sheet, user) -> list[CheckedRow]:
    from projects.services.quality import COUNT_FIELDS

    projects = _managed_projects(sheet, user)
    seen: dict = {}
    checked = []
    for number, row_values in sheet.rows:
        c = _RowChecker(sheet, number, row_values)
        project = c.cell("project", _lookup(projects, _("no project has this code")), required=True)
        week = c.cell("week", parse_week_text, required=True)
        counts = {name: c.cell(name, parse_count, default=0) for name in COUNT_FIELDS}
        if project is not None and week is not None:
            _once_per_file(c, "week", seen, (project.pk, week))
        if not c.row.errors:
            c.row.cleaned = {"project": project, "week": week, **counts}
        checked.append(c.row)
    return checked
