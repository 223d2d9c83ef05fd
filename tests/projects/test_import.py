"""Importing projects and milestones from .xlsx / .csv: preview with row errors, all-or-nothing confirm, samples."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.models import AuditEntry
from projects import imports as importing
from projects.models import Milestone, Project
from projects.services import imports
from tests.factories import OrgUnitFactory, ProgramFactory, ProjectFactory

DATA = Path(__file__).parent / "data"
HEADER = ["code", "name", "org_unit", "pm", "planned_start", "planned_end", "bac"]
MILESTONE_HEADER = ["project", "name", "phase", "baseline_date", "forecast_date", "weight", "is_phase_gate"]


@pytest.fixture
def org(db):
    return OrgUnitFactory(code="DIV-SI", name="SI事業部")


@pytest.fixture
def en(client):
    """Pages in English, so the assertions can read the (source) messages."""
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, kind: str, name: str, content: bytes):
    return client.post(
        reverse("projects:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)}, follow=False
    )


def confirm(client, response):
    token = response.context["confirm_form"]["token"].value()
    return client.post(reverse("projects:import_confirm"), {"token": token})


def project_rows(pm: str, org_code: str = "DIV-SI") -> list[list[str]]:
    return [
        HEADER,
        ["PRJ-T-001", "基幹システム刷新", org_code, pm, "2026-04-01", "2027-03-31", "120000000"],
        ["PRJ-T-002", "倉庫ネットワーク更改", org_code, pm, "2026/06/01", "2026/12/25", "45,000,000"],
        ["PRJ-T-003", "Data platform", org_code, pm, "2026-05-01", "2026-05-01", "0"],
    ]


# --- Whole flow through the pages -----------------------------------------------------------------------------------


def test_csv_import_creates_projects_with_baselines_and_history(en, pmo_user, pm_user, org):
    en.force_login(pmo_user)
    response = upload(en, "projects", "projects.csv", csv_bytes(project_rows("bob_pm")))
    assert response.status_code == 200
    assert response.context["can_confirm"]
    assert len(response.context["table"]) == 3
    assert "Confirm import" in response.content.decode()
    assert not Project.objects.exists()  # the preview writes nothing

    done = confirm(en, response)
    assert done.status_code == 302 and done.url == reverse("projects:list")
    projects = {p.code: p for p in Project.objects.select_related("baseline", "pm", "org_unit")}
    assert set(projects) == {"PRJ-T-001", "PRJ-T-002", "PRJ-T-003"}
    first = projects["PRJ-T-001"]
    assert first.name == "基幹システム刷新" and first.pm == pm_user and first.org_unit == org
    assert first.baseline.number == 1 and first.baseline.bac == Decimal("120000000")
    assert first.baseline.planned_start == dt.date(2026, 4, 1)
    assert projects["PRJ-T-002"].baseline.bac == Decimal("45000000")
    assert projects["PRJ-T-002"].baseline.planned_end == dt.date(2026, 12, 25)
    assert first.state == "proposed" and first.phase == "initiation" and first.confidential is False
    actions = set(AuditEntry.objects.filter(project_id=first.pk).values_list("action", flat=True))
    assert {"create", "baseline", "import"} <= actions
    assert AuditEntry.objects.filter(project_id=first.pk, action="create", actor=pmo_user).exists()
    # The preview is used up: confirming again writes nothing more.
    again = en.post(reverse("projects:import_confirm"), {"token": "x"})
    assert again.status_code == 302 and Project.objects.count() == 3


def test_xlsx_import_by_pm_with_date_and_number_cells(en, pm_user, org):
    program = ProgramFactory(code="PG-DX")
    en.force_login(pm_user)
    header = [*HEADER, "program", "confidential", "state", "phase", "project_type", "customer", "description"]
    rows = [
        header,
        [
            "PRJ-X-001",
            "経費精算クラウド化",
            "DIV-SI",
            "bob_pm",
            dt.datetime(2026, 4, 1),
            dt.date(2026, 9, 30),
            30000000,
            "PG-DX",
            True,
            "active",
            "Build",
            "インフラ",
            "社内",
            "説明",
        ],
        [
            "PRJ-X-002",
            "Mobile app",
            "DIV-SI",
            "bob_pm",
            "2026-04-01",
            "2026-10-31",
            1.5e7,
            "",
            "いいえ",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    response = upload(en, "projects", "projects.xlsx", xlsx_bytes(rows))
    assert response.context["can_confirm"], response.context["errors"]
    confirm(en, response)
    project = Project.objects.select_related("baseline").get(code="PRJ-X-001")
    assert project.program == program and project.confidential is True
    assert (project.state, project.phase, project.project_type) == ("active", "build", "infrastructure")
    assert project.baseline.planned_start == dt.date(2026, 4, 1)
    assert project.baseline.bac == Decimal("30000000")
    assert Project.objects.get(code="PRJ-X-002").baseline.bac == Decimal("15000000")


def test_one_bad_row_shows_row_column_reason_and_writes_nothing(en, pmo_user, pm_user, org):
    rows = project_rows("bob_pm")
    rows[2][6] = "-5"  # spreadsheet row 3
    en.force_login(pmo_user)
    response = upload(en, "projects", "projects.csv", csv_bytes(rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert not response.context["can_confirm"]
    assert "row 3, column bac: must be a non-negative whole number" in page
    assert "Confirm import" not in page
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "bac")]
    assert len(response.context["table"]) == 3  # every row is listed, good ones too
    # No preview was kept: a forged confirmation writes nothing.
    forged = en.post(reverse("projects:import_confirm"), {"token": "anything"})
    assert forged.status_code == 302
    assert not Project.objects.exists()


def test_confirm_checks_again_and_writes_nothing_if_the_data_changed(en, pmo_user, pm_user, org):
    en.force_login(pmo_user)
    response = upload(en, "projects", "projects.csv", csv_bytes(project_rows("bob_pm")))
    assert response.context["can_confirm"]
    ProjectFactory(code="PRJ-T-002")  # someone creates one of the codes in between
    done = confirm(en, response)
    assert done.status_code == 200
    assert "row 3, column code: Project with this Code already exists." in done.content.decode()
    assert set(Project.objects.values_list("code", flat=True)) == {"PRJ-T-002"}


def test_cp932_csv_with_japanese_headers(en, pm_user, org):
    en.force_login(pm_user)
    response = upload(en, "projects", "projects_cp932.csv", (DATA / "projects_cp932.csv").read_bytes())
    assert response.context["can_confirm"], response.context["errors"]
    assert response.context["headers"][:2] == ["コード", "プロジェクト名"]
    confirm(en, response)
    project = Project.objects.select_related("baseline").get(code="PRJ-JP-001")
    assert project.name == "販売管理システム再構築"
    assert (project.state, project.phase, project.project_type) == ("active", "design", "system_development")
    assert project.baseline.bac == Decimal("85000000")
    assert project.baseline.planned_start == dt.date(2026, 4, 1)
    assert project.customer == "株式会社東都商事"
    assert Project.objects.get(code="PRJ-JP-002").confidential is True


def test_utf8_bom_csv_and_header_variants(en, pmo_user, pm_user, org):
    rows = project_rows("bob_pm")
    rows[0] = ["Code", "プロジェクト名", "org_unit (code)", "PM", "計画開始日", "Planned end", "予算(円)"]
    en.force_login(pmo_user)
    response = upload(en, "projects", "p.csv", csv_bytes(rows, "utf-8-sig"))
    assert response.context["can_confirm"], response.context["errors"]


# --- Row errors -----------------------------------------------------------------------------------------------------


def errors_of(user, rows, kind="projects") -> list[tuple[int, str, str]]:
    """Every row's errors as the preview shows them: the importer's parsing, then the services' rules."""
    sheet = importing.sheet_from_grid(kind, "t.csv", [(n, r) for n, r in enumerate(rows, start=1)])
    with translation.override("en"):
        return [(e.row, e.column, e.message) for e in imports.preview(actor=user, sheet=sheet).validation.errors]


def test_duplicate_code_within_file_and_against_database(pmo_user, pm_user, org):
    ProjectFactory(code="PRJ-OLD")
    rows = project_rows("bob_pm")
    rows[2][0] = "PRJ-T-001"
    rows[3][0] = "PRJ-OLD"
    errors = errors_of(pmo_user, rows)
    assert (2, "code", "appears more than once in this file (also row 3)") in errors
    assert (3, "code", "appears more than once in this file (also row 2)") in errors
    assert (4, "code", "Project with this Code already exists.") in errors


def test_end_before_start_negative_bac_bad_dates_and_choices(pmo_user, pm_user, org):
    rows = [
        [*HEADER, "state", "confidential"],
        ["A-1", "a", "DIV-SI", "bob_pm", "2026-05-01", "2026-04-30", "10", "", ""],
        ["A-2", "b", "DIV-SI", "bob_pm", "2026-05-01", "2026-06-30", "-1", "", ""],
        ["A-3", "c", "DIV-SI", "bob_pm", "05/01/2026", "2026-02-30", "1.5", "running", "maybe"],
        ["A-4", "", "", "", "", "", "", "", ""],
    ]
    errors = errors_of(pmo_user, rows)
    assert (2, "planned_end", "The end date cannot be before the start date.") in errors
    assert (3, "bac", "must be a non-negative whole number") in errors
    assert (4, "planned_start", "must be a date written YYYY-MM-DD or YYYY/MM/DD") in errors
    assert (4, "planned_end", "is not a valid date") in errors
    assert (4, "bac", "must be a non-negative whole number") in errors
    assert (4, "state", "must be one of: proposed, active, on_hold, closed, cancelled") in errors
    assert (4, "confidential", "must be true or false (1/0, はい/いいえ)") in errors
    assert {c for r, c, _m in errors if r == 5} == {"name", "org_unit", "pm", "planned_start", "planned_end", "bac"}


def test_unknown_pm_org_unit_program_and_pm_without_role(pmo_user, pm_user, member_user, org):
    rows = [
        [*HEADER, "program", "deputy_pm"],
        ["B-1", "a", "DIV-SI", "nobody", "2026-04-01", "2026-05-01", "1", "", ""],
        ["B-2", "b", "DIV-XX", "dave_member", "2026-04-01", "2026-05-01", "1", "PG-XX", "bob_pm"],
    ]
    errors = errors_of(pmo_user, rows)
    assert (2, "pm", "no active user has this username") in errors
    assert (3, "pm", "this user does not hold the PM role") in errors
    assert (3, "org_unit", "no org unit has this code or name") in errors
    assert (3, "program", "no program has this code or name") in errors


def test_pm_may_import_only_projects_they_manage(pm_user, other_pm, org):
    rows = [
        [*HEADER, "deputy_pm"],
        ["C-1", "mine", "DIV-SI", "bob_pm", "2026-04-01", "2026-05-01", "1", ""],
        ["C-2", "deputy", "DIV-SI", "carol_pm", "2026-04-01", "2026-05-01", "1", "bob_pm"],
        ["C-3", "theirs", "DIV-SI", "carol_pm", "2026-04-01", "2026-05-01", "1", ""],
    ]
    assert errors_of(pm_user, rows) == [(4, "pm", "A PM can create only projects they run as PM or deputy PM.")]


def test_milestones_import_and_project_not_managed_is_a_row_error(en, pm_user, other_pm, org):
    mine = ProjectFactory(code="PRJ-MINE", pm=pm_user)
    ProjectFactory(code="PRJ-THEIRS", pm=other_pm)
    ProjectFactory(code="PRJ-SECRET", pm=other_pm, confidential=True)
    rows = [
        MILESTONE_HEADER,
        ["PRJ-MINE", "要件定義完了", "要件定義", "2026-06-30", "2026/07/10", "1.5", "はい"],
        ["PRJ-THEIRS", "設計完了", "design", "2026-08-31", "", "", ""],
        ["PRJ-SECRET", "x", "", "2026-08-31", "", "", ""],
        ["PRJ-MINE", "y", "", "2026-08-31", "", "-1", ""],
    ]
    en.force_login(pm_user)
    response = upload(en, "milestones", "m.csv", csv_bytes(rows))
    page = response.content.decode()
    # Read through Project.objects.restrict(user, "change"): a project the PM may see but not manage, or may not
    # even see (confidential), answers exactly like an unknown code.
    assert "row 3, column project: no project has this code" in page
    assert "row 4, column project: no project has this code" in page
    assert "row 5, column weight: must be a non-negative number" in page
    assert not Milestone.objects.exists()

    response = upload(en, "milestones", "m.csv", csv_bytes([rows[0], rows[1]]))
    assert response.context["can_confirm"]
    confirm(en, response)
    milestone = Milestone.objects.get()
    assert milestone.project == mine and milestone.phase == "requirements"
    assert milestone.forecast_date == dt.date(2026, 7, 10) and milestone.weight == Decimal("1.5")
    assert milestone.is_phase_gate is True
    assert AuditEntry.objects.filter(project_id=mine.pk, object_type="milestone", action="create").exists()


def test_services_rules_show_per_row_in_the_preview_and_nothing_is_written(en, pmo_user, pm_user, other_pm, org):
    rows = [
        [*HEADER, "deputy_pm"],
        ["bad code", "a", "DIV-SI", "bob_pm", "2026-04-01", "2026-05-01", "1", "bob_pm"],
        ["D-2", "b", "DIV-SI", "bob_pm", "2026-04-01", "2026-05-01", "1", "carol_pm"],
    ]
    en.force_login(pmo_user)
    response = upload(en, "projects", "p.csv", csv_bytes(rows))
    page = response.content.decode()
    assert not response.context["can_confirm"]
    assert "row 2, column code: Use capital letters and digits" in page
    assert "row 2, column deputy_pm: The deputy PM must be someone other than the PM." in page
    assert [e.row for e in response.context["errors"]] == [2, 2]  # row 3 went through the service: no error
    assert not Project.objects.exists() and not AuditEntry.objects.exists()  # the dry run was rolled back


def test_an_error_of_the_row_as_a_whole_names_no_column(member_user, pm_user, org):
    rows = [HEADER, ["E-1", "a", "DIV-SI", "bob_pm", "2026-04-01", "2026-05-01", "1"]]
    errors = errors_of(member_user, rows)  # no role to create projects: the service's NotAllowed, no field
    assert errors and {(r, c) for r, c, _m in errors} == {(2, "")}


def test_milestone_rows_through_the_service(pm_user, org):
    ProjectFactory(code="PRJ-MINE", pm=pm_user)
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    rows = [
        [*MILESTONE_HEADER, "actual_date"],
        ["PRJ-MINE", "done later", "", "2026-08-31", "", "", "", future],
    ]
    assert [(r, c) for r, c, _m in errors_of(pm_user, rows, "milestones")] == [(2, "actual_date")]
    assert not Milestone.objects.exists()


def test_pmo_imports_milestones_for_any_project(pmo_user, other_pm):
    ProjectFactory(code="PRJ-SECRET", pm=other_pm, confidential=True)
    rows = [MILESTONE_HEADER, ["PRJ-SECRET", "Go-live", "deployment", "2026-12-01", "", "", "false"]]
    assert errors_of(pmo_user, rows, "milestones") == []


# --- Files that cannot be read --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("garbage.xlsx", (DATA / "garbage.xlsx").read_bytes(), "The file is not a readable .xlsx workbook."),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Old .xls workbooks are not supported"),
        ("report.pdf", b"%PDF-1.4 ...", "Upload an .xlsx or .csv file."),
        ("empty.csv", b"", "The submitted file is empty."),
        ("blank.csv", b"\r\n\r\n", "The file is empty."),
        ("binary.csv", b"code,name\x00\xff\xfe\x81\x00", "must be encoded in UTF-8 or Shift_JIS"),
        ("header-only.csv", b"code,name,org_unit,pm,planned_start,planned_end,bac\r\n", "no data rows"),
        ("missing.csv", b"code,name,org_unit\r\nA,b,c\r\n", "Required columns are missing: pm, planned_start"),
    ],
)
def test_bad_files_are_form_errors(en, pmo_user, name, content, message):
    en.force_login(pmo_user)
    response = upload(en, "projects", name, content)
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors
    assert message in response.content.decode()


def test_too_large_and_too_many_rows(en, pmo_user):
    en.force_login(pmo_user)
    big = b"code,name\r\n" + b"x" * (importing.MAX_UPLOAD_BYTES + 1)
    response = upload(en, "projects", "big.csv", big)
    assert "The file is too large" in response.content.decode()
    rows = [HEADER] + [[f"P-{i}", "n", "DIV-SI", "bob_pm", "2026-04-01", "2026-05-01", "1"] for i in range(2001)]
    response = upload(en, "projects", "many.csv", csv_bytes(rows))
    assert "more than 2000 data rows" in response.content.decode()


def test_xlsx_that_unpacks_to_a_huge_size_is_refused(en, pmo_user):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (50 * 1024 * 1024))
    assert len(out.getvalue()) < importing.MAX_UPLOAD_BYTES
    en.force_login(pmo_user)
    response = upload(en, "projects", "bomb.xlsx", out.getvalue())
    assert response.status_code == 200
    assert "The workbook unpacks to 50 MB; the limit is 24 MB." in response.content.decode()


def test_header_aliases_are_unambiguous():
    assert importing.header_key("milestones", "予定日") == "forecast_date"  # as the milestone pages call it
    assert importing.header_key("milestones", "基準日") == "baseline_date"
    assert importing.header_key("projects", "予算（円）") == "bac"
    assert importing.header_key("projects", "ｺｰﾄﾞ") == "code"  # half-width katakana, NFKC
    assert importing.header_key("projects", "unknown") is None


# --- Permissions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["member_user", "norole_user", "exec_user"])
def test_only_pmo_and_pm_may_import(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("projects:import")).status_code == 403
    assert client.post(reverse("projects:import_confirm"), {"token": "x"}).status_code == 403
    sample = reverse("projects:import_sample", kwargs={"kind": "projects", "fmt": "csv"})
    assert client.get(sample).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("projects:import"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("fixture", ["pmo_user", "pm_user"])
def test_upload_page_for_pmo_and_pm(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("projects:import"))
    assert response.status_code == 200
    assert reverse("projects:import_sample", kwargs={"kind": "milestones", "fmt": "xlsx"}) in response.content.decode()
    assert reverse("projects:import") == "/projects/import/"


# --- Sample files ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_project_samples_are_valid_files_that_import(client, pm_user, org, language, fmt):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    client.force_login(pm_user)
    url = reverse("projects:import_sample", kwargs={"kind": "projects", "fmt": fmt})
    assert url == f"/projects/import/sample/projects.{fmt}"
    response = client.get(url)
    assert response.status_code == 200
    assert f'filename="projects.{fmt}"' in response["Content-Disposition"]
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        assert len(rows) == 3 and isinstance(
            rows[1][rows[0].index("計画開始" if language == "ja" else "planned_start")], dt.datetime
        )
    else:
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 3
    assert rows[0][0] == ("コード" if language == "ja" else "code")
    # The sample refers to the PM's own username and an existing org unit, so it validates as it is.
    response = client.post(
        reverse("projects:import"), {"kind": "projects", "file": SimpleUploadedFile(f"p.{fmt}", response.content)}
    )
    assert response.context["can_confirm"], response.context["errors"]
    confirm(client, response)
    assert Project.objects.filter(pm=pm_user).count() == 2


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_milestone_samples_import_after_pointing_at_real_projects(client, pmo_user, pm_user, fmt):
    client.force_login(pmo_user)
    response = client.get(reverse("projects:import_sample", kwargs={"kind": "milestones", "fmt": fmt}))
    assert response.status_code == 200
    content = response.content
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        assert len(list(workbook.worksheets[0].iter_rows())) == 3
        assert workbook.worksheets[0]["B2"].value == "要件定義完了"
    else:
        assert "要件定義完了" in content.decode("utf-8-sig")
    # No projects existed: the sample names a placeholder code. Create it and the sample validates.
    sheet = importing.read_upload("milestones", SimpleUploadedFile(f"m.{fmt}", content))
    codes = {values["project"] for _n, values in sheet.rows}
    for code in codes:
        ProjectFactory(code=code, pm=pm_user)
    outcome = imports.run_import(actor=pmo_user, sheet=sheet)
    assert outcome.ok and Milestone.objects.count() == 2


def test_sample_unknown_kind_is_404(client, pmo_user):
    client.force_login(pmo_user)
    assert client.get("/projects/import/sample/issues.xlsx").status_code == 404


# --- Service and query counts ---------------------------------------------------------------------------------------


def test_run_import_writes_nothing_when_any_row_is_invalid(pmo_user, pm_user, org):
    rows = project_rows("bob_pm")
    rows[3][5] = "2020-01-01"
    sheet = importing.sheet_from_grid("projects", "t.csv", list(enumerate(rows, start=1)))
    outcome = imports.run_import(actor=pmo_user, sheet=sheet)
    assert not outcome.ok and outcome.created == []
    assert not Project.objects.exists() and not AuditEntry.objects.exists()


def test_run_import_queues_each_projects_snapshot_refresh_on_commit(
    pmo_user, pm_user, org, django_capture_on_commit_callbacks
):
    sheet = importing.sheet_from_grid("projects", "t.csv", list(enumerate(project_rows("bob_pm"), start=1)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = imports.run_import(actor=pmo_user, sheet=sheet)
    assert outcome.ok and len(outcome.created) == 3
    assert len(callbacks) == 3  # one refresh_project_snapshot task per created project (tests/test_worker.py runs them)
    # The request's own refresh stays: the created projects show their figures at once.
    assert all(p.max_slip_days == 0 and p.next_milestone_name == "" for p in Project.objects.all())


def test_nothing_is_queued_when_the_import_is_refused(pmo_user, pm_user, org, django_capture_on_commit_callbacks):
    rows = project_rows("bob_pm")
    rows[3][5] = "2020-01-01"  # the service refuses row 4 after rows 2 and 3 went through
    sheet = importing.sheet_from_grid("projects", "t.csv", list(enumerate(rows, start=1)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outcome = imports.run_import(actor=pmo_user, sheet=sheet)
    assert not outcome.ok and callbacks == []
    assert [(e.row, e.column) for e in outcome.validation.errors] == [(4, "planned_end")]


@pytest.mark.parametrize("count", [5, 200])
def test_validation_runs_a_fixed_number_of_queries(pm_user, org, django_assert_max_num_queries, count):
    rows = [HEADER] + [[f"Q-{i}", "n", "DIV-SI", "bob_pm", "2026-04-01", "2026-05-01", "1"] for i in range(count)]
    sheet = importing.sheet_from_grid("projects", "t.csv", list(enumerate(rows, start=1)))
    with django_assert_max_num_queries(8):
        validation = importing.validate(sheet, pm_user)
    assert validation.is_valid


def test_sheet_round_trips_through_json(org):
    sheet = importing.sheet_from_grid("projects", "t.csv", list(enumerate(project_rows("bob_pm"), start=1)))
    again = importing.Sheet.from_json(sheet.to_json())
    assert again == sheet


# --- Monthly costs and weekly quality records (issue 7) -------------------------------------------------------------

COST_HEADER = ["project", "month", "planned_cost", "actual_cost"]
QUALITY_HEADER = ["project", "week", "defects_found", "defects_fixed", "defects_open", "tests_run", "tests_passed"]


@pytest.mark.usefixtures("frozen_now")
def test_costs_import_previews_row_errors_then_writes_plan_and_actuals(en, pm_user, other_pm):
    from projects.models import CostActual, CostPlan

    mine = ProjectFactory(code="PRJ-MINE", pm=pm_user)
    ProjectFactory(code="PRJ-THEIRS", pm=other_pm)
    rows = [
        COST_HEADER,
        ["PRJ-MINE", "2026-04", "1,000,000", "900000"],
        ["PRJ-MINE", "2026/05", "1200000", ""],
        ["PRJ-THEIRS", "2026-04", "1", ""],
        ["PRJ-MINE", "2026-13", "1", ""],
        ["PRJ-MINE", "2026-06", "", ""],
        ["PRJ-MINE", "2026-04", "5", ""],
        ["PRJ-MINE", "2026-12", "", "10"],
    ]
    en.force_login(pm_user)
    page = upload(en, "costs", "c.csv", csv_bytes(rows)).content.decode()
    assert "row 4, column project: no project has this code" in page
    assert "row 5, column month: is not a valid month" in page
    assert "row 6, column planned_cost: give a planned cost, an actual cost or both" in page
    assert "row 7, column month: appears more than once in this file (also row 2)" in page
    # The service's rule (an actual cost for a month that has not started), at its column.
    assert "row 8, column actual_cost: 2026-12 has not started yet" in page
    assert not CostPlan.objects.exists() and not CostActual.objects.exists()

    response = upload(en, "costs", "c.csv", csv_bytes(rows[:3]))
    assert response.context["can_confirm"]
    confirm(en, response)
    assert dict(CostPlan.objects.values_list("month", "planned_cost")) == {
        dt.date(2026, 4, 1): Decimal(1_000_000),
        dt.date(2026, 5, 1): Decimal(1_200_000),
    }
    assert CostActual.objects.get(project=mine).actual_cost == Decimal(900_000)
    # Importing the same month again replaces the stored amount (the file is the authority).
    confirm(en, upload(en, "costs", "c.csv", csv_bytes([COST_HEADER, ["PRJ-MINE", "2026-04", "7", ""]])))
    assert CostPlan.objects.get(month=dt.date(2026, 4, 1)).planned_cost == Decimal(7)
    assert CostActual.objects.get().actual_cost == Decimal(900_000)


@pytest.mark.usefixtures("frozen_now")
def test_quality_import_checks_weeks_and_counts_through_the_service(en, pm_user):
    from projects.models import QualityRecord

    ProjectFactory(code="PRJ-MINE", pm=pm_user)
    rows = [
        QUALITY_HEADER,
        ["PRJ-MINE", "2026-W46", "5", "1", "4", "10", "9"],
        ["PRJ-MINE", "2026W47", "2", "6", "0", "10", "11"],
        ["PRJ-MINE", "W47", "", "", "", "", ""],
        ["PRJ-MINE", "2026-W45", "-1", "", "", "", ""],
    ]
    en.force_login(pm_user)
    page = upload(en, "quality", "q.csv", csv_bytes(rows)).content.decode()
    assert "row 3, column tests_passed: Tests passed cannot exceed tests run (10)." in page
    assert "row 4, column week: must be an ISO week" in page
    assert "row 5, column defects_found: must be a non-negative whole number" in page
    assert not QualityRecord.objects.exists()
    fixed = [rows[0], rows[1], ["PRJ-MINE", "2026W47", "2", "6", "0", "10", "10"]]
    response = upload(en, "quality", "q.csv", csv_bytes(fixed))
    assert response.context["can_confirm"], response.context["errors"]
    confirm(en, response)
    assert list(QualityRecord.objects.values_list("week", "tests_passed")) == [("2026-W46", 9), ("2026-W47", 10)]


@pytest.mark.parametrize("kind", ["costs", "quality"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.usefixtures("frozen_now")
def test_cost_and_quality_samples_import(client, pm_user, kind, fmt):
    from projects.models import CostPlan, QualityRecord

    ProjectFactory(code="PRJ-2026-901", pm=pm_user)
    client.force_login(pm_user)
    response = client.get(reverse("projects:import_sample", kwargs={"kind": kind, "fmt": fmt}))
    assert response.status_code == 200
    sheet = importing.read_upload(kind, SimpleUploadedFile(f"s.{fmt}", response.content))
    outcome = imports.run_import(actor=pm_user, sheet=sheet)
    assert outcome.ok, outcome.validation.errors
    model = CostPlan if kind == "costs" else QualityRecord
    assert model.objects.count() == 2
