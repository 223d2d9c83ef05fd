"""Demo-like data for the reporting tests: projects with weeks of submitted reports carrying frozen figures,
milestones, issues and risks (bulk-created: cheap and deterministic)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from projects import weeks
from projects.models import CostPlan, Issue, Milestone, Risk, StatusReport
from tests.factories import ProjectFactory


def reports_for(project, *, last_week: str, n: int, overall: str = "amber", suggested: str = "amber", pm=None):
    week, rows = last_week, []
    for i in range(n):
        ev = Decimal(300000 * (n - i))
        rows.append(
            StatusReport(
                project=project,
                week=week,
                week_start=weeks.parse_week(week),
                state="submitted",
                overall_rag=overall,
                schedule_rag=suggested,
                cost_rag="green",
                quality_rag="green",
                scope_rag="green",
                rag_comment="顧客と合意済みのため" if overall != suggested else "",
                percent_complete=Decimal(40),
                summary=f"結合テストは予定どおり進捗 {week}",
                achievements="- 画面設計レビュー完了",
                next_plan="- 結合テスト第2サイクル",
                bac=Decimal(12000000),
                baseline_number=1,
                suggested_overall_rag=suggested,
                suggested_schedule_rag=suggested,
                suggested_cost_rag="green",
                suggested_quality_rag="green",
                pv=ev + Decimal(100000),
                ev=ev,
                ac=ev + Decimal(50000),
                spi=Decimal("0.95"),
                cpi=Decimal("0.98"),
                eac=Decimal(12300000),
                submitted_by=pm or project.pm,
                created_by=pm or project.pm,
            )
        )
        week = weeks.previous_week(week)
    StatusReport.objects.bulk_create(rows)


def demo_project(*, code="PRJ-2026-101", name="販売管理システム刷新", last_week="2026-W47", n=8, **kwargs):
    project = ProjectFactory(code=code, name=name, **kwargs)
    reports_for(project, last_week=last_week, n=n)
    project.overall_rag = "amber"
    project.last_report_week = last_week
    project.spi, project.cpi, project.eac = Decimal("0.95"), Decimal("0.98"), Decimal(12300000)
    project.save()
    Milestone.objects.bulk_create(
        [
            Milestone(
                project=project,
                name="要件定義完了",
                baseline_date=dt.date(2026, 5, 29),
                actual_date=dt.date(2026, 6, 5),
                is_phase_gate=True,
            ),
            Milestone(
                project=project,
                name="結合テスト完了",
                baseline_date=dt.date(2026, 12, 25),
                forecast_date=dt.date(2027, 1, 15),
            ),
        ]
    )
    Issue.objects.create(
        project=project,
        title='=HYPERLINK("http://x") 帳票の性能問題',
        owner=project.pm,
        priority="high",
        escalation_level="pmo",
    )
    Risk.objects.create(project=project, title="キーパーソンの離任", probability=4, impact=4, owner=project.pm)
    CostPlan.objects.bulk_create(
        [CostPlan(project=project, month=dt.date(2026, m, 1), planned_cost=Decimal(1000000)) for m in range(4, 13)]
    )
    return project
