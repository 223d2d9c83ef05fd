"""Sample downloads neutralise formula-like text as the exports do (and still import as written); the import takes
an org unit's or program's name as well as its code; the selects where org units are chosen show the code."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core import roles
from projects import imports as importing
from projects.models import Project
from projects.services import imports
from tests.factories import OrgUnitFactory, ProgramFactory, user_with_role

pytestmark = pytest.mark.django_db

HEADER = ["code", "name", "org_unit", "pm", "planned_start", "planned_end", "bac", "program"]


@pytest.fixture
def org(db):
    return OrgUnitFactory(code="DIV-SI", name="SI事業部")


def _errors(user, rows) -> list[tuple[int, str, str]]:
    sheet = importing.sheet_from_grid("projects", "t.csv", [(n, r) for n, r in enumerate(rows, start=1)])
    with translation.override("en"):
        return [(e.row, e.column, e.message) for e in imports.preview(actor=user, sheet=sheet).validation.errors]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sample_cells_that_a_spreadsheet_would_evaluate_are_neutralised(client, org, fmt):
    pm = user_with_role(roles.PM, "+pm.calc")  # a legal username that a spreadsheet reads as a formula
    client.force_login(pm)
    response = client.get(reverse("projects:import_sample", kwargs={"kind": "projects", "fmt": fmt}))
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        pm_cells = [row[rows[0].index("PM")] for row in rows[1:]]
        assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = workbook.worksheets[0]
        header = [c.value for c in sheet[1]]
        pm_cells = [row[header.index("PM")].value for row in sheet.iter_rows(min_row=2)]
        for worksheet in workbook.worksheets:
            for row in worksheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.coordinate
                    assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")))
    assert pm_cells == ["'+pm.calc", "'+pm.calc"]
    # Read back, the cell is the username again: the sample imports as it is.
    sheet = importing.read_upload("projects", SimpleUploadedFile(f"s.{fmt}", response.content))
    assert {values["pm"] for _n, values in sheet.rows} == {"+pm.calc"}
    outcome = imports.run_import(actor=pm, sheet=sheet)
    assert outcome.ok, outcome.validation.errors
    assert Project.objects.filter(pm=pm).count() == 2


def test_org_units_and_programs_by_name_or_code(pmo_user, pm_user, org):
    ProgramFactory(code="PG-DX", name="DX推進")
    rows = [
        HEADER,
        ["O-1", "a", "SI事業部", "bob_pm", "2026-04-01", "2026-05-01", "1", "DX推進"],
        ["O-2", "b", "ＳＩ事業部 ", "bob_pm", "2026-04-01", "2026-05-01", "1", "pg-dx"],  # full-width, case
        ["O-3", "c", "div-si", "bob_pm", "2026-04-01", "2026-05-01", "1", ""],
    ]
    assert _errors(pmo_user, rows) == []
    sheet = importing.sheet_from_grid("projects", "t.csv", [(n, r) for n, r in enumerate(rows, start=1)])
    assert imports.run_import(actor=pmo_user, sheet=sheet).ok
    assert set(Project.objects.values_list("org_unit__code", flat=True)) == {"DIV-SI"}
    assert Project.objects.get(code="O-2").program.code == "PG-DX"


def test_an_ambiguous_or_unknown_name_says_so(pmo_user, pm_user, org):
    OrgUnitFactory(code="DIV-SI2", name="SI事業部")
    rows = [
        HEADER,
        ["O-1", "a", "SI事業部", "bob_pm", "2026-04-01", "2026-05-01", "1", ""],
        ["O-2", "b", "営業本部", "bob_pm", "2026-04-01", "2026-05-01", "1", ""],
        ["O-3", "c", "DIV-SI2", "bob_pm", "2026-04-01", "2026-05-01", "1", ""],  # the code still decides
    ]
    assert _errors(pmo_user, rows) == [
        (2, "org_unit", "several org units have this name (DIV-SI, DIV-SI2): write the code"),
        (3, "org_unit", "no org unit has this code or name"),
    ]


def test_the_name_lookup_is_one_query_for_any_number_of_rows(pmo_user, pm_user, org, django_assert_max_num_queries):
    rows = [HEADER] + [[f"O-{i}", "n", "SI事業部", "bob_pm", "2026-04-01", "2026-05-01", "1", ""] for i in range(200)]
    sheet = importing.sheet_from_grid("projects", "t.csv", [(n, r) for n, r in enumerate(rows, start=1)])
    with django_assert_max_num_queries(4):
        validation = importing.validate(sheet, pmo_user)
    assert validation.is_valid


def test_selects_of_org_units_and_programs_show_the_code(client, pmo_user, org):
    ProgramFactory(code="PG-DX", name="DX推進")
    client.force_login(pmo_user)
    form_page = client.get(reverse("projects:create")).content.decode()
    assert ">DIV-SI · SI事業部</option>" in form_page and ">PG-DX · DX推進</option>" in form_page
    list_page = client.get(reverse("projects:list")).content.decode()
    assert ">DIV-SI · SI事業部</option>" in list_page
