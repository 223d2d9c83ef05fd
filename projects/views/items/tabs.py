"""The item tabs of a project page: milestones, issues, risks, changes & decisions, meetings & action items."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from projects.filters import IssueFilterSet
from projects.forms.item_forms import person_label, project_people
from projects.models import ActionStatus, EscalationLevel, IssueStatus, Priority, RiskStatus
from projects.views.items.kinds import ACTION, CHANGE, ISSUE, MEETING, MILESTONE, RISK, risk_level
from projects.views.items.mixins import ItemViewMixin


class ItemTabView(ItemViewMixin, TemplateView):
    """A tab listing one kind of item, with its add button."""

    def get_items(self) -> QuerySet:
        return self.kind.queryset(self.project, self.request.user)

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
        actions = ACTION.queryset(self.project, self.request.user).order_by("due_date", "id")
        if not show_all:
            actions = actions.filter(status=ActionStatus.OPEN)
        ctx["actions"] = [self.decorate(a, ACTION) for a in actions]
        ctx["show_all_actions"] = show_all
        ctx["action_create_url"] = ACTION.url("create", self.project) if self.can_manage else None
        ctx["action_colspan"] = ACTION.colspan
        return ctx
