"""The home of the weekly loop (``/projects/work/``): the PMO's and the PM's work queues, each with its count and
links. Reads come from ``projects.queues`` (restricted to what the user may see)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core import roles
from core.mixins import RoleRequiredMixin
from projects import extensions, queues

#: queue key → (title, what an empty queue says, Bootstrap colour of its count)
QUEUE_LABELS = {
    "awaiting_review": (_("Reports awaiting review"), _("Nothing to review."), "primary"),
    "returned": (_("Returned, not yet resubmitted"), _("No report is waiting for its PM."), "warning"),
    "missing": (_("Missing this week (after the deadline)"), _("Every running project has reported."), "danger"),
    "not_yet_submitted": (_("Not yet submitted this week"), _("Every running project has reported."), "secondary"),
    "stale": (_("Stale: no report for 2 weeks or more"), _("No stale project."), "danger"),
    "escalated_issues": (_("Issues escalated to the PMO or executives"), _("No open escalation."), "danger"),
    "help_needed": (_("Help needed (this and last week's reports)"), _("Nobody asked for help."), "warning"),
    "to_write": (_("Reports to write this week"), _("All your reports for this week are submitted."), "primary"),
    "overdue_issues": (_("Your overdue issues"), _("No overdue issue."), "danger"),
    "overdue_actions": (_("Your overdue action items"), _("No overdue action item."), "danger"),
}


class WorkView(RoleRequiredMixin, TemplateView):
    """The PMO sees the portfolio's queues; a PM (or deputy) the queues of their own projects; both if both."""

    template_name = "projects/work.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        sections = []
        week = None
        if roles.is_pmo(user):
            week, pmo = queues.pmo_queues(user)
            sections.append((_("PMO"), self._decorate(pmo)))
        if roles.is_pm(user):
            week, pm = queues.pm_queues(user)
            sections.append((_("My projects"), self._decorate(pm)))
        if week is None:
            week = queues.this_week()
        ctx.update(sections=sections, week=week, home_panels=[reverse(p.url_name) for p in extensions.home_panels()])
        return ctx

    @staticmethod
    def _decorate(items: list[queues.Queue]) -> list[dict]:
        out = []
        for queue in items:
            title, empty, colour = QUEUE_LABELS[queue.key]
            out.append({"queue": queue, "key": queue.key, "title": title, "empty": empty, "colour": colour})
        return out
