"""The allocations kind of the spreadsheet import: one row per (project, person, month) with the booked % of a
full-time month. Parsing only, like the other kinds: the rules (who may book, the project still open, the person
active, 0–100 %, the person's skill) are ``projects.services.resources``'s, run row by row by
``projects.services.imports``. The file is the authority: a month already booked is replaced (0 % keeps the row).

Registered with the framework by this module itself (the kind, its label and columns in ``columns``), plus one line
each in ``checking.validate``, ``samples.sample_rows``, ``services.imports._write_rows`` and the import page.

People are named by their portal username, their e-mail or their exact name (a name two people share is refused:
use the username or e-mail).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.imports import columns
from projects.imports.cells import CellError, parse_month, parse_text
from projects.imports.columns import Column

ALLOCATIONS = "allocations"
LABEL = gettext_lazy("Resource allocations (people per project and month)")

ALLOCATION_COLUMNS: tuple[Column, ...] = (
    Column(
        "project",
        gettext_lazy("project"),
        "プロジェクトコード",
        ("プロジェクト", "project_code", "コード"),
        True,
        gettext_lazy("Code of a project you manage."),
    ),
    Column(
        "person",
        gettext_lazy("person"),
        "要員",
        ("氏名", "名前", "username", "ユーザー名", "email", "メールアドレス"),
        True,
        gettext_lazy("The person's username, e-mail or exact name."),
    ),
    Column("month", gettext_lazy("month"), "月", ("対象月", "年月"), True, gettext_lazy("YYYY-MM.")),
    Column(
        "percent",
        gettext_lazy("allocation (% FTE)"),
        "アサイン率",
        ("割合", "%", "fte", "percent_fte", "アサイン率(%)"),
        True,
        gettext_lazy("Whole percent of a full-time month, 0–100."),
    ),
    Column("skill", gettext_lazy("skill"), "スキル", ("役割",), False, gettext_lazy("One of the person's skills.")),
)

# Registered with the import framework when this module loads (``projects.imports.checking`` imports it).
if ALLOCATIONS not in columns.COLUMNS:
    columns.KIND_CHOICES.append((ALLOCATIONS, LABEL))
    columns.COLUMNS[ALLOCATIONS] = ALLOCATION_COLUMNS


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _people_lookup(texts: set[str]):
    """A cell parser finding a person by username, e-mail or name: one query for all rows."""
    from projects.models import Person

    plain = {_plain(t) for t in texts if t}
    q = Q(user__username__in=[t for t in texts]) | Q(email__in=[t for t in texts])
    for t in texts:
        q |= Q(name__iexact=" ".join(t.split()))
    found = list(Person.objects.filter(q).select_related("user")) if texts else []
    by_key: dict[str, list] = {}
    for p in found:
        keys = {_plain(p.name), _plain(p.email)} | ({_plain(p.user.username)} if p.user_id else set())
        for key in keys & plain:
            if p not in by_key.setdefault(key, []):
                by_key[key].append(p)

    def parse(text: str):
        matches = by_key.get(_plain(text), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise CellError(_("several people have this name: use their username or e-mail"))
        raise CellError(_("no person has this name, username or e-mail"))

    return parse


def validate(sheet, user) -> list:
    """Parse every row (a fixed number of queries however many rows)."""
    from projects.imports import checking
    from projects.models import Project, Skill

    codes = {v.get("project", "").strip() for _n, v in sheet.rows} - {""}
    projects = {p.code: p for p in Project.objects.restrict(user, "change").filter(code__in=codes)}
    person_of = _people_lookup({v.get("person", "").strip() for _n, v in sheet.rows} - {""})
    skills = {_plain(s.name): s for s in Skill.objects.all()}
    seen: dict = {}
    rows = []
    for number, values in sheet.rows:
        c = checking._RowChecker(sheet, number, values)
        project = c.cell("project", checking._lookup(projects, _("no project has this code")), required=True)
        person = c.cell("person", person_of, required=True)
        month = c.cell("month", parse_month, required=True)
        percent = c.cell("percent", lambda t: parse_text(t, 10), required=True)
        skill = c.cell("skill", lambda t: _skill(skills, t))
        if project is not None and person is not None and month is not None:
            checking._once_per_file(c, "month", seen, (project.pk, person.pk, month))
        if not c.row.errors:
            c.row.cleaned = {"project": project, "person": person, "month": month, "percent": percent, "skill": skill}
        rows.append(c.row)
    return rows


def _skill(skills: dict, text: str):
    found = skills.get(_plain(text))
    if found is None:
        raise CellError(_("no skill has this name"))
    return found


def write(*, actor, project, person, month, percent, skill) -> Any:
    """One row through the services: replace the month's booking, or book it."""
    from core.unset import UNSET
    from projects.models import Allocation
    from projects.services import resources

    existing = Allocation.objects.filter(person=person, project=project, month=month).first()
    if existing is not None:
        return resources.update_allocation(
            actor=actor,
            allocation=existing,
            expected_version=existing.version,
            percent=percent,
            skill=skill if skill is not None else UNSET,
        )
    return resources.create_allocation(
        actor=actor, person=person, project=project, month=month, percent=percent, skill=skill
    )


def sample_rows(user) -> list[dict[str, Any]]:
    from projects.models import Person, Project

    codes = list(Project.objects.restrict(user, "change").order_by("code").values_list("code", flat=True)[:1])
    code = codes[0] if codes else "PRJ-2026-901"
    person = Person.objects.filter(active=True).select_related("user").order_by("name").first()
    name = (person.user.username if person and person.user_id else person.name) if person else "山田 一郎"
    return [
        {"project": code, "person": name, "month": "2026-12", "percent": 50, "skill": ""},
        {"project": code, "person": name, "month": "2027-01", "percent": 30, "skill": ""},
    ]
