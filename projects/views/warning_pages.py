"""Early warnings on pages: the list (the digest links here), a project's panel and the home panel (PMO: all open
warnings; a PM: those of the projects they run). Reads are restricted like the projects they belong to; warnings
about a person (over-allocation) belong to no project and are shown to the PMO and executives."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from core import roles
from core.mixins import RoleRequiredMixin
from projects import selectors
from projects.models import EarlyWarning, WarningKind

PANEL_ROWS = 8


def visible_warnings(user):
    return EarlyWarning.objects.restrict(user, "view").select_related("project", "person")


class WarningListView(RoleRequiredMixin, TemplateView):
    template_name = "projects/warnings/warning_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        show_resolved = self.request.GET.get("resolved") == "1"
        qs = visible_warnings(self.request.user)
        if not show_resolved:
            qs = qs.open()
        if kind in WarningKind.values:
            qs = qs.filter(kind=kind)
        ctx.update(warnings=list(qs[:300]), kinds=WarningKind.choices, kind=kind, show_resolved=show_resolved)
        return ctx


class ProjectWarningsPanelView(RoleRequiredMixin, TemplateView):
    """The open warnings of one project (an empty body when there are none)."""

    template_name = "projects/warnings/project_panel.html"

    def get(self, request, code: str):
        project = get_object_or_404(selectors.project_list(request.user), code=code)
        warnings = list(EarlyWarning.objects.open().filter(project=project)[:PANEL_ROWS])
        if not warnings:
            return HttpResponse("")
        return self.render_to_response({"project": project, "warnings": warnings})


class HomeWarningsPanelView(RoleRequiredMixin, TemplateView):
    """The PMO's open warnings by kind with the latest ones; a PM's warnings on the projects they run."""

    template_name = "projects/warnings/home_panel.html"

    def get(self, request):
        user = request.user
        qs = visible_warnings(user).open()
        if not roles.sees_everything(user):
            if not roles.is_pm(user):
                return HttpResponse("")
            qs = qs.filter(Q(project__pm=user) | Q(project__deputy_pm=user))
        counts = {row["kind"]: row["n"] for row in qs.order_by().values("kind").annotate(n=Count("id"))}
        if not counts:
            return HttpResponse("")
        by_kind = [(value, label, counts[value]) for value, label in WarningKind.choices if counts.get(value)]
        return self.render_to_response(
            {"by_kind": by_kind, "total": sum(counts.values()), "latest": list(qs[:PANEL_ROWS])}
        )
