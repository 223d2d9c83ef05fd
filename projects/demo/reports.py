"""Writing the weekly reports: those still in the workflow through the status services, the long reviewed history
through the bulk path (``projects.demo.bulk``).

The reports whose workflow still matters today (this week's drafts and submitted reports, last week's reports
waiting for the PMO or returned to the PM) get the real thing: ``create_status_report``, ``submit_status_report``,
``review_status_report``, with their revisions and audit entries, at the story's moments (``Clock.during``).
Every other report is reviewed; replaying its ``TRANSITIONS`` in memory writes the same rows and entries much
faster (``tests/projects/test_seed_demo.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Callable

from projects import services
from projects.demo.bulk import EMPTY_REPORT_VALUES, BulkWriter, replay
from projects.demo.context import DemoContext
from projects.demo.plans import ProjectPlan
from projects.demo.report_content import ReportStory, Step, report_story
from projects.models import StatusReport, StatusReportRevision
from projects.services.status import CONTENT_FIELDS, ReportContent


def in_workflow(story: ReportStory) -> bool:
    """The report is not reviewed yet: a draft, submitted, or returned to the PM."""
    return not story.steps or story.steps[-1].action != "accept"


def make_status_reports(ctx: DemoContext, writer: BulkWriter) -> None:
    bulk: list[StatusReport] = []
    revisions: list[StatusReportRevision] = []
    open_ones: list[tuple[ProjectPlan, ReportStory]] = []
    for plan in ctx.plans:
        count = len(plan.report_weeks)
        for index, week in enumerate(plan.report_weeks):
            story = report_story(ctx, plan, count - 1 - index, week)
            plan.reports[week] = story.report
            if in_workflow(story):
                open_ones.append((plan, story))
                continue
            bulk.append(story.report)
            revisions += write_in_bulk(writer, plan, story)
    writer.insert(StatusReport, bulk)
    writer.insert(StatusReportRevision, revisions)
    for plan, story in open_ones:
        plan.reports[story.report.week] = write_with_services(ctx, plan, story)


def write_in_bulk(writer: BulkWriter, plan: ProjectPlan, story: ReportStory) -> list[StatusReportRevision]:
    """The bulk path: the creation entry ``create_status_report`` records, then each step replayed through
    ``TRANSITIONS``; returns the revisions frozen by the submissions (unsaved)."""
    report = story.report
    writer.created(report, actor=plan.pm, at=story.created, fields=CONTENT_FIELDS, empty=EMPTY_REPORT_VALUES)
    revisions = []
    for step in story.steps:
        revision = replay(writer, report, step.action, actor=step.actor, moment=step.at, comment=step.comment)
        if revision is not None:
            revisions.append(revision)
    return revisions


def _submit(step: Step, report: StatusReport) -> StatusReport:
    return services.submit_status_report(actor=step.actor, report=report, expected_version=report.version)


def _review(step: Step, report: StatusReport) -> StatusReport:
    return services.review_status_report(
        actor=step.actor,
        report=report,
        accept=step.action == "accept",
        comment=step.comment,
        expected_version=report.version,
    )


#: The status service behind each workflow step of a story.
SERVICE_STEPS: dict[str, Callable[[Step, StatusReport], StatusReport]] = {
    "submit": _submit,
    "accept": _review,
    "return": _review,
}


def write_with_services(ctx: DemoContext, plan: ProjectPlan, story: ReportStory) -> StatusReport:
    """The PM writes the report (and submits it), the PMO reviews it: the status services, at the story's moments."""
    with ctx.clock.during(story.created):
        report = services.create_status_report(
            actor=plan.pm, project=plan.project, week=story.report.week, content=ReportContent.of(story.report)
        )
    for step in story.steps:
        with ctx.clock.during(step.at):
            report = SERVICE_STEPS[step.action](step, report)
    return report
