"""The notifications the projects app sends (SPEC.md, "Notifications"): report submitted (to the PMO reviewers),
returned (to the PM), missing after the deadline (to the PM), issue escalated (to the PMO or the executives).

Services call these inside their transaction; ``core.notifications.notify`` makes each event notify a user once.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import notifications, roles
from projects import queues

REPORT_SUBMITTED = "report_submitted"
REPORT_RETURNED = "report_returned"
REPORT_MISSING = "report_missing"
ISSUE_ESCALATED = "issue_escalated"

notifications.register(
    REPORT_SUBMITTED,
    label=_("A weekly report was submitted (PMO)"),
    message=_("%(code)s: the report for %(week)s was submitted and awaits review."),
)
notifications.register(
    REPORT_RETURNED,
    label=_("Your weekly report was returned"),
    message=_("%(code)s: the report for %(week)s was returned: %(comment)s"),
)
notifications.register(
    REPORT_MISSING,
    label=_("Your weekly report is missing after the deadline"),
    message=_("%(code)s: the report for %(week)s is missing (the deadline has passed)."),
)
notifications.register(
    ISSUE_ESCALATED,
    label=_("An issue was escalated to the PMO or the executives"),
    message=_("%(code)s: the issue “%(title)s” was escalated to %(level)s."),
)


def _users_with_role(role: str):
    User = get_user_model()
    q = Q(groups__name=role) | Q(is_superuser=True) if role == roles.PMO else Q(groups__name=role)
    return list(User.objects.filter(q, is_active=True).distinct())


def _project_managers(project) -> list:
    return [u for u in (project.pm, project.deputy_pm) if u is not None]


def report_submitted(report) -> None:
    """To every PMO reviewer; one per revision."""
    url = reverse("projects:status_detail", kwargs={"code": report.project.code, "week": report.week})
    notifications.notify(
        kind=REPORT_SUBMITTED,
        recipients=_users_with_role(roles.PMO),
        event_key=f"report-submitted:{report.pk}:{report.revision}",
        url=url,
        params={"code": report.project.code, "week": report.week},
        project_id=report.project_id,
    )


def report_returned(report) -> None:
    """To the project's PM and deputy PM; one per returned revision."""
    url = reverse("projects:status_detail", kwargs={"code": report.project.code, "week": report.week})
    notifications.notify(
        kind=REPORT_RETURNED,
        recipients=_project_managers(report.project),
        event_key=f"report-returned:{report.pk}:{report.revision}",
        url=url,
        params={"code": report.project.code, "week": report.week, "comment": report.review_comment[:200]},
        project_id=report.project_id,
    )


def issue_escalated(issue) -> None:
    """To the PMO (level PMO) or the executives (level executive); one per issue and level."""
    role = roles.EXECUTIVE if issue.escalation_level == "executive" else roles.PMO
    notifications.notify(
        kind=ISSUE_ESCALATED,
        recipients=_users_with_role(role),
        event_key=f"issue-escalated:{issue.pk}:{issue.escalation_level}",
        url=reverse("projects:issues", kwargs={"code": issue.project.code}) + f"#issue-{issue.pk}",
        params={
            "code": issue.project.code,
            "title": issue.title[:120],
            "level": str(issue.get_escalation_level_display()),
        },
        project_id=issue.project_id,
    )


def remind_missing_reports(*, now: dt.datetime | None = None) -> int:
    """After the week's deadline, remind the PM (and deputy) of each running project without a submitted report:
    one reminder per project and week, however often this runs. Returns the number of new notifications."""
    from projects.models import Project

    ctx = queues.this_week(now)
    if not ctx.past_deadline:
        return 0
    running = Project.objects.filter(state="active", archived_at__isnull=True).select_related("pm", "deputy_pm")
    sent = 0
    for project in queues.missing_reports(running, ctx.week):
        sent += len(
            notifications.notify(
                kind=REPORT_MISSING,
                recipients=_project_managers(project),
                event_key=f"report-missing:{project.pk}:{ctx.week}",
                url=reverse("projects:status_edit", kwargs={"code": project.code, "week": ctx.week}),
                params={"code": project.code, "week": ctx.week},
                project_id=project.pk,
            )
        )
    return sent


# --- Early warnings and the PM satisfaction survey ----------------------------------------------------------------

WARNING_DIGEST = "warning_digest"
SURVEY_OPENED = "survey_opened"

notifications.register(
    WARNING_DIGEST,
    label=_("Daily digest of new early warnings"),
    message=_("%(count)s new early warnings on %(date)s: %(subjects)s"),
)
notifications.register(
    SURVEY_OPENED,
    label=_("PM satisfaction survey opened"),
    message=_("The PMO asks for your opinion: “%(title)s” (open until %(closes_on)s, anonymous, one minute)."),
)


def pmo_users() -> list:
    return _users_with_role(roles.PMO)


def warning_digest(user, warnings: list, day: dt.date) -> int:
    """One digest per recipient and day (event key ``warning-digest:<day>``, unique per recipient in the database):
    a second run on the same day sends nothing. Returns 1 when a digest was created now."""
    subjects = []
    for w in warnings:
        subject = w.project.code if w.project_id else w.params.get("person", "")
        if subject and subject not in subjects:
            subjects.append(subject)
    text = ", ".join(subjects[:10]) + (" …" if len(subjects) > 10 else "")
    created = notifications.notify(
        kind=WARNING_DIGEST,
        recipients=[user],
        event_key=f"warning-digest:{day.isoformat()}",
        url=reverse("projects:warnings"),
        params={"count": len(warnings), "date": day.isoformat(), "subjects": text},
    )
    return len(created)


def survey_opened(survey, recipients: list) -> None:
    """Each invited PM: one notification (and e-mail) per round, linking to the answer form."""
    notifications.notify(
        kind=SURVEY_OPENED,
        recipients=recipients,
        event_key=f"survey-opened:{survey.pk}",
        url=reverse("projects:survey_answer", kwargs={"pk": survey.pk}),
        params={"title": survey.title[:120], "closes_on": survey.closes_on.isoformat()},
    )
