"""The PMO KPI page: values on a small hand-checked portfolio, the org-unit scope, anonymity of the satisfaction
KPI, permissions, and a query count that does not grow with the portfolio (pinned)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Issue, Meeting, Milestone, OrgUnit, StatusReport, SurveyAnswer, SurveyRound
from reporting import cache as reporting_cache
from reporting import kpis
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
TOKYO = ZoneInfo("Asia/Tokyo")
OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)
#: The KPI page's exact number of queries (session, user, roles, org units for the filter, and the aggregates).
KPI_PAGE_CACHED_QUERIES = 6  # session, user, roles, portfolio version, unread count, org units
KPI_PAGE_QUERIES = 16  # built: the aggregates, and the portfolio version of the cache key


def _report(project, rag, *, state="submitted", submitted_at=None, spi=None, cpi=None):
    return StatusReport.objects.create(
        project=project,
        week="2026-W45",
        week_start=dt.date(2026, 11, 2),
        state=state,
        overall_rag=rag,
        schedule_rag=rag,
        cost_rag=rag,
        quality_rag=rag,
        scope_rag=rag,
        summary="s",
        percent_complete=Decimal("50"),
        submitted_at=submitted_at,
        spi=spi,
        cpi=cpi,
    )


@pytest.fixture
def portfolio(pm_user, other_pm, pmo_user):
    unit_a = OrgUnit.objects.create(code="KPI-A", name="A")
    sub_a = OrgUnit.objects.create(code="KPI-A1", name="A1", parent=unit_a)
    unit_b = OrgUnit.objects.create(code="KPI-B", name="B")
    p1 = ProjectFactory(
        code="KPI-1", org_unit=unit_a, pm=pm_user, spi=Decimal("1.0"), cpi=Decimal("0.9"), overall_rag="green"
    )
    p2 = ProjectFactory(
        code="KPI-2", org_unit=sub_a, pm=other_pm, spi=Decimal("0.8"), cpi=Decimal("1.1"), overall_rag="red"
    )
    p3 = ProjectFactory(
        code="KPI-3", org_unit=unit_b, pm=pm_user, spi=Decimal("0.9"), cpi=Decimal("1.0"), overall_rag="amber"
    )
    Milestone.objects.create(
        project=p1, name="late", baseline_date=dt.date(2026, 10, 10), actual_date=dt.date(2026, 10, 15)
    )
    Milestone.objects.create(
        project=p1, name="on time", baseline_date=dt.date(2026, 10, 20), actual_date=dt.date(2026, 10, 20)
    )
    Milestone.objects.create(project=p2, name="open late", baseline_date=dt.date(2026, 11, 10))
    Milestone.objects.create(
        project=p3, name="forecast late", baseline_date=dt.date(2026, 12, 10), forecast_date=dt.date(2026, 12, 20)
    )
    # Week 2026-W45: deadline Friday 2026-11-06 17:00 Tokyo.
    _report(
        p1, "green", submitted_at=dt.datetime(2026, 11, 6, 10, tzinfo=TOKYO), spi=Decimal("1.0"), cpi=Decimal("0.9")
    )
    _report(p2, "red", submitted_at=dt.datetime(2026, 11, 7, 9, tzinfo=TOKYO), spi=Decimal("0.8"), cpi=Decimal("1.1"))
    _report(p3, "amber", state="draft")
    Issue.objects.create(
        project=p1, title="a", raised_on=dt.date(2026, 10, 1), resolved_on=dt.date(2026, 10, 11), status="resolved"
    )
    Issue.objects.create(
        project=p2, title="b", raised_on=dt.date(2026, 10, 5), resolved_on=dt.date(2026, 10, 25), status="resolved"
    )
    Issue.objects.create(
        project=p3, title="c", raised_on=dt.date(2026, 11, 1), resolved_on=dt.date(2026, 11, 5), status="resolved"
    )
    shown = SurveyRound.objects.create(
        title="Nov", question="q", opened_on=dt.date(2026, 11, 10), closes_on=dt.date(2026, 11, 30)
    )
    for score in (3, 4, 5):
        SurveyAnswer.objects.create(round=shown, score=score)
    hidden = SurveyRound.objects.create(
        title="Oct", question="q", opened_on=dt.date(2026, 10, 1), closes_on=dt.date(2026, 10, 5), state="closed"
    )
    for score in (1, 1):
        SurveyAnswer.objects.create(round=hidden, score=score)
    m1 = Meeting.objects.create(project=p1, title="w1", held_on=dt.date(2026, 11, 4), duration_minutes=60)
    m2 = Meeting.objects.create(project=p1, title="w2", held_on=dt.date(2026, 11, 11), duration_minutes=90)
    Meeting.objects.create(project=p2, title="w3", held_on=dt.date(2026, 11, 12), duration_minutes=30)
    m1.attendees.add(pm_user)
    m2.attendees.add(pm_user)
    return {"a": unit_a, "b": unit_b}


def _by_key(rows):
    return {k.key: k for k in rows}


def _at(kpi, month):
    return dict(kpi.trend)[month]


def test_kpi_values_on_a_hand_checked_portfolio(portfolio, pmo_user):
    k = _by_key(kpis.pmo_kpis(pmo_user))
    assert (_at(k["delayed_milestones"], OCT), _at(k["delayed_milestones"], NOV)) == (1, 1)
    assert k["delayed_milestones"].current == 2  # KPI-2's open one and KPI-3's forecast slip
    assert _at(k["green_share"], NOV) == Decimal("50.0") and k["green_share"].current == Decimal("33.3")
    assert _at(k["on_time_submission"], NOV) == Decimal("33.3")  # 1 on time of 3 (one late, one still a draft)
    assert _at(k["mean_spi"], NOV) == Decimal("0.90") and _at(k["mean_cpi"], NOV) == Decimal("1.00")
    assert k["mean_spi"].current == Decimal("0.90") and k["mean_cpi"].current == Decimal("1.00")
    assert _at(k["issue_lead_time"], OCT) == Decimal("15.0") and k["issue_lead_time"].current == Decimal("4.0")
    assert _at(k["pm_satisfaction"], NOV) == Decimal("4.00") and _at(k["pm_satisfaction"], OCT) is None
    assert k["pm_satisfaction"].current == Decimal("4.00")
    assert _at(k["meetings_per_project"], NOV) == Decimal("1.00")  # 3 meetings, 3 projects reporting
    assert _at(k["pm_meeting_hours"], NOV) == Decimal("2.5")  # 150 minutes of the one PM who attended
    assert k["checklist_compliance"].available and k["checklist_compliance"].current is None
    assert len(k["delayed_milestones"].trend) == 12 and k["delayed_milestones"].trend[-1][0] == NOV


def test_org_unit_scope_includes_sub_units(portfolio, pmo_user):
    k = _by_key(kpis.pmo_kpis(pmo_user, org_unit=portfolio["a"]))
    assert k["delayed_milestones"].current == 1
    assert _at(k["on_time_submission"], NOV) == Decimal("50.0")
    k = _by_key(kpis.pmo_kpis(pmo_user, org_unit=portfolio["b"]))
    assert _at(k["on_time_submission"], NOV) == Decimal("0.0")


def test_kpi_page_for_pmo_and_executives_only(client, portfolio, pmo_user, exec_user, pm_user):
    client.force_login(pm_user)
    assert client.get(reverse("reporting:kpis")).status_code == 403
    client.force_login(exec_user)
    page = client.get(reverse("reporting:kpis"), {"org_unit": portfolio["a"].pk})
    assert page.status_code == 200 and b'data-testid="chart-kpi-pm-satisfaction"' in page.content
    bad = client.get(reverse("reporting:kpis"), {"org_unit": "999999"})
    assert bad.status_code == 200 and b"id_org_unit_error" in bad.content


def test_kpi_page_query_count_is_pinned_and_does_not_grow(client, portfolio, pmo_user, pm_user):
    client.force_login(pmo_user)
    url = reverse("reporting:kpis")
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).status_code == 200  # nothing changed: the figures come from the cache
    assert len(cached) == KPI_PAGE_CACHED_QUERIES, [q["sql"][:80] for q in cached.captured_queries]
    reporting_cache.new_generation()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(25):
        p = ProjectFactory(pm=pm_user, spi=Decimal("1"), overall_rag="green")
        Milestone.objects.create(project=p, name="m", baseline_date=dt.date(2026, 9, 1))
        Issue.objects.create(
            project=p, title="i", raised_on=dt.date(2026, 9, 1), resolved_on=dt.date(2026, 9, 2 + i % 5)
        )
        Meeting.objects.create(project=p, title="m", held_on=dt.date(2026, 9, 3))
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200  # the new rows bumped the version: built again
    assert len(small) == len(big) == KPI_PAGE_QUERIES, [q["sql"][:80] for q in big.captured_queries]
