"""Exports (xlsx and csv) of the project list and the cross-project lists: content, the csv's BOM, the headers in
the user's language, formula neutralisation, the filters applied, and confidentiality."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects import exports
from tests.factories import IssueFactory, ProjectFactory, RiskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

DANGEROUS = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")']


@pytest.fixture
def data(pm_user, other_pm):
    mine = ProjectFactory(code="EX-MINE", name="基幹システム刷新", pm=pm_user)
    evil = ProjectFactory(code="EX-EVIL", name="=cmd|' /C calc'!A0", pm=pm_user)
    secret = ProjectFactory(code="EX-SECRET", name="Secret merger", pm=other_pm, confidential=True)
    IssueFactory(project=mine, title="納期遅延の懸念", priority="high")
    for title in DANGEROUS:
        IssueFactory(project=evil, title=title)
    IssueFactory(project=secret, title="Secret issue")
    RiskFactory(project=mine, title="@risk")
    return {"mine": mine, "evil": evil, "secret": secret}


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "a UTF-8 BOM, so that Excel reads Japanese"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_neutralise():
    for value in DANGEROUS:
        assert exports.neutralise(value) == "'" + value
    assert exports.neutralise("plain 日本語") == "plain 日本語"
    assert exports.neutralise(-5) == -5  # a number stays a number


def test_issue_csv_has_bom_japanese_headers_and_content(client, pm_user, data):
    client.force_login(pm_user)
    response = client.get(reverse("projects:issue_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="issues-20261125.csv"'
    rows = read_csv(response)
    assert rows[0][:4] == ["プロジェクトコード", "プロジェクト", "組織", "件名"]  # Japanese is the default
    titles = {row[3] for row in rows[1:]}
    assert "納期遅延の懸念" in titles
    assert "Secret issue" not in titles


def test_headers_follow_the_users_language(client, pm_user, data):
    client.force_login(pm_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = read_csv(client.get(reverse("projects:issue_export", kwargs={"fmt": "csv"})))
    assert english[0][:4] == ["Project code", "Project", "Org unit", "Title"]
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    japanese = read_csv(client.get(reverse("projects:issue_export", kwargs={"fmt": "csv"})))
    assert japanese[0][0] == "プロジェクトコード"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_cells_are_neutralised(client, pm_user, data, fmt):
    client.force_login(pm_user)
    response = client.get(reverse("projects:issue_export", kwargs={"fmt": fmt}) + "?project=EX-EVIL")
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    titles = sorted(row[3] for row in rows[1:])
    assert titles == sorted("'" + value for value in DANGEROUS)
    assert all(row[1] == "'=cmd|' /C calc'!A0" for row in rows[1:])
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_project_export_applies_the_filters_and_never_leaks_a_confidential_project(
    client, pm_user, data, fmt, other_pm
):
    client.force_login(pm_user)
    response = client.get(reverse("projects:export", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    codes = {row[0] for row in rows[1:]}
    assert codes == {"EX-MINE", "EX-EVIL"}
    filtered = client.get(reverse("projects:export", kwargs={"fmt": fmt}) + "?q=EX-MINE")
    rows = read_csv(filtered) if fmt == "csv" else read_xlsx(filtered)
    assert [row[0] for row in rows[1:]] == ["EX-MINE"]
    assert rows[1][1] == "基幹システム刷新"


def test_the_pmo_export_includes_confidential_projects(client, pmo_user, data):
    client.force_login(pmo_user)
    rows = read_csv(client.get(reverse("projects:export", kwargs={"fmt": "csv"})))
    assert "EX-SECRET" in {row[0] for row in rows[1:]}
    issue_rows = read_xlsx(client.get(reverse("projects:issue_export", kwargs={"fmt": "xlsx"})))
    assert "Secret issue" in {row[3] for row in issue_rows[1:]}


def test_risk_and_action_exports(client, pm_user, data):
    client.force_login(pm_user)
    risks = read_xlsx(client.get(reverse("projects:risk_export", kwargs={"fmt": "xlsx"})))
    assert [row[3] for row in risks[1:]] == ["'@risk"]
    assert risks[1][6] == 9  # the score stays a number
    actions = read_csv(client.get(reverse("projects:action_export", kwargs={"fmt": "csv"})))
    assert len(actions) == 1  # headers only


def test_export_links_carry_the_filters(client, pm_user, data):
    client.force_login(pm_user)
    page = client.get(reverse("projects:issue_list") + "?priority=high")
    links = dict(page.context["export_links"])
    assert links["CSV"] == reverse("projects:issue_export", kwargs={"fmt": "csv"}) + "?priority=high"
    rows = read_csv(client.get(links["CSV"]))
    assert [row[3] for row in rows[1:]] == ["納期遅延の懸念"]
