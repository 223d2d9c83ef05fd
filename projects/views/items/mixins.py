"""What every item page shares: the project and the kind, permissions for the buttons, rows and forms.

Permissions come from ``projects.permissions`` (the pages ask it to decide which buttons to show and to refuse a
form to someone who may not write, 403); every rule is the service's, and the views only show its answer.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic.base import ContextMixin

from projects import permissions
from projects.forms.item_forms import ItemForm
from projects.models import ActionStatus, ChangeStatus, Issue, RiskStatus
from projects.views.base import ProjectMixin
from projects.views.items.kinds import ACTION, CHANGE, MEETING, RISK, ItemKind, risk_level


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def posted_version(request: HttpRequest) -> int | None:
    """The ``version`` of a button's form (``None`` when missing or not a number: the service says so)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


class ItemViewMixin(ProjectMixin, ContextMixin):
    """The project (via ProjectMixin), the item kind, per-item permissions and the row / form responses."""

    kind: ItemKind | None = None  # set by as_view(kind=...)

    @property
    def tab(self) -> str:  # type: ignore[override]
        return self.kind.tab if self.kind else "status"

    @cached_property
    def can_manage(self) -> bool:
        return permissions.can_manage_project(self.request.user, self.project)

    @cached_property
    def can_edit_own(self) -> bool:
        """Whether the user may edit an item of this project assigned to them (asked once per request).

        The answer of ``permissions.can_edit_assigned`` depends only on the user, the project and whether the
        user owns the item, so lists ask it once with a probe rather than once per row.
        """
        probe = SimpleNamespace(project=self.project, owner_id=self.request.user.pk)
        return permissions.can_edit_assigned(self.request.user, probe)

    def may_edit(self, item: models.Model, kind: ItemKind, *, exact: bool = False) -> bool:
        """Show the Edit button (``exact=False``: not in a fixed status either) or accept the form (``exact=True``:
        the permission alone, asked of ``projects.permissions``; the service checks the item's state)."""
        if not exact and getattr(item, "status", None) in kind.fixed_statuses:
            return False
        if self.can_manage:
            return True
        if not kind.assigned_edit:
            return False
        if exact:
            return permissions.can_edit_assigned(self.request.user, item)
        return item.owner_id == self.request.user.pk and self.can_edit_own

    def may_delete(self, item: models.Model, kind: ItemKind) -> bool:
        return self.can_manage and getattr(item, "status", None) not in kind.fixed_statuses

    @cached_property
    def tab_urls(self) -> dict[str, str]:
        return {key: url for key, _label, url in self.tab_links()}

    def get_item(self, pk: int, kind: ItemKind | None = None) -> models.Model:
        kind = kind or self.kind
        item = get_object_or_404(kind.queryset(self.project, self.request.user), pk=pk)
        item.project = self.project
        return item

    def decorate(self, item: models.Model, kind: ItemKind | None = None) -> models.Model:
        """Attach what a row shows: which buttons, URLs, DOM id and kind-specific flags."""
        kind = kind or self.kind
        item.project = self.project
        item.dom_id = f"{kind.slug}-{item.pk}"
        item.can_edit = self.may_edit(item, kind)
        item.can_delete = self.may_delete(item, kind)
        item.urls = {action: kind.url(action, self.project, item.pk) for action in ("row", "edit", "delete")}
        today = timezone.localdate()
        if kind is RISK:
            try:
                item.linked_issue = item.resulting_issue
            except Issue.DoesNotExist:
                item.linked_issue = None
            item.level = risk_level(item.score)
            item.can_convert = self.can_manage and item.status == RiskStatus.OPEN and item.linked_issue is None
            item.convert_url = reverse("projects:risk_convert", kwargs={"code": self.project.code, "pk": item.pk})
        elif kind is CHANGE:
            item.can_decide = self.can_manage and item.status == ChangeStatus.PROPOSED
            item.decide_url = reverse("projects:change_decide", kwargs={"code": self.project.code, "pk": item.pk})
        elif kind is ACTION:
            item.is_overdue = bool(item.status == ActionStatus.OPEN and item.due_date and item.due_date < today)
        elif kind is MEETING:
            for action in item.action_items.all():
                action.is_overdue = bool(
                    action.status == ActionStatus.OPEN and action.due_date and action.due_date < today
                )
            item.add_action_url = f"{ACTION.url('create', self.project)}?meeting={item.pk}"
        return item

    def row_context(self, **extra: Any) -> dict[str, Any]:
        return {
            "project": self.project,
            "kind": self.kind,
            "can_manage": self.can_manage,
            "tab_urls": self.tab_urls,
            "today": timezone.localdate(),
            **extra,
        }

    def tab_url(self, item: models.Model | None = None) -> str:
        url = reverse(f"projects:{self.kind.tab}", kwargs={"code": self.project.code})
        return f"{url}#{self.kind.slug}-{item.pk}" if item is not None else url

    def placeholder(self) -> str:
        return f'<tr id="{self.kind.slug}-new" hidden></tr>'

    def row_response(self, item: models.Model, *, with_placeholder: bool = False) -> HttpResponse:
        """The display row of ``item``, read again with the tab's query (fresh generated fields and relations)."""
        fresh = self.decorate(self.get_item(item.pk))
        response = render(self.request, self.kind.row_template, self.row_context(item=fresh))
        if with_placeholder:
            response.content = self.placeholder().encode() + response.content
        patch_vary_headers(response, ["HX-Request"])
        return response

    def form_response(self, form: ItemForm, *, item: models.Model | None = None) -> HttpResponse:
        """The form as a table row (htmx) or as a full page; errors, if any, are at their fields."""
        name = self.kind.verbose_name
        if item is None:
            action = self.kind.url("create", self.project)
            cancel_url = f"{action}?cancel=1"
            title = _("New %(item)s") % {"item": name}
            row_id = f"{self.kind.slug}-new"
        else:
            action = self.kind.url("edit", self.project, item.pk)
            cancel_url = self.kind.url("row", self.project, item.pk)
            title = _("Edit %(item)s: %(name)s") % {"item": name, "name": item}
            row_id = f"{self.kind.slug}-{item.pk}"
        ctx = {
            "form": form,
            "item": item,
            "action": action,
            "cancel_url": cancel_url,
            "form_title": title,
            "row_id": row_id,
        }
        if is_htmx(self.request):
            response = render(self.request, "projects/items/_form_row.html", self.row_context(**ctx))
        else:
            ctx["cancel_url"] = self.tab_url(item)
            ctx = self.get_context_data(**ctx)
            ctx["tab_urls"] = self.tab_urls
            response = render(self.request, "projects/items/item_form_page.html", ctx)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def make_form(self, data=None, *, item: models.Model | None = None, initial=None) -> ItemForm:
        instance = item if item is not None else self.kind.model(project=self.project)
        restricted = item is not None and not self.can_manage
        return self.kind.form_class(
            data,
            instance=instance,
            initial=initial,
            project=self.project,
            user=self.request.user,
            restricted=restricted,
        )
