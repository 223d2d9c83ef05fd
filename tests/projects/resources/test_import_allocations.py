"""Importing allocations from a spreadsheet: the same row/column preview as the other kinds, the services' rules
per cell, all or nothing, the file as the authority for a month already booked."""

import pytest
from django.urls import reverse

from projects.imports import COLUMNS, KINDS, sample_csv, sheet_from_grid
from projects.models import Allocation
from projects.services import imports as import_services
from tests.projects.resources.conftest import MONTH, book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def _sheet(*rows, header=("プロジェクトコード", "要員", "月", "アサイン率", "スキル")):
    grid = [(1, list(header))] + [(i + 2, list(r)) for i, r in enumerate(rows)]
    return sheet_from_grid("allocations", "bookings.xlsx", grid)


def test_the_kind_is_registered():
    assert "allocations" in KINDS and [c.key for c in COLUMNS["allocations"]][:4] == [
        "project",
        "person",
        "month",
        "percent",
    ]


def test_import_books_and_replaces(pm_user, project, person, java):
    book(person, project, percent=10)
    sheet = _sheet(
        [project.code, "山田 一郎", "2026-11", "60", ""],
        [project.code, "山田　一郎", "2026/12", "40", "java"],
    )
    outcome = import_services.run_import(actor=pm_user, sheet=sheet)
    assert outcome.ok, [e.message for e in outcome.validation.errors]
    assert sorted(Allocation.objects.values_list("month", "percent", "skill__name")) == [
        (MONTH, 60, None),
        (MONTH.replace(month=12), 40, "Java"),
    ]


def test_errors_name_row_and_column_and_nothing_is_written(pm_user, other_project, project, person):
    sheet = _sheet(
        [project.code, "nobody", "2026-11", "50", ""],
        [project.code, "山田 一郎", "2026-11", "150", ""],
        [other_project.code, "山田 一郎", "2026-11", "50", ""],  # not their project: like an unknown code
        [project.code, "山田 一郎", "2026-13", "50", ""],
    )
    outcome = import_services.preview(actor=pm_user, sheet=sheet)
    errors = {(e.row, e.column) for e in outcome.validation.errors}
    assert errors == {(2, "person"), (3, "percent"), (4, "project"), (5, "month")}
    assert {e.header for e in outcome.validation.errors} >= {"要員", "アサイン率"}
    assert not import_services.run_import(actor=pm_user, sheet=sheet).ok
    assert not Allocation.objects.exists()


def test_sample_file_and_import_page_accept_the_kind(client, pm_user, project, person):
    assert "アサイン率".encode() in sample_csv("allocations", pm_user, "ja")
    client.force_login(pm_user)
    url = reverse("projects:import_sample", kwargs={"kind": "allocations", "fmt": "csv"})
    assert client.get(url).status_code == 200
