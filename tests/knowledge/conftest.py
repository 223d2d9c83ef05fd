"""Fixtures of the knowledge tests: people, projects (one confidential) and a helper that writes lessons through the
service."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core import roles
from knowledge import services
from projects.models import ProjectMembership
from tests.factories import ProjectFactory, user_with_role


@pytest.fixture
def author(db):
    return user_with_role(roles.PM, "kn_author")


@pytest.fixture
def reader(db):
    return user_with_role(roles.MEMBER, "kn_reader")


@pytest.fixture
def open_project(author):
    return ProjectFactory(code="PRJ-KN-001", name="基幹刷新", pm=author, phase="requirements",
                          project_type="system_development")  # fmt: skip


@pytest.fixture
def secret_project(author):
    return ProjectFactory(code="PRJ-KN-002", name="Secret merger", pm=author, confidential=True, phase="test")


@pytest.fixture
def make_lesson(author):
    def _make(title="Lesson", *, actor=None, publish=True, **fields):
        fields.setdefault("what_happened", "Something happened.")
        fields.setdefault("recommendation", "Do better.")
        return services.create_lesson(actor=actor or author, title=title, publish=publish, **fields)

    return _make


@pytest.fixture
def api_for():
    def _client(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _client


def add_member(project, user):
    ProjectMembership.objects.create(project=project, user=user)
