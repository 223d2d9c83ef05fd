"""The resources share of ``seed_demo`` (registered with ``projects.extensions.register_demo``): skills, people
(the demo logins and some people without a login), six months of bookings on the running projects with a few
people deliberately over-allocated, and the PM satisfaction survey (three past rounds and an open one that pm1 has
not answered yet). Everything is written through the services, as the PMO (and the PMs for their answers)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import AuditEntry
from core.people import display_name
from projects import extensions
from projects import resources_selectors as sel
from projects.models import (
    Allocation,
    EarlyWarning,
    OrgUnit,
    Person,
    Project,
    ProjectState,
    Skill,
    SurveyAnswer,
    SurveyInvitation,
    SurveyRound,
)
from projects.services import resources, surveys

SKILLS = ("PM", "Java", "テスト", "インフラ", "データ分析", "業務設計")
#: (username, skills, capacity) of the demo logins who get a person.
LOGIN_PEOPLE = (
    ("pm1", ("PM",), "1.00"),
    ("pm2", ("PM",), "1.00"),
    ("pm3", ("PM", "業務設計"), "1.00"),
    ("pm4", ("PM", "インフラ"), "1.00"),
    ("member1", ("Java", "テスト"), "1.00"),
    ("member2", ("Java",), "1.00"),
    ("member3", ("テスト",), "0.80"),
    ("member4", ("データ分析",), "1.00"),
    ("member5", ("インフラ",), "0.50"),
)
#: People without a login (partners, new hires).
OTHER_PEOPLE = (
    ("山田 一郎", ("Java",), "1.00"),
    ("森 花子", ("テスト", "Java"), "1.00"),
    ("池田 剛", ("インフラ",), "1.00"),
    ("橋本 彩", ("データ分析", "業務設計"), "0.60"),
    ("石井 浩", ("業務設計",), "1.00"),
    ("Chen Wei", ("Java", "データ分析"), "1.00"),
)
SURVEY_SCORES = ((3, 2, 4), (3, 4, 3), (4, 4, 3))  # the past rounds' answers of pm2, pm3, pm4: the KPI improves


def register() -> None:
    extensions.register_demo(key="resources", build=build, reset=reset, order=5)
    extensions.register_demo(key="warnings", build=build_warnings, reset=lambda: None, order=90)


def build_warnings(*, today: dt.date, seed: int) -> dict[str, int]:
    """Last, once every app's demo is there: this morning's run of the daily early-warning job (07:00 Tokyo, or a
    few minutes ago when the demo is built earlier in the day), so the PMO's home and the projects show warnings."""
    from projects.services.warnings import raise_warnings

    morning = timezone.make_aware(dt.datetime.combine(today, dt.time(7, 0)))
    counts = raise_warnings(now=min(morning, timezone.now() - dt.timedelta(minutes=5)))
    return {"Early warnings": counts["raised"]}


def build(*, today: dt.date, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 13)  # noqa: S311 - demo data, not security
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["pmo", "pm1", "pm2", "pm3", "pm4"])}
    users.update({u.username: u for u in User.objects.filter(username__startswith="member")})
    pmo = users.get("pmo")
    if pmo is None:
        return {}
    units = list(OrgUnit.objects.order_by("code"))
    people = _people(pmo, users, units)
    bookings = _bookings(pmo, people, today, rng)
    answers = _surveys(pmo, users, today)
    return {"People": len(people), "Allocations": bookings, "Survey answers": answers}


def _people(pmo, users, units) -> list[Person]:
    out = []
    for i, (username, skills, capacity) in enumerate(LOGIN_PEOPLE):
        user = users.get(username)
        if user is None or Person.objects.filter(user=user).exists():
            continue
        out.append(
            resources.create_person(
                actor=pmo,
                name=display_name(user),
                user=user,
                email=user.email,
                org_unit=units[i % len(units)],
                capacity_fte=Decimal(capacity),
                skills=skills,
            )
        )
    for i, (name, skills, capacity) in enumerate(OTHER_PEOPLE):
        out.append(
            resources.create_person(
                actor=pmo,
                name=name,
                org_unit=units[(i + 1) % len(units)],
                capacity_fte=Decimal(capacity),
                skills=skills,
            )
        )
    return out


def _bookings(pmo, people: list[Person], today: dt.date, rng: random.Random) -> int:
    months = sel.months_from(today)
    running = list(
        Project.objects.filter(state__in=[ProjectState.ACTIVE, ProjectState.ON_HOLD], archived_at__isnull=True)
        .select_related("pm")
        .order_by("code")
    )
    if not running:
        return 0
    by_user = {p.user_id: p for p in people if p.user_id}
    staff = [p for p in people if not any(s.name == "PM" for s in p.skills.all())]
    # Book within capacity (at most 90 % of it, what a planner leaves free), so the deliberate over-allocation
    # below stands out on the heat map instead of drowning in noise.
    free = {p.pk: int(p.capacity_fte * 90) for p in people}
    per_pm: dict[int, int] = {}
    for project in running:
        per_pm[project.pm_id] = per_pm.get(project.pm_id, 0) + 1
    count = 0
    for project in running:
        pm = by_user.get(project.pm_id)
        if pm is not None:
            share = max(5, min(30, free[pm.pk] // per_pm[project.pm_id] // 5 * 5))
            count += _book(pmo, pm, project, months, share, "PM")
        for person in rng.sample(staff, k=min(2, len(staff))):
            percent = min(rng.choice((20, 30, 40)), free[person.pk] // 10 * 10)
            if percent >= 10:
                free[person.pk] -= percent
                count += _book(pmo, person, project, months, percent, None)
    # Deliberate over-allocation, for the heat map and the warnings: member1 on three projects at once.
    member1 = next((p for p in people if p.user and p.user.username == "member1"), None)
    if member1 is not None:
        for project in running[:3]:
            count += _book(pmo, member1, project, months[:3], 50, "Java")
    return count


def _book(pmo, person: Person, project: Project, months, percent: int, skill_name: str | None) -> int:
    skills = {s.name: s for s in person.skills.all()}
    skill = skills.get(skill_name) if skill_name else (next(iter(skills.values())) if len(skills) == 1 else None)
    n = 0
    for month in months:
        existing = Allocation.objects.filter(person=person, project=project, month=month).first()
        if existing is not None:
            resources.update_allocation(
                actor=pmo, allocation=existing, expected_version=existing.version, percent=percent
            )
        else:
            resources.create_allocation(
                actor=pmo, person=person, project=project, month=month, percent=percent, skill=skill
            )
        n += 1
    return n


def _surveys(pmo, users, today: dt.date) -> int:
    answered = 0
    for i, scores in enumerate(SURVEY_SCORES):
        opened = sel.add_months(today.replace(day=1), -3 * (len(SURVEY_SCORES) - i)) + dt.timedelta(days=9)
        closes = opened + dt.timedelta(days=14)
        survey = surveys.open_round(actor=pmo, title=f"PMO満足度調査 {opened:%Y-%m}", closes_on=closes, today=opened)
        for username, score in zip(("pm2", "pm3", "pm4"), scores, strict=True):
            if username in users:
                day = opened + dt.timedelta(days=2)
                surveys.answer_round(actor=users[username], survey=survey, score=score, today=day)
                answered += 1
        surveys.close_round(actor=pmo, survey=survey, expected_version=survey.version)
    current = surveys.open_round(
        actor=pmo, title=f"PMO満足度調査 {today:%Y-%m}", closes_on=today + dt.timedelta(days=14), today=today
    )
    comments = ("週次報告のテンプレートが使いやすくなった。", "リスクレビューの観点をもっと共有してほしい。")
    for username, score, comment in zip(("pm2", "pm3"), (4, 4), comments, strict=True):
        if username in users:
            surveys.answer_round(actor=users[username], survey=current, score=score, comment=comment, today=today)
            answered += 1
    return answered


def reset() -> None:
    """Delete the resources and survey rows (before the projects demo's own reset)."""
    EarlyWarning.objects.all().delete()
    SurveyAnswer.objects.all().delete()
    SurveyInvitation.objects.all().delete()
    SurveyRound.objects.all().delete()
    Allocation.objects.all().delete()
    Person.skills.through.objects.all().delete()
    Person.objects.all().delete()
    Skill.objects.all().delete()
    AuditEntry.objects.filter(
        project_id__isnull=True, app_label="projects", object_type__in=["person", "surveyround"]
    ).delete()
