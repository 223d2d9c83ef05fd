"""The portfolio dashboard: what each role sees, filters in the URL applied to everything, the flags that show
hidden trouble, sorting, the export, and the project panels. (Query counts: test_query_counts.py.)"""

import csv
import io
import json

import pytest

from core import roles
from reporting.charts import portfolio as portfolio_charts
from tests.factories import IssueFactory, OrgUnitFactory, ProjectFactory, user_with_role
from tests.reporting.data import demo_project, reports_for

pytestmark = pytest.mark.django_db


def _figure(response, chart_id):
    body = response.content.decode()
    start = body.index(f'<script id="{chart_id}" type="application/json">') + len(
        f'<script id="{chart_id}" type="application/json">'
    )
    return json.loads(body[start : body.index("</script>", start)])


def test_dashboard_hides_confidential_projects_from_outsiders(client):
    owner = user_with_role(roles.PM, "owner_pm")
    secret = ProjectFactory(pm=owner, confidential=True, name="極秘プロジェクト")
    open_one = ProjectFactory(pm=owner, name="公開プロジェクト")
    outsider = user_with_role(roles.PM, "outsider_pm")
    client.force_login(outsider)
    body = client.get("/dashboard/").content.decode()
    assert open_one.name in body
    assert secret.name not in body
    client.force_login(user_with_role(roles.EXECUTIVE, "exec_viewer"))
    assert secret.name in client.get("/dashboard/").content.decode()


def test_filters_apply_to_counts_totals_charts_and_table(client, exec_user):
    unit, other = OrgUnitFactory(), OrgUnitFactory()
    child = OrgUnitFactory(parent=unit)
    a = ProjectFactory(org_unit=unit, overall_rag="red", spi="0.8", cpi="0.9", eac="13000000")
    b = ProjectFactory(org_unit=child, overall_rag="green", spi="1.0", cpi="1.0", eac="12000000")
    c = ProjectFactory(org_unit=other, overall_rag="green", spi="1.1", cpi="1.1", eac="11000000")
    client.force_login(exec_user)
    response = client.get(f"/dashboard/?org_unit={unit.pk}")
    assert response.status_code == 200
    ctx = response.context
    assert ctx["counts"] == {"green": 1, "amber": 0, "red": 1, "none": 0}  # the unit and the one below it
    assert ctx["totals"].bac == 24000000 and ctx["totals"].eac == 25000000 and ctx["totals"].vac == -1000000
    assert {p.code for p in ctx["projects"]} == {a.code, b.code}
    quadrant = _figure(response, "quadrant")
    assert sorted(quadrant["data"][0]["customdata"]) == sorted([a.get_absolute_url(), b.get_absolute_url()])
    assert c.code not in json.dumps(_figure(response, "budget"))
    # The RAG counts link to the project list with the same filters.
    assert f"org_unit={unit.pk}" in ctx["rag_links"]["red"] and "overall_rag=red" in ctx["rag_links"]["red"]


def test_a_bad_filter_value_is_shown_not_a_500(client, exec_user):
    ProjectFactory()
    client.force_login(exec_user)
    response = client.get("/dashboard/?org_unit=abc&phase=nope&o=evil&page=99")
    assert response.status_code == 200
    form = response.context["filter_form"]
    assert "org_unit" in form.errors and "phase" in form.errors
    assert len(response.context["projects"]) == 1


def _panel_figure(response):
    import html
    import re

    match = re.search(r'data-figure-json="([^"]*)"', response.content.decode())
    return json.loads(html.unescape(match.group(1)))


def test_watermelon_stale_and_escalation_are_flagged(client, exec_user, frozen_now):
    melon = ProjectFactory(code="PRJ-M-001", overall_rag="green", last_report_week="2026-W47")
    reports_for(melon, last_week="2026-W47", n=2, overall="green", suggested="red")
    ProjectFactory(code="PRJ-M-002", overall_rag="amber", last_report_week="2026-W44")
    escalated = ProjectFactory(code="PRJ-M-003", overall_rag="amber", last_report_week="2026-W47")
    IssueFactory(project=escalated, escalation_level="executive")
    client.force_login(exec_user)
    response = client.get("/dashboard/")
    totals = response.context["totals"]
    assert (totals.watermelon, totals.stale, totals.escalated) == (1, 1, 1)
    rows = {p.code: p for p in response.context["projects"]}
    assert rows["PRJ-M-001"].is_watermelon and not rows["PRJ-M-002"].is_watermelon
    assert rows["PRJ-M-002"].is_stale and not rows["PRJ-M-001"].is_stale
    assert rows["PRJ-M-003"].escalated
    body = response.content.decode()
    assert 'data-testid="watermelon"' in body
    for flag, code in (("watermelon", "PRJ-M-001"), ("stale", "PRJ-M-002"), ("escalated", "PRJ-M-003")):
        codes = [p.code for p in client.get(f"/dashboard/?flag={flag}").context["projects"]]
        assert codes == [code], flag


def test_the_table_sorts_and_keeps_missing_figures_last(client, exec_user):
    ProjectFactory(code="PRJ-S-1", spi="0.9")
    ProjectFactory(code="PRJ-S-2", spi="1.1")
    ProjectFactory(code="PRJ-S-3", spi=None)
    client.force_login(exec_user)
    asc = [p.code for p in client.get("/dashboard/?o=spi").context["projects"]]
    desc = [p.code for p in client.get("/dashboard/?o=-spi").context["projects"]]
    assert asc == ["PRJ-S-1", "PRJ-S-2", "PRJ-S-3"] and desc == ["PRJ-S-2", "PRJ-S-1", "PRJ-S-3"]


def test_charts_say_no_data_yet_instead_of_an_empty_frame(client, exec_user):
    client.force_login(exec_user)
    response = client.get("/dashboard/")
    fig = _figure(response, "quadrant")
    assert fig["data"] == [] and fig["layout"]["annotations"][0]["text"]
    assert portfolio_charts.quadrant([])["meta"]["empty"] is True


def test_the_export_is_the_filtered_table_with_formulas_neutralised(client, exec_user):
    unit = OrgUnitFactory()
    ProjectFactory(org_unit=unit, code="PRJ-E-1", name="=cmd|' /C calc'!A0")
    ProjectFactory(code="PRJ-E-2")
    client.force_login(exec_user)
    response = client.get(f"/dashboard/export/csv/?org_unit={unit.pk}")
    assert response.status_code == 200
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["PRJ-E-1"]
    assert rows[1][1].startswith("'=")
    xlsx = client.get("/dashboard/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/dashboard/export/pdf/").status_code == 404


def test_project_panels_draw_the_projects_charts(client, pm_user, other_pm):
    project = demo_project(pm=pm_user)
    secret = ProjectFactory(pm=other_pm, confidential=True)
    client.force_login(pm_user)
    for chart in ("rag", "evm", "milestones"):
        response = client.get(f"/reporting/projects/{project.code}/{chart}/")
        assert response.status_code == 200
        fig = _panel_figure(response)
        assert fig["data"], chart
        assert client.get(f"/reporting/projects/{secret.code}/{chart}/").status_code == 404
    evm = _panel_figure(client.get(f"/reporting/projects/{project.code}/evm/"))
    assert len(evm["data"]) == 4 + 1  # PV of the plan; PV, EV, AC of the reports; the forecast to EAC


def test_no_inline_script_on_the_dashboard(client, exec_user):
    ProjectFactory()
    client.force_login(exec_user)
    body = client.get("/dashboard/").content.decode()
    import re

    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in body
