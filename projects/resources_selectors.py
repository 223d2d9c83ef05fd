"""Reads for resources: people, bookings, utilisation (people × months) and demand against capacity by skill.

Every figure is a database aggregate (one ``SUM … GROUP BY`` per grid), so a page's query count does not grow with
its rows. A person's utilisation counts all their bookings, confidential projects included (their load is a fact
about the person); which projects they are booked on is shown only where the reader may see the project.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from projects.domain import warnings as rules
from projects.models import Allocation, OrgUnit, Person, Project, Skill

HORIZON_MONTHS = 6


def month_start(day: dt.date | None = None) -> dt.date:
    day = day or timezone.localdate()
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_from(start: dt.date | None = None, count: int = HORIZON_MONTHS) -> list[dt.date]:
    first = month_start(start)
    return [add_months(first, i) for i in range(count)]


def people(user, *, org_unit: OrgUnit | None = None, skill: Skill | None = None, search: str = "", active=True):
    """The people ``user`` may see, with their org unit and skills (two queries however many)."""
    qs = Person.objects.restrict(user, "view").select_related("org_unit", "user").prefetch_related("skills")
    if active is not None:
        qs = qs.filter(active=active)
    if org_unit is not None:
        qs = qs.filter(org_unit=org_unit)
    if skill is not None:
        qs = qs.filter(skills=skill)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(user__username__icontains=search) | Q(email__icontains=search))
    return qs.distinct().order_by("name", "id")


def person_for(user, pk: int) -> Person | None:
    return people(user, active=None).filter(pk=pk).first()


def totals(person_ids, months: list[dt.date]) -> dict[tuple[int, dt.date], int]:
    """(person id, month) → the sum of that person's bookings in that month, over every project."""
    rows = (
        Allocation.objects.filter(person_id__in=person_ids, month__in=months)
        .values("person_id", "month")
        .annotate(total=Sum("percent"))
    )
    return {(r["person_id"], r["month"]): r["total"] or 0 for r in rows}


@dataclass
class Cell:
    month: dt.date
    total: int
    utilisation: Decimal | None
    over: bool

    @property
    def level(self) -> str:
        """A band for the heat map's colour: over, full (≥ 80 %), some, none."""
        if self.over:
            return "over"
        if self.utilisation is None or self.utilisation == 0:
            return "none"
        return "full" if self.utilisation >= 80 else "some"


@dataclass
class HeatRow:
    person: Person
    cells: list[Cell] = field(default_factory=list)

    @property
    def over(self) -> bool:
        return any(c.over for c in self.cells)


def _cells(person: Person, months: list[dt.date], sums: dict) -> list[Cell]:
    out = []
    for month in months:
        total = sums.get((person.pk, month), 0)
        out.append(
            Cell(
                month=month,
                total=total,
                utilisation=rules.utilisation(total_percent=total, capacity_fte=person.capacity_fte),
                over=rules.over_allocated(total_percent=total, capacity_fte=person.capacity_fte),
            )
        )
    return out


def heatmap(user, *, months: list[dt.date], org_unit=None, skill=None, over_only: bool = False) -> list[HeatRow]:
    """People × months with each month's utilisation; ``over_only`` keeps the over-allocated people."""
    persons = list(people(user, org_unit=org_unit, skill=skill))
    sums = totals([p.pk for p in persons], months)
    rows = [HeatRow(person=p, cells=_cells(p, months, sums)) for p in persons]
    return [r for r in rows if r.over] if over_only else rows


def person_bookings(user, person: Person, months: list[dt.date]) -> tuple[list[Project], dict, list[Cell]]:
    """The projects ``person`` is booked on (visible to ``user``) in ``months``, the bookings keyed by
    (project id, month), and the person's monthly totals over every project."""
    bookings = list(
        Allocation.objects.restrict(user, "view")
        .filter(person=person, month__in=months)
        .select_related("project", "skill")
    )
    projects = sorted({a.project_id: a.project for a in bookings}.values(), key=lambda p: p.code)
    cells = _cells(person, months, totals([person.pk], months))
    return projects, {(a.project_id, a.month): a for a in bookings}, cells


def all_person_projects(user, person: Person) -> QuerySet[Project]:
    """Every project (visible to ``user``) ``person`` was ever booked on above 0 %, with the first and last month
    booked and the peak booking: one query."""
    booked = Q(allocations__person=person, allocations__percent__gt=0)
    return (
        Project.objects.restrict(user, "view")
        .filter(booked)
        .annotate(
            first_month=Min("allocations__month", filter=booked),
            last_month=Max("allocations__month", filter=booked),
            peak=Max("allocations__percent", filter=booked),
        )
        .select_related("pm")
        .order_by("-last_month", "code")
    )


def project_bookings(project: Project, months: list[dt.date]) -> tuple[list[Person], dict, dict]:
    """The people booked on ``project`` in ``months`` (or ever, with a booking above 0), their bookings keyed by
    (person id, month) and their monthly totals over every project (to flag over-allocation in the grid)."""
    bookings = list(Allocation.objects.filter(project=project, month__in=months).select_related("person"))
    ever = Person.objects.filter(allocations__project=project).distinct().select_related("org_unit")
    persons = {p.pk: p for p in ever}
    for a in bookings:
        persons.setdefault(a.person_id, a.person)
    ordered = sorted(persons.values(), key=lambda p: (p.name, p.pk))
    sums = totals(list(persons), months)
    over = {
        (p.pk, m): rules.over_allocated(total_percent=sums.get((p.pk, m), 0), capacity_fte=p.capacity_fte)
        for p in ordered
        for m in months
    }
    return ordered, {(a.person_id, a.month): a for a in bookings}, {"sums": sums, "over": over}


@dataclass
class SkillLine:
    skill: str
    people: int
    capacity: Decimal  # FTE per month
    demand: list[Decimal]  # FTE per month

    @property
    def gaps(self) -> list[Decimal]:
        return [self.capacity - d for d in self.demand]

    @property
    def pairs(self) -> list[tuple[Decimal, Decimal]]:
        """(demand, capacity − demand) per month."""
        return list(zip(self.demand, self.gaps, strict=True))


def demand_vs_capacity(*, months: list[dt.date], org_unit: OrgUnit | None = None) -> list[SkillLine]:
    """Per skill: active people having it, their capacity (FTE) and the booked demand (FTE) per month. Bookings
    without a skill are one line of their own. Two aggregate queries."""
    fte = ExpressionWrapper(F("percent") / Decimal(100), output_field=DecimalField(max_digits=12, decimal_places=2))
    bookings = Allocation.objects.filter(month__in=months)
    staff = Person.objects.filter(active=True)
    if org_unit is not None:
        bookings = bookings.filter(person__org_unit=org_unit)
        staff = staff.filter(org_unit=org_unit)
    demand_rows = bookings.values("skill__name", "month").annotate(fte=Sum(fte))
    capacity_rows = (
        staff.filter(skills__isnull=False)
        .values("skills__name")
        .annotate(capacity=Sum("capacity_fte"), people=Count("id", distinct=True))
    )
    lines: dict[str, SkillLine] = {}
    for row in capacity_rows:
        lines[row["skills__name"]] = SkillLine(
            row["skills__name"], row["people"], row["capacity"] or Decimal(0), [Decimal(0)] * len(months)
        )
    index = {m: i for i, m in enumerate(months)}
    for row in demand_rows:
        name = row["skill__name"] or ""
        line = lines.setdefault(name, SkillLine(name, 0, Decimal(0), [Decimal(0)] * len(months)))
        line.demand[index[row["month"]]] += (row["fte"] or Decimal(0)).quantize(Decimal("0.01"))
    return sorted(lines.values(), key=lambda line: (line.skill == "", line.skill.casefold()))


def over_allocations(months: list[dt.date]) -> list[dict]:
    """Every (person, month) booked above capacity in ``months``: one aggregate query (for the warnings job)."""
    return list(
        Allocation.objects.filter(month__in=months, person__active=True)
        .values("person_id", "person__name", "person__capacity_fte", "month")
        .annotate(total=Sum("percent"))
        .filter(total__gt=F("person__capacity_fte") * 100)
        .order_by("person_id", "month")
    )
