"""The item tabs of a project page: milestones, issues, risks, changes & decisions, meetings & action items.

Every item kind shares the same small set of endpoints (``<kind>_create``, ``<kind>_row``, ``<kind>_edit``,
``<kind>_delete``) that serve both htmx and plain requests:

* With htmx (``HX-Request``), an Edit button ``hx-get``s the row form, which replaces the display row
  (``hx-target="closest tr"``, ``hx-swap="outerHTML"``); Save ``hx-post``s and gets the display row back, or the
  form again with its errors (status 200 so htmx swaps it); Cancel ``hx-get``s the display row. "Add" inserts an
  empty form row in place of a hidden placeholder row (``<tr id="issue-new" hidden>``); the response to a
  successful save is the placeholder again followed by the new row.
* Without htmx, the same URLs give a full page with the form, and a successful POST redirects to the tab.

Writes go through ``projects.services`` (which record history); permissions through ``projects.permissions``:
``can_manage_project`` for everything, except that issues and action items may also be edited by whoever
``can_edit_assigned`` allows (a member editing what they own). Buttons are shown only where allowed and every
POST is checked again (403).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.base import ContextMixin

from projects import permissions, services
from core.exceptions import StaleEdit
from projects.filters import IssueFilterSet
from projects.forms.item_forms import (
    ActionItemForm,
    ChangeRequestForm,
    IssueForm,
    ItemForm,
    MeetingForm,
    MilestoneForm,
    RiskForm,
    person_label,
    project_people,
)
from projects.models import (
    ActionItem,
    ActionStatus,
    ChangeRequest,
    ChangeStatus,
    EscalationLevel,
    Issue,
    IssueStatus,
    Meeting,
    Milestone,
    Priority,
    Risk,
    RiskStatus,
)
from projects.views.base import ProjectMixin

# Risk score bands of the heat map and the register (score = probability × impact, 1–25).
RISK_HIGH_SCORE = 12
RISK_MID_SCORE = 5


def risk_level(score: int | None) -> str:
    """``low``, ``mid`` or ``high`` for a risk score (the .heat-* classes of portal.css)."""
    if score is None:
        return "low"
    if score >= RISK_HIGH_SCORE:
        return "high"
    if score >= RISK_MID_SCORE:
        return "mid"
    return "low"


@dataclass(frozen=True)
class ItemKind:
    """One kind of project item and how its tab shows it."""

    slug: str  # URL-name prefix and DOM id prefix: ``issue`` → ``projects:issue_edit``, ``<tr id="issue-12">``
    path: str  # URL segment under the project
    model: type[models.Model]
    form_class: type[ItemForm]
    tab: str  # key of projects.views.base.PROJECT_TABS (also the tab's URL name)
    row_template: str
    colspan: int  # columns of the tab's table (the row form spans them)
    assigned_edit: bool = False  # members may edit the items they own (permissions.can_edit_assigned)
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[Any, ...] = ()
    fixed_statuses: tuple[str, ...] = ()  # statuses in which an item is kept as it is (decided change requests)

    def queryset(self, project) -> QuerySet:
        qs = self.model.objects.filter(project=project)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def url(self, action: str, project, pk: int | None = None) -> str:
        kwargs: dict[str, Any] = {"code": project.code}
        if pk is not None:
            kwargs["pk"] = pk
        return reverse(f"projects:{self.slug}_{action}", kwargs=kwargs)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)


MILESTONE = ItemKind(
    slug="milestone",
    path="milestones",
    model=Milestone,
    form_class=MilestoneForm,
    tab="milestones",
    row_template="projects/items/_milestone_row.html",
    colspan=8,
)
ISSUE = ItemKind(
    slug="issue",
    path="issues",
    model=Issue,
    form_class=IssueForm,
    tab="issues",
    row_template="projects/items/_issue_row.html",
    colspan=9,
    assigned_edit=True,
    select_related=("owner", "source_risk"),
)
RISK = ItemKind(
    slug="risk",
    path="risks",
    model=Risk,
    form_class=RiskForm,
    tab="risks",
    row_template="projects/items/_risk_row.html",
    colspan=9,
    select_related=("owner", "resulting_issue"),
)
CHANGE = ItemKind(
    slug="change",
    path="changes",
    model=ChangeRequest,
    form_class=ChangeRequestForm,
    tab="changes",
    row_template="projects/items/_change_row.html",
    colspan=7,
    select_related=("decided_by", "requested_by"),
    fixed_statuses=(ChangeStatus.APPROVED, ChangeStatus.REJECTED),
)
MEETING = ItemKind(
    slug="meeting",
    path="meetings",
    model=Meeting,
    form_class=MeetingForm,
    tab="meetings",
    row_template="projects/items/_meeting_row.html",
    colspan=7,
    prefetch_related=(
        "attendees",
        Prefetch("action_items", queryset=ActionItem.objects.select_related("owner").order_by("due_date", "id")),
    ),
)
ACTION = ItemKind(
    slug="action",
    path="action-items",
    model=ActionItem,
    form_class=ActionItemForm,
    tab="meetings",
    row_template="projects/items/_action_row.html",
    colspan=6,
    assigned_edit=True,
    select_related=("owner", "meeting"),
)
KINDS: dict[str, ItemKind] = {k.slug: k for k in (MILESTONE, ISSUE, RISK, CHANGE, MEETING, ACTION)}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


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
        """Show the Edit button (``exact=False``) or accept an edit (``exact=True``, asks permissions directly)."""
        if getattr(item, "status", None) in kind.fixed_statuses:
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
        item = get_object_or_404(kind.queryset(self.project), pk=pk)
        item.project = self.project
        return item

    def decorate(self, item: models.Model, kind: ItemKind | None = None) -> models.Model:
        """Attach what a row shows: permissions, URLs, DOM id and kind-specific flags."""
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
        if _is_htmx(self.request):
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
            data, instance=instance, initial=initial, project=self.project, restricted=restricted
        )


class ItemCreateView(ItemViewMixin, View):
    """GET: an empty form (``?cancel=1``: the placeholder row back); POST: create through the service."""

    manage_required = True

    def get(self, request, *args, **kwargs):
        if request.GET.get("cancel"):
            if _is_htmx(request):
                return HttpResponse(self.placeholder())
            return redirect(self.tab_url())
        initial = {}
        if self.kind is ACTION and request.GET.get("meeting", "").isdigit():
            initial["meeting"] = Meeting.objects.filter(project=self.project, pk=request.GET["meeting"]).first()
        return self.form_response(self.make_form(initial=initial))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.form_response(form)
        data = form.model_data
        if self.kind is CHANGE:
            data["requested_by"] = request.user
            if data.get("status") == ChangeStatus.DECISION:
                data["decided_by"] = request.user
        obj = services.create_item(actor=request.user, model=self.kind.model, project=self.project, data=data)
        if _is_htmx(request):
            return self.row_response(obj, with_placeholder=True)
        messages.success(
            request, _("%(item)s “%(name)s” added.") % {"item": capfirst(self.kind.verbose_name), "name": obj}
        )
        return redirect(self.tab_url(obj))


class ItemRowView(ItemViewMixin, View):
    """The display row of one item (what Cancel restores); without htmx, the tab."""

    def get(self, request, *args, **kwargs):
        item = self.get_item(kwargs["pk"])
        if not _is_htmx(request):
            return redirect(self.tab_url(item))
        return self.row_response(item)


class ItemEditView(ItemViewMixin, View):
    """GET: the item's form; POST: update through the service, with optimistic locking where versioned."""

    def get(self, request, *args, **kwargs):
        item = self.get_item(kwargs["pk"])
        if not self.may_edit(item, self.kind, exact=True):
            raise PermissionDenied
        return self.form_response(self.make_form(item=item), item=item)

    def post(self, request, *args, **kwargs):
        item = self.get_item(kwargs["pk"])
        if not self.may_edit(item, self.kind, exact=True):
            raise PermissionDenied
        form = self.make_form(request.POST, item=item)
        if not form.is_valid():
            return self.form_response(form, item=item)
        expected = form.cleaned_data.get("version") if form.versioned else None
        try:
            services.update_item(actor=request.user, obj=item, data=form.model_data, expected_version=expected)
        except StaleEdit as exc:
            return self.stale_response(exc, kwargs["pk"])
        if _is_htmx(request):
            return self.row_response(item)
        messages.success(
            request, _("%(item)s “%(name)s” saved.") % {"item": capfirst(self.kind.verbose_name), "name": item}
        )
        return redirect(self.tab_url(item))

    def stale_response(self, exc: StaleEdit, pk: int) -> HttpResponse:
        """The form again, filled with what was typed, saying who changed the item in the meantime.

        It now carries the current version, so saving again (after checking) goes through.
        """
        current = self.get_item(pk)
        data = self.request.POST.copy()
        data["version"] = str(current.version)
        form = self.make_form(data, item=current)
        form.is_valid()
        form.add_error(None, exc.message)
        return self.form_response(form, item=current)


class ItemDeleteView(ItemViewMixin, View):
    manage_required = True

    def post(self, request, *args, **kwargs):
        item = self.get_item(kwargs["pk"])
        if not self.may_delete(item, self.kind):
            raise PermissionDenied
        name = str(item)
        services.delete_item(actor=request.user, obj=item)
        if _is_htmx(request):
            return HttpResponse("")
        messages.success(
            request, _("%(item)s “%(name)s” deleted.") % {"item": capfirst(self.kind.verbose_name), "name": name}
        )
        return redirect(self.tab_url())


class RiskConvertView(ItemViewMixin, View):
    """Turn an open risk into a linked issue (the risk becomes materialised), then show the new issue."""

    manage_required = True
    kind = RISK

    def post(self, request, *args, **kwargs):
        risk = self.decorate(self.get_item(kwargs["pk"]))
        if not risk.can_convert:
            messages.error(request, _("Only an open risk without an issue can be turned into an issue."))
            return redirect(self.tab_url(risk))
        try:
            issue = services.convert_risk_to_issue(actor=request.user, risk=risk)
        except IntegrityError:  # converted by someone else a moment ago
            messages.error(request, _("This risk has already been turned into an issue."))
            return redirect(self.tab_url(risk))
        messages.success(
            request, _("Risk “%(name)s” is now an issue: complete its due date and owner.") % {"name": risk}
        )
        url = reverse("projects:issues", kwargs={"code": self.project.code})
        return redirect(f"{url}#issue-{issue.pk}")


class ChangeDecideView(ItemViewMixin, View):
    """Approve or reject a proposed change request (PMO or the project's PM)."""

    manage_required = True
    kind = CHANGE

    def post(self, request, *args, **kwargs):
        change = self.get_item(kwargs["pk"])
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            messages.error(request, _("Choose approve or reject."))
            return redirect(self.tab_url(change))
        if change.status != ChangeStatus.PROPOSED:
            messages.error(request, _("This change request has already been decided."))
            return redirect(self.tab_url(change))
        services.decide_change_request(
            actor=request.user,
            change_request=change,
            approve=decision == "approve",
            decided_on=timezone.localdate(),
            comment=request.POST.get("comment", "")[:2000],
        )
        if _is_htmx(request):
            return self.row_response(change)
        if decision == "approve":
            messages.success(request, _("Change request “%(name)s” approved.") % {"name": change})
        else:
            messages.success(request, _("Change request “%(name)s” rejected.") % {"name": change})
        return redirect(self.tab_url(change))


# --- Tabs --------------------------------------------------------------------------------------------------


class ItemTabView(ItemViewMixin, TemplateView):
    """A tab listing one kind of item, with its add button."""

    def get_items(self) -> QuerySet:
        return self.kind.queryset(self.project)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        items = [self.decorate(item) for item in self.get_items()]
        ctx.update(self.row_context(items=items))
        ctx["create_url"] = self.kind.url("create", self.project) if self.can_manage else None
        return ctx


class MilestoneTabView(ItemTabView):
    kind = MILESTONE
    template_name = "projects/items/milestones.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        items = ctx["items"]
        ctx["total_weight"] = sum((m.weight for m in items), 0)
        ctx["late_count"] = sum(1 for m in items if m.slip_days > 0)
        return ctx


class IssueTabView(ItemTabView):
    kind = ISSUE
    template_name = "projects/items/issues.html"
    filter_keys = ("status", "priority", "escalation_level", "owner")

    def get_items(self) -> QuerySet:
        data = {key: self.request.GET[key] for key in self.filter_keys if self.request.GET.get(key)}
        self.filterset = IssueFilterSet(data or None, queryset=super().get_items(), request=self.request)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        chosen = {key: self.request.GET.get(key, "") for key in self.filter_keys}
        people = list(project_people(self.project))
        filters = [
            ("status", _("Status"), IssueStatus.choices),
            ("priority", _("Priority"), Priority.choices),
            ("escalation_level", _("Escalation level"), EscalationLevel.choices),
            ("owner", _("Owner"), [(u.username, person_label(u)) for u in people]),
        ]
        ctx["filters"] = [
            {
                "key": key,
                "label": label,
                "options": [(value, text, value == chosen[key]) for value, text in choices],
            }
            for key, label, choices in filters
        ]
        ctx["filtered"] = any(chosen.values())
        ctx["overdue_count"] = sum(1 for issue in ctx["items"] if issue.is_overdue)
        return ctx


def heat_map(risks) -> list[dict[str, Any]]:
    """Open risks counted by probability (rows 5 → 1) and impact (columns 1 → 5)."""
    counts = Counter((r.probability, r.impact) for r in risks if r.status == RiskStatus.OPEN)
    return [
        {
            "probability": p,
            "cells": [
                {"impact": i, "score": p * i, "level": risk_level(p * i), "count": counts.get((p, i), 0)}
                for i in range(1, 6)
            ],
        }
        for p in range(5, 0, -1)
    ]


class RiskTabView(ItemTabView):
    kind = RISK
    template_name = "projects/items/risks.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["heat_map"] = heat_map(ctx["items"])
        ctx["impacts"] = range(1, 6)
        ctx["open_count"] = sum(1 for r in ctx["items"] if r.status == RiskStatus.OPEN)
        return ctx


class ChangeTabView(ItemTabView):
    kind = CHANGE
    template_name = "projects/items/changes.html"


class MeetingTabView(ItemTabView):
    """Meetings with their action items, and the project's action items (open ones unless ``?actions=all``)."""

    kind = MEETING
    template_name = "projects/items/meetings.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        show_all = self.request.GET.get("actions") == "all"
        actions = ACTION.queryset(self.project).order_by("due_date", "id")
        if not show_all:
            actions = actions.filter(status=ActionStatus.OPEN)
        ctx["actions"] = [self.decorate(a, ACTION) for a in actions]
        ctx["show_all_actions"] = show_all
        ctx["action_create_url"] = ACTION.url("create", self.project) if self.can_manage else None
        ctx["action_colspan"] = ACTION.colspan
        return ctx


urlpatterns = [
    path("<str:code>/milestones/", MilestoneTabView.as_view(), name="milestones"),
    path("<str:code>/issues/", IssueTabView.as_view(), name="issues"),
    path("<str:code>/risks/", RiskTabView.as_view(), name="risks"),
    path("<str:code>/changes/", ChangeTabView.as_view(), name="changes"),
    path("<str:code>/meetings/", MeetingTabView.as_view(), name="meetings"),
    path("<str:code>/risks/<int:pk>/convert/", RiskConvertView.as_view(), name="risk_convert"),
    path("<str:code>/changes/<int:pk>/decide/", ChangeDecideView.as_view(), name="change_decide"),
]
for _kind in KINDS.values():
    urlpatterns += [
        path(f"<str:code>/{_kind.path}/new/", ItemCreateView.as_view(kind=_kind), name=f"{_kind.slug}_create"),
        path(f"<str:code>/{_kind.path}/<int:pk>/", ItemRowView.as_view(kind=_kind), name=f"{_kind.slug}_row"),
        path(f"<str:code>/{_kind.path}/<int:pk>/edit/", ItemEditView.as_view(kind=_kind), name=f"{_kind.slug}_edit"),
        path(
            f"<str:code>/{_kind.path}/<int:pk>/delete/",
            ItemDeleteView.as_view(kind=_kind),
            name=f"{_kind.slug}_delete",
        ),
    ]
