"""FilterSets shared by the pages' lists and the API's lists (one definition each)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.forms.org_choices import CodedModelChoiceField
from projects.models import (
    ActionItem,
    ActionStatus,
    ChangeRequest,
    CostActual,
    CostPlan,
    EscalationLevel,
    Issue,
    IssueStatus,
    Meeting,
    Milestone,
    OrgUnit,
    Phase,
    Program,
    Project,
    ProjectState,
    QualityRecord,
    Rag,
    Risk,
    RiskStatus,
    StatusReport,
)

User = get_user_model()

#: The escalation levels of the PMO's "escalated" view.
ESCALATED_LEVELS = (EscalationLevel.PMO, EscalationLevel.EXECUTIVE)


class CodedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """An org unit or program filter whose options read ``CODE · name``."""

    field_class = CodedModelChoiceField


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    org_unit = CodedModelChoiceFilter(queryset=OrgUnit.objects.all(), label=_("Org unit"))
    program = CodedModelChoiceFilter(queryset=Program.objects.all(), label=_("Program"))
    pm = django_filters.CharFilter(field_name="pm__username", label=_("PM (username)"))
    phase = django_filters.ChoiceFilter(choices=Phase.choices, label=_("Phase"))
    state = django_filters.ChoiceFilter(choices=ProjectState.choices, label=_("State"))
    overall_rag = django_filters.ChoiceFilter(choices=Rag.choices, label=_("Overall RAG"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("My projects"))
    archived = django_filters.BooleanFilter(method="filter_archived", label=_("Archived"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("phase", "phase"),
            ("state", "state"),
            ("overall_rag", "overall_rag"),
            ("spi", "spi"),
            ("cpi", "cpi"),
            ("percent_complete", "percent_complete"),
            ("next_milestone_date", "next_milestone_date"),
        ),
        label=_("Sort"),
    )

    class Meta:
        model = Project
        fields = ["q", "org_unit", "program", "pm", "phase", "state", "overall_rag", "confidential", "archived"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        request = kwargs.get("request") or self.request
        user = getattr(request, "user", None)
        if user is not None:
            self.filters["org_unit"].queryset = OrgUnit.objects.restrict(user, "view")
            self.filters["program"].queryset = Program.objects.restrict(user, "view")

    @property
    def qs(self):
        qs = super().qs
        # Archived projects stay out of everyday lists unless asked for (``?archived=true``).
        if self.form.cleaned_data.get("archived") is None:
            qs = qs.filter(archived_at__isnull=True)
        return qs

    def filter_archived(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(archived_at__isnull=not value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(customer__icontains=value))

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or not user or not user.is_authenticated:
            return queryset
        return queryset.filter(Q(pm=user) | Q(deputy_pm=user))


class _ProjectChildFilterSet(django_filters.FilterSet):
    """Every list of a project's items filters by project: ``?project=<id or code>`` or ``?project_code=``."""

    project = django_filters.CharFilter(method="filter_project", label=_("Project (id or code)"))
    project_code = django_filters.CharFilter(field_name="project__code", label=_("Project code"))

    def filter_project(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(project_id=int(value))
        return queryset.filter(project__code=value)


class _CrossItemFilterSet(_ProjectChildFilterSet):
    """The items of the cross-project lists (issues, risks, action items), on the pages and in the API alike.

    ``q`` searches the title, ``org_unit`` is the project's org unit, ``owner`` a username, ``open`` keeps the items
    still open and ``overdue`` the open ones past their date (``OVERDUE_FIELD``) as of today.
    """

    OPEN_STATUSES: tuple[str, ...] = ()
    OVERDUE_FIELD = "due_date"

    q = django_filters.CharFilter(method="search", label=_("Search"))
    org_unit = CodedModelChoiceFilter(
        field_name="project__org_unit", queryset=OrgUnit.objects.all(), label=_("Org unit")
    )
    owner = django_filters.CharFilter(field_name="owner__username", label=_("Owner (username)"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None:
            self.filters["org_unit"].queryset = OrgUnit.objects.restrict(user, "view")

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(title__icontains=value) if value else queryset

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(status__in=self.OPEN_STATUSES)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(status__in=self.OPEN_STATUSES, **{f"{self.OVERDUE_FIELD}__lt": timezone.localdate()})
        return queryset.filter(condition) if value else queryset.exclude(condition)


class StatusReportFilterSet(_ProjectChildFilterSet):
    class Meta:
        model = StatusReport
        fields = ["project", "project_code", "week", "state", "overall_rag"]


class MilestoneFilterSet(_ProjectChildFilterSet):
    class Meta:
        model = Milestone
        fields = ["project", "project_code", "is_phase_gate", "phase"]


class IssueFilterSet(_CrossItemFilterSet):
    """``escalated=true``: escalated to the PMO or executives (the PMO's saved "escalated" view adds ``open``)."""

    OPEN_STATUSES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)
    escalated = django_filters.BooleanFilter(method="filter_escalated", label=_("Escalated"))

    class Meta:
        model = Issue
        fields = [
            "q",
            "project",
            "project_code",
            "org_unit",
            "owner",
            "priority",
            "status",
            "escalation_level",
            "escalated",
            "open",
            "overdue",
        ]

    def filter_escalated(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(escalation_level__in=ESCALATED_LEVELS)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class RiskFilterSet(_CrossItemFilterSet):
    """A risk is overdue when its next review date has passed while it is open."""

    OPEN_STATUSES = (RiskStatus.OPEN,)
    OVERDUE_FIELD = "next_review_date"
    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte")

    class Meta:
        model = Risk
        fields = [
            "q",
            "project",
            "project_code",
            "org_unit",
            "owner",
            "status",
            "response",
            "probability",
            "impact",
            "min_score",
            "open",
            "overdue",
        ]


class ChangeRequestFilterSet(_ProjectChildFilterSet):
    class Meta:
        model = ChangeRequest
        fields = ["project", "project_code", "status"]


class MeetingFilterSet(_ProjectChildFilterSet):
    class Meta:
        model = Meeting
        fields = ["project", "project_code", "kind"]


class ActionItemFilterSet(_CrossItemFilterSet):
    OPEN_STATUSES = (ActionStatus.OPEN,)

    class Meta:
        model = ActionItem
        fields = ["q", "project", "project_code", "org_unit", "owner", "status", "meeting", "open", "overdue"]


class CostPlanFilterSet(_ProjectChildFilterSet):
    class Meta:
        model = CostPlan
        fields = ["project", "project_code"]


class CostActualFilterSet(_ProjectChildFilterSet):
    class Meta:
        model = CostActual
        fields = ["project", "project_code"]


class QualityRecordFilterSet(_ProjectChildFilterSet):
    class Meta:
        model = QualityRecord
        fields = ["project", "project_code", "week"]
