"""What every project page shares: loading the project the user may see, and the header context."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.mixins import RoleRequiredMixin
from projects import extensions, permissions, selectors
from projects.services.projects import ARCHIVABLE_STATES

PROJECT_TABS = [
    ("status", _("Status"), "projects:detail"),
    ("milestones", _("Milestones"), "projects:milestones"),
    ("costs", _("Costs & quality"), "projects:costs"),
    ("issues", _("Issues"), "projects:issues"),
    ("risks", _("Risks"), "projects:risks"),
    ("changes", _("Changes & decisions"), "projects:changes"),
    ("meetings", _("Meetings & action items"), "projects:meetings"),
    ("members", _("Members"), "projects:members"),
    ("history", _("History"), "projects:history"),
]


class ProjectMixin(RoleRequiredMixin):
    """Loads ``self.project`` by ``code`` from the projects the user may see (404 otherwise).

    ``manage_required`` pages also need ``permissions.can_manage_project`` (403 otherwise).
    ``tab`` names the active tab of ``projects/project_base.html``.
    """

    manage_required = False
    tab = "status"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.project = get_object_or_404(selectors.project_list(request.user), code=kwargs["code"])
        if self.manage_required and not permissions.can_manage_project(request.user, self.project):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def tab_links(self) -> list[tuple[str, str, str]]:
        links = []
        extra = [(t.key, t.label, t.url_name) for t in extensions.tabs()]
        # Tabs of other apps go before "History", which stays last.
        for key, label, urlname in PROJECT_TABS[:-1] + extra + PROJECT_TABS[-1:]:
            try:
                links.append((key, label, reverse(urlname, kwargs={"code": self.project.code})))
            except NoReverseMatch:  # a tab whose pages are not installed
                continue
        return links

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["project"] = self.project
        ctx["tab"] = self.tab
        ctx["project_tabs"] = self.tab_links()
        ctx["project_panels"] = [reverse(p.url_name, kwargs={"code": self.project.code}) for p in extensions.panels()]
        ctx["can_manage"] = permissions.can_manage_project(self.request.user, self.project)
        ctx["can_review"] = permissions.can_review_status(self.request.user, self.project)
        ctx["can_archive"] = permissions.can_archive_project(self.request.user) and (
            self.project.archived_at is not None or self.project.state in ARCHIVABLE_STATES
        )
        return ctx


def display_value(field: models.Field | None, value: Any) -> str:
    """A model value as the page shows it (choice labels, yes/no, a dash for nothing)."""
    if value is None or value == "":
        return "—"
    if isinstance(field, models.DecimalField) and not isinstance(value, bool):
        # History stores decimals as strings (older entries may use exponent notation, e.g. "1.2E+7").
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return f"{number:,.0f}" if field.decimal_places == 0 else format(number.normalize(), "f")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
