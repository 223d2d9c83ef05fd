"""factory_boy factories shared by every test package."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from projects.models import Baseline, Issue, Milestone, OrgUnit, Program, Project, Risk


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            for name in extracted if isinstance(extracted, (list, tuple)) else [extracted]:
                self.groups.add(Group.objects.get_or_create(name=name)[0])
        self.save()


def user_with_role(role: str | None, username: str | None = None):
    kwargs = {"role": role} if role else {}
    if username:
        kwargs["username"] = username
    return UserFactory(**kwargs)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"OU{n:03d}")
    name = factory.Sequence(lambda n: f"Division {n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    code = factory.Sequence(lambda n: f"PG{n:03d}")
    name = factory.Sequence(lambda n: f"Program {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    # A prefix of its own: tests name their own projects PRJ-2026-0xx without clashing with the factory.
    code = factory.Sequence(lambda n: f"PRJ-F-{n:04d}")
    name = factory.Sequence(lambda n: f"Project {n}")
    org_unit = factory.SubFactory(OrgUnitFactory)
    pm = factory.SubFactory(UserFactory, role=roles.PM)
    state = "active"
    phase = "build"

    @factory.post_generation
    def with_baseline(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        self.baseline = Baseline.objects.create(
            project=self,
            number=1,
            planned_start=dt.date(2026, 4, 1),
            planned_end=dt.date(2027, 3, 31),
            bac=Decimal("12000000"),
        )
        self.save(update_fields=["baseline"])


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Milestone {n}")
    baseline_date = dt.date(2026, 9, 30)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Issue {n}")


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    probability = 3
    impact = 3
