"""What the report pages say about the review, in which order they show Q/C/D, and where an override hint sits.

* A returned report says who returned it (not "reviewed"); after the PM resubmits, the status history's review
  column no longer shows the old return as if it were the verdict, and the report page calls it an earlier return.
* The report page's RAG table and each revision line follow the portal's one order: Quality, Cost, Schedule.
* In the status history, the "suggested" hint of an override sits under the dimension that was overridden.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import evaluation, services
from projects.models import CostPlan, StatusReport
from projects.services.status import ReportContent
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

WEEK = "2026-W40"


@pytest.fixture
def project(pm_user):
    project = ProjectFactory(pm=pm_user, code="PRJ-2026-140")
    for month in range(12):
        first = dt.date(2026 + (3 + month) // 12, (3 + month) % 12 + 1, 1)
        CostPlan.objects.create(project=project, month=first, planned_cost=Decimal("1000000"))
    return project


@pytest.fixture
def en(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def _report(project, pm_user) -> StatusReport:
    _evm, suggested = evaluation.evaluate(
        project, week=WEEK, percent_complete=Decimal("50"), actual_cost_to_date=Decimal("6000000")
    )
    assert suggested["schedule"]
    overridden = "red" if suggested["schedule"] != "red" else "green"
    content = ReportContent(
        overall_rag=suggested["overall"] or "green",
        schedule_rag=overridden,
        cost_rag=suggested["cost"] or "green",
        quality_rag=suggested["quality"] or "green",
        scope_rag="green",
        rag_comment="ベンダーの遅延がまだ数値に出ていない。",
        percent_complete=Decimal("50"),
        actual_cost_to_date=Decimal("6000000"),
        summary="結合テスト中。",
    )
    report = services.create_status_report(actor=pm_user, project=project, week=WEEK, content=content)
    return services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)


def _review(pmo_user, report, *, accept: bool, comment: str = "") -> StatusReport:
    report.refresh_from_db()
    return services.review_status_report(
        actor=pmo_user, report=report, accept=accept, comment=comment, expected_version=report.version
    )


def _page(client, project, name="status_detail") -> str:
    kwargs = {"code": project.code, "week": WEEK} if name == "status_detail" else {"code": project.code}
    response = client.get(reverse(f"projects:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def _cells(html: str) -> list[str]:
    """The cells of the status history's row of ``WEEK``."""
    row = re.search(rf'<tr[^>]*data-week="{WEEK}".*?</tr>', html, re.S).group(0)
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)


def _review_cell(html: str) -> str:
    return _cells(html)[-1]


def test_a_returned_then_resubmitted_report_says_what_happened(en, project, pm_user, pmo_user):
    report = _report(project, pm_user)
    _review(pmo_user, report, accept=False, comment="リカバリ計画を追記してください。")
    en.force_login(pm_user)
    detail = _page(en, project)
    line = re.search(r'data-testid="review-line">(.*?)</span>', detail, re.S).group(1)
    assert line.startswith("Returned by ") and "Reviewed" not in line
    assert "リカバリ計画" in _review_cell(_page(en, project, "detail"))

    report.refresh_from_db()
    services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    assert _review_cell(_page(en, project, "detail")).strip() == "—"
    line = re.search(r'data-testid="review-line">(.*?)</span>', _page(en, project), re.S).group(1)
    assert line.startswith("Returned earlier by ")

    _review(pmo_user, report, accept=True)
    line = re.search(r'data-testid="review-line">(.*?)</span>', _page(en, project), re.S).group(1)
    assert line.startswith("Reviewed by ")


def test_qcd_order_on_the_report_page(en, project, pm_user):
    _report(project, pm_user)
    en.force_login(pm_user)
    html = _page(en, project)
    table = re.search(r'data-testid="rag-table".*?</table>', html, re.S).group(0)
    assert re.findall(r'<th scope="row">(.*?)</th>', table) == ["Overall", "Quality", "Cost", "Schedule", "Scope"]
    revision = re.search(r'data-testid="revision-1".*?</details>', html, re.S).group(0)
    labels = [label for label in ("Quality", "Cost", "Schedule") if label in revision]
    assert labels == ["Quality", "Cost", "Schedule"]
    assert revision.index("Quality") < revision.index("Cost") < revision.index("Schedule")


def test_the_override_hint_sits_under_the_overridden_dimension(en, project, pm_user):
    _report(project, pm_user)
    en.force_login(pm_user)
    html = _page(en, project, "detail")
    assert re.findall(r'data-testid="override-hint" data-field="([a-z_]+)"', html) == ["schedule_rag"]
    cells = _cells(html)
    schedule_cell = next(c for c in cells if 'data-field="schedule_rag"' in c)
    assert cells.index(schedule_cell) == 4  # state, overall, quality, cost, schedule


def test_the_override_warning_is_no_longer_red_once_the_reason_is_given(en, project, pm_user):
    _evm, suggested = evaluation.evaluate(
        project, week=WEEK, percent_complete=Decimal("50"), actual_cost_to_date=Decimal("6000000")
    )
    overridden = "red" if suggested["schedule"] != "red" else "green"
    en.force_login(pm_user)
    url = reverse("projects:status_suggest", kwargs={"code": project.code, "week": WEEK})
    params = {"percent_complete": "50", "actual_cost_to_date": "6000000", "schedule_rag": overridden}

    def badge(**extra) -> str:
        html = en.get(url, {**params, **extra}).content.decode()
        return re.search(r'<span[^>]*data-testid="override-schedule_rag"[^>]*>.*?</span>', html, re.S).group(0)

    assert "text-danger" in badge() and "give the reason" in badge(rag_comment="  ")
    given = badge(rag_comment="ベンダーの遅延がまだ数値に出ていない。")
    assert "text-danger" not in given and 'data-reason="given"' in given and "reason given below" in given
    # The form itself, opened again with the reason filled in, shows the same.
    edit = en.get(reverse("projects:status_edit", kwargs={"code": project.code, "week": WEEK}))
    assert edit.status_code == 200
    assert "from:#id_rag_comment" in edit.content.decode()
