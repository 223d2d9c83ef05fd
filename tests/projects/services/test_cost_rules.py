"""Each rule of the cost plan, the actual costs and the weekly quality records, once, at the service.

The factory's baseline runs from 2026-04-01 to 2027-03-31; the frozen clock stands on 2026-11-25 (week 2026-W48).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.locking import VERSION_REQUIRED
from core.models import AuditEntry
from projects.models import CostActual, CostPlan, QualityRecord, StatusReport
from projects.services import costs, quality
from projects.services.costs import MonthAmount
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

APR = dt.date(2026, 4, 1)
MAY = dt.date(2026, 5, 1)


@pytest.fixture
def project(pm_user):
    return ProjectFactory(pm=pm_user, code="PRJ-COST-001")


def refused(exc_info) -> dict:
    return {field: [str(m) for m in messages] for field, messages in exc_info.value.errors.items()}


def plan(project, actor, *rows):
    return costs.set_cost_plan(actor=actor, project=project, rows=[MonthAmount(*row) for row in rows])


# --- The month grid -------------------------------------------------------------------------------------------------


def test_the_grid_writes_every_month_and_audits_each(project, pm_user):
    plan(project, pm_user, (APR, Decimal(1_000_000)), (MAY, Decimal(2_000_000)))
    assert list(CostPlan.objects.filter(project=project).values_list("month", "planned_cost")) == [
        (APR, Decimal(1_000_000)),
        (MAY, Decimal(2_000_000)),
    ]
    assert AuditEntry.objects.filter(project_id=project.pk, object_type="costplan", action="create").count() == 2


def test_the_grid_is_all_or_nothing_with_errors_at_each_cell(project, pm_user):
    with pytest.raises(RuleError) as exc:
        plan(project, pm_user, (APR, Decimal(1_000_000)), (MAY, Decimal(-1)), (dt.date(2026, 6, 1), Decimal("1.5")))
    assert refused(exc) == {
        "planned_cost-2026-05": [str(costs.AMOUNT_NEGATIVE)],
        "planned_cost-2026-06": [str(costs.AMOUNT_NOT_WHOLE)],
    }
    assert not CostPlan.objects.exists()


def test_a_month_is_its_first_day(project, pm_user):
    with pytest.raises(RuleError) as exc:
        costs.create_cost_row(
            actor=pm_user, project=project, model=CostPlan, month=dt.date(2026, 4, 15), amount=Decimal(1)
        )
    assert refused(exc) == {"month": [str(costs.MONTH_NOT_FIRST)]}


def test_a_month_lies_near_the_baseline(project, pm_user):
    with pytest.raises(RuleError) as exc:
        plan(project, pm_user, (dt.date(2030, 1, 1), Decimal(1)))
    assert list(refused(exc)) == ["planned_cost-2030-01"]
    assert "12" in refused(exc)["planned_cost-2030-01"][0]
    plan(project, pm_user, (dt.date(2025, 4, 1), Decimal(1)))  # 12 months before the start: accepted


def test_actual_costs_are_not_booked_for_a_month_that_has_not_started(project, pm_user):
    with pytest.raises(RuleError) as exc:
        costs.set_cost_actuals(actor=pm_user, project=project, rows=[MonthAmount(dt.date(2026, 12, 1), Decimal(5))])
    assert refused(exc) == {"actual_cost-2026-12": [str(costs.MONTH_IN_FUTURE % {"month": "2026-12"})]}
    costs.set_cost_actuals(actor=pm_user, project=project, rows=[MonthAmount(dt.date(2026, 11, 1), Decimal(5))])


def test_an_amount_fits_its_column(project, pm_user):
    with pytest.raises(RuleError) as exc:
        plan(project, pm_user, (APR, Decimal("1e16")))
    assert refused(exc) == {"planned_cost-2026-04": [str(costs.AMOUNT_TOO_LARGE)]}


def test_a_month_given_twice_is_refused(project, pm_user):
    with pytest.raises(RuleError) as exc:
        plan(project, pm_user, (APR, Decimal(1)), (APR, Decimal(2)))
    assert refused(exc) == {"planned_cost-2026-04": [str(costs.MONTH_TWICE % {"month": "2026-04"})]}


def test_changing_or_removing_a_stored_month_needs_its_version(project, pm_user):
    (row,) = plan(project, pm_user, (APR, Decimal(100)))
    with pytest.raises(RuleError) as exc:
        plan(project, pm_user, (APR, Decimal(200)))
    assert refused(exc) == {"version": [str(VERSION_REQUIRED)]}
    with pytest.raises(StaleEdit):
        plan(project, pm_user, (APR, Decimal(200), row.version + 1))
    plan(project, pm_user, (APR, Decimal(200), row.version))
    assert CostPlan.objects.get().version == row.version + 1
    plan(project, pm_user, (APR, None, row.version + 1))
    assert not CostPlan.objects.exists()
    assert AuditEntry.objects.filter(object_type="costplan", action="delete").count() == 1


def test_only_the_projects_managers_write(project, pm_user, other_pm, member_user, pmo_user):
    for user in (other_pm, member_user):
        with pytest.raises(NotAllowed):
            plan(project, user, (APR, Decimal(1)))
        with pytest.raises(NotAllowed):
            quality.create_quality_record(actor=user, project=project, week="2026-W40")
    plan(project, pmo_user, (APR, Decimal(1)))


def test_a_project_without_a_baseline_has_no_months(pm_user):
    project = ProjectFactory(pm=pm_user, with_baseline=False)
    with pytest.raises(RuleError) as exc:
        plan(project, pm_user, (APR, Decimal(1)))
    assert refused(exc) == {"planned_cost-2026-04": [str(costs.NO_BASELINE)]}


# --- One row (the API) ----------------------------------------------------------------------------------------------


def test_one_row_per_month(project, pm_user):
    costs.create_cost_row(actor=pm_user, project=project, model=CostActual, month=APR, amount=Decimal(1))
    with pytest.raises(RuleError) as exc:
        costs.create_cost_row(actor=pm_user, project=project, model=CostActual, month=APR, amount=Decimal(2))
    assert refused(exc) == {"month": [str(costs.MONTH_TAKEN % {"month": "2026-04"})]}


def test_a_cost_change_never_changes_a_submitted_report(project, pm_user):
    from projects.services import status

    plan(project, pm_user, *[(dt.date(2026, m, 1), Decimal(1_000_000)) for m in range(4, 13)])
    content = status.ReportContent(
        overall_rag="green",
        schedule_rag="green",
        cost_rag="green",
        quality_rag="green",
        scope_rag="green",
        percent_complete=Decimal(50),
        actual_cost_to_date=Decimal(5_000_000),
        summary="順調",
        rag_comment="PM judgement",
    )
    report = status.save_status_report(
        actor=pm_user, project=project, week="2026-W47", content=content, expected_version=None, submit=True
    )
    before = StatusReport.objects.values_list("pv", "spi", "cpi").get(pk=report.pk)
    rows = list(CostPlan.objects.all())
    costs.set_cost_plan(
        actor=pm_user, project=project, rows=[MonthAmount(r.month, Decimal(3_000_000), r.version) for r in rows]
    )
    assert StatusReport.objects.values_list("pv", "spi", "cpi").get(pk=report.pk) == before


# --- Quality records ------------------------------------------------------------------------------------------------


def record(project, actor, week="2026-W47", **counts):
    return quality.create_quality_record(actor=actor, project=project, week=week, **counts)


def test_a_week_is_an_iso_week_that_has_started(project, pm_user):
    with pytest.raises(RuleError) as exc:
        record(project, pm_user, week="2026-47")
    assert refused(exc) == {"week": [str(quality.WEEK_FORMAT)]}
    with pytest.raises(RuleError) as exc:
        record(project, pm_user, week="2026-W49")
    assert refused(exc) == {"week": [str(quality.WEEK_IN_FUTURE % {"week": "2026-W49"})]}
    record(project, pm_user, week="2026-W48")


def test_one_record_per_week(project, pm_user):
    record(project, pm_user)
    with pytest.raises(RuleError) as exc:
        record(project, pm_user)
    assert refused(exc) == {"week": [str(quality.WEEK_TAKEN % {"week": "2026-W47"})]}


def test_counts_are_whole_and_not_negative(project, pm_user):
    with pytest.raises(RuleError) as exc:
        record(project, pm_user, defects_found=-1, review_findings=-3)
    assert refused(exc) == {
        "defects_found": [str(quality.COUNT_INVALID)],
        "review_findings": [str(quality.COUNT_INVALID)],
    }


def test_tests_passed_cannot_exceed_tests_run(project, pm_user):
    with pytest.raises(RuleError) as exc:
        record(project, pm_user, tests_run=10, tests_passed=11)
    assert refused(exc) == {"tests_passed": [str(quality.PASSED_OVER_RUN % {"run": 10})]}


def test_fixed_and_open_defects_cannot_exceed_what_existed(project, pm_user):
    record(project, pm_user, week="2026-W46", defects_found=5, defects_open=4, defects_fixed=1)
    with pytest.raises(RuleError) as exc:
        record(project, pm_user, defects_found=2, defects_fixed=7, defects_open=7)
    words = {"open": 4, "found": 2}
    assert refused(exc) == {
        "defects_fixed": [str(quality.FIXED_OVER_EXISTING % words)],
        "defects_open": [str(quality.OPEN_OVER_EXISTING % words)],
    }
    record(project, pm_user, defects_found=2, defects_fixed=6, defects_open=0)


def test_a_quality_change_needs_the_version_and_is_audited(project, pm_user):
    rec = record(project, pm_user, tests_run=10, tests_passed=9)
    with pytest.raises(RuleError) as exc:
        quality.update_quality_record(actor=pm_user, record=rec, expected_version=None, tests_passed=10)
    assert refused(exc) == {"version": [str(VERSION_REQUIRED)]}
    quality.update_quality_record(actor=pm_user, record=rec, expected_version=rec.version, tests_passed=10)
    assert QualityRecord.objects.get().tests_passed == 10
    entry = AuditEntry.objects.filter(object_type="qualityrecord", action="update").get()
    assert entry.changes == {"tests_passed": [9, 10]}
    quality.delete_quality_record(actor=pm_user, record=QualityRecord.objects.get())
    assert AuditEntry.objects.filter(object_type="qualityrecord", action="delete").count() == 1
