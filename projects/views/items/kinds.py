"""The kinds of project item the tabs show, and how each is read, formed and written (one table)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from projects import services
from projects.forms.item_forms import (
    ActionItemForm,
    ChangeRequestForm,
    IssueForm,
    ItemForm,
    MeetingForm,
    MilestoneForm,
    RiskForm,
)
from projects.models import ActionItem, ChangeRequest, ChangeStatus, Issue, Meeting, Milestone, Risk

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
    """One kind of project item: its tab, its form and its services."""

    slug: str  # URL-name prefix and DOM id prefix: ``issue`` → ``projects:issue_edit``, ``<tr id="issue-12">``
    path: str  # URL segment under the project
    model: type[models.Model]
    form_class: type[ItemForm]
    tab: str  # key of projects.views.base.PROJECT_TABS (also the tab's URL name)
    row_template: str
    colspan: int  # columns of the tab's table (the row form spans them)
    create: Callable[..., models.Model]  # services.create_<kind>(*, actor, project, **fields)
    update: Callable[..., models.Model]  # services.update_<kind>(*, actor, <arg>, expected_version, **fields)
    arg: str  # the keyword under which ``update`` takes the item
    assigned_edit: bool = False  # members may edit the items they own (permissions.can_edit_assigned)
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[Any, ...] = ()
    fixed_statuses: tuple[str, ...] = ()  # no Edit / Delete buttons in these statuses (the service refuses them)

    def queryset(self, project, user) -> QuerySet:
        """The project's items of this kind that ``user`` may see (the one read path: ``restrict``)."""
        qs = self.model.objects.restrict(user, "view").filter(project=project)
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

    def create_item(self, *, actor, project, data: dict[str, Any]) -> models.Model:
        return self.create(actor=actor, project=project, **data)

    def update_item(self, *, actor, item: models.Model, expected_version: int | None, data: dict[str, Any]):
        return self.update(actor=actor, expected_version=expected_version, **{self.arg: item}, **data)


MILESTONE = ItemKind(
    slug="milestone",
    path="milestones",
    model=Milestone,
    form_class=MilestoneForm,
    tab="milestones",
    row_template="projects/items/_milestone_row.html",
    colspan=8,
    create=services.create_milestone,
    update=services.update_milestone,
    arg="milestone",
)
ISSUE = ItemKind(
    slug="issue",
    path="issues",
    model=Issue,
    form_class=IssueForm,
    tab="issues",
    row_template="projects/items/_issue_row.html",
    colspan=9,
    create=services.create_issue,
    update=services.update_issue,
    arg="issue",
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
    create=services.create_risk,
    update=services.update_risk,
    arg="risk",
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
    create=services.create_change_request,
    update=services.update_change_request,
    arg="change_request",
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
    create=services.create_meeting,
    update=services.update_meeting,
    arg="meeting",
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
    create=services.create_action_item,
    update=services.update_action_item,
    arg="action_item",
    assigned_edit=True,
    select_related=("owner", "meeting"),
)
KINDS: dict[str, ItemKind] = {k.slug: k for k in (MILESTONE, ISSUE, RISK, CHANGE, MEETING, ACTION)}
