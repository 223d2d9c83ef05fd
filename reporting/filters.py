"""The portfolio filters: one FilterSet shared by the dashboard (every chart, the totals and the table), the
portfolio export and ``/api/v1/portfolio/``. The filters live in the URL so a view can be bookmarked and shared.

``org_unit`` includes the units below it (a division shows its departments' projects). Closed and cancelled
projects stay out unless ``state`` asks for them. ``flag`` keeps the projects hiding trouble: ``stale`` (no report
for two weeks or more), ``watermelon`` (the PM's overall RAG better than the suggested one), ``escalated`` (an open
issue escalated to the PMO or executives).
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from projects.models import OrgUnit, Phase, Program, ProjectState, Rag

User = get_user_model()

FLAG_CHOICES = (
    ("stale", _("Stale report")),
    ("watermelon", _("RAG overridden")),
    ("escalated", _("Open escalation")),
)

#: ``o`` values of the portfolio table (a leading ``-`` sorts descending) → database expressions.
SORT_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("code",),
    "name": ("name",),
    "pm": ("pm__last_name", "pm__first_name", "pm__username"),
    "phase": ("phase",),
    "state": ("state",),
    "overall_rag": ("rag_rank",),
    "spi": ("spi",),
    "cpi": ("cpi",),
    "bac": ("baseline__bac",),
    "eac": ("eac",),
    "vac": ("vac",),
    "next_milestone": ("next_milestone_date",),
    "high_risks": ("high_risks",),
    "last_report": ("last_report_week",),
}


def _descendants(root_ids: set[int], pairs: list[tuple[int, int | None]]) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in pairs:
        children.setdefault(parent, []).append(pk)
    seen, stack = set(), list(root_ids)
    while stack:
        pk = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        stack.extend(children.get(pk, ()))
    return seen


class PortfolioFilterSet(django_filters.FilterSet):
    org_unit = django_filters.ModelChoiceFilter(
        queryset=OrgUnit.objects.all(), method="filter_org_unit", label=_("Org unit")
    )
    program = django_filters.ModelChoiceFilter(queryset=Program.objects.all(), label=_("Program"))
    pm = django_filters.ModelChoiceFilter(queryset=User.objects.none(), method="filter_pm", label=_("PM"))
    phase = django_filters.ChoiceFilter(choices=Phase.choices, label=_("Phase"))
    state = django_filters.ChoiceFilter(choices=ProjectState.choices, method="filter_state", label=_("State"))
    overall_rag = django_filters.ChoiceFilter(
        choices=[*Rag.choices, ("none", _("No report yet"))], method="filter_rag", label=_("Overall RAG")
    )
    flag = django_filters.ChoiceFilter(choices=FLAG_CHOICES, method="filter_flag", label=_("Flag"))

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None:
            self.filters["org_unit"].queryset = OrgUnit.objects.restrict(user, "view").order_by("code")
            self.filters["program"].queryset = Program.objects.restrict(user, "view").order_by("code")
            from reporting.selectors.portfolio import pm_choices

            self.filters["pm"].queryset = pm_choices(user)
        self.state_given = bool(self.data.get("state")) if self.data else False

    def filter_org_unit(self, queryset, name, value):
        if not value:
            return queryset
        pairs = list(OrgUnit.objects.values_list("pk", "parent_id"))
        return queryset.filter(org_unit_id__in=_descendants({value.pk}, pairs))

    def filter_pm(self, queryset, name, value):
        return queryset.filter(pm=value) if value else queryset

    def filter_state(self, queryset, name, value):
        return queryset.filter(state=value) if value else queryset

    def filter_rag(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(overall_rag="" if value == "none" else value)

    def filter_flag(self, queryset, name, value):
        from reporting.selectors import portfolio

        return portfolio.apply_flag(queryset, value)

    @property
    def qs(self):
        qs = super().qs
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("state")):
            qs = qs.exclude(state__in=[ProjectState.CLOSED, ProjectState.CANCELLED])
        return qs
