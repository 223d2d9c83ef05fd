"""Cross-project lists (issues, risks, action items of every project the user may see) and the exports.

The lists use the FilterSets of the API (``projects.filters``), so a filter means the same on the page and in
``/api/v1/``. A list is sortable (``?ordering=key`` or ``-key``), 25 a page, and an htmx request gets only its table.
``export.xlsx`` / ``export.csv`` next to a list (the project list included) download what it shows, every page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from core.mixins import RoleRequiredMixin
from projects import exports, selectors
from projects.filters import ActionItemFilterSet, IssueFilterSet, RiskFilterSet
from projects.models import (
    ActionStatus,
    EscalationLevel,
    IssueStatus,
    OrgUnit,
    Priority,
    RiskResponse,
    RiskStatus,
)
from projects.views.project_pages import ProjectListView, _is_htmx_fragment, page_window

PAGE_SIZE = 25
TRUE_VALUES = {"1", "true", "on", "yes"}

PRIORITY_RANK = Case(
    *(When(priority=value, then=Value(rank)) for rank, value in enumerate(Priority.values)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class CrossList:
    """One cross-project list: what it reads, filters, shows, sorts by and exports."""

    slug: str  # "issues": the URL segment, the template and the export's file name
    title: Any
    url_name: str
    export_url_name: str
    selector: Callable[[Any], QuerySet]
    filterset: type
    #: (ordering key or None, column label, CSS class) of the table's columns
    columns: list[tuple[str | None, Any, str]]
    #: ordering key → order_by fields (``priority_rank`` is annotated when asked for)
    sort_keys: dict[str, tuple[str, ...]]
    #: (query key, label, choices) of the select filters besides project, org unit and owner
    choice_filters: list[tuple[str, Any, Any]]
    export_columns: list[exports.Column]
    #: boolean filters offered as checkboxes
    flags: list[tuple[str, Any]] = field(default_factory=list)


ISSUES = CrossList(
    slug="issues",
    title=_("Issues"),
    url_name="projects:issue_list",
    export_url_name="projects:issue_export",
    selector=selectors.cross_issues,
    filterset=IssueFilterSet,
    columns=[
        ("project", _("Project"), "text-nowrap"),
        ("title", _("Title"), "col-name"),
        ("priority", _("Priority"), "text-nowrap"),
        ("status", _("Status"), "text-nowrap"),
        ("escalation_level", _("Escalation level"), "text-nowrap"),
        ("owner", _("Owner"), "text-nowrap"),
        ("raised_on", _("Raised on"), "text-nowrap"),
        ("due_date", _("Due date"), "text-nowrap"),
    ],
    sort_keys={
        "project": ("project__code",),
        "title": ("title",),
        "priority": ("priority_rank",),
        "status": ("status",),
        "escalation_level": ("escalation_level",),
        "owner": ("owner__username",),
        "raised_on": ("raised_on",),
        "due_date": ("due_date",),
    },
    choice_filters=[
        ("priority", _("Priority"), Priority.choices),
        ("status", _("Status"), IssueStatus.choices),
        ("escalation_level", _("Escalation level"), EscalationLevel.choices),
    ],
    flags=[("open", _("Open only")), ("overdue", _("Overdue")), ("escalated", _("Escalated"))],
    export_columns=exports.ISSUE_COLUMNS,
)

RISKS = CrossList(
    slug="risks",
    title=_("Risks"),
    url_name="projects:risk_list",
    export_url_name="projects:risk_export",
    selector=selectors.cross_risks,
    filterset=RiskFilterSet,
    columns=[
        ("project", _("Project"), "text-nowrap"),
        ("title", _("Title"), "col-name"),
        ("score", _("Score"), "text-end text-nowrap"),
        ("response", _("Response"), "text-nowrap"),
        ("status", _("Status"), "text-nowrap"),
        ("owner", _("Owner"), "text-nowrap"),
        ("next_review_date", _("Next review date"), "text-nowrap"),
    ],
    sort_keys={
        "project": ("project__code",),
        "title": ("title",),
        "score": ("score",),
        "response": ("response",),
        "status": ("status",),
        "owner": ("owner__username",),
        "next_review_date": ("next_review_date",),
    },
    choice_filters=[
        ("status", _("Status"), RiskStatus.choices),
        ("response", _("Response"), RiskResponse.choices),
    ],
    flags=[("open", _("Open only")), ("overdue", _("Review overdue"))],
    export_columns=exports.RISK_COLUMNS,
)

ACTIONS = CrossList(
    slug="action_items",
    title=_("Action items"),
    url_name="projects:action_list",
    export_url_name="projects:action_export",
    selector=selectors.cross_action_items,
    filterset=ActionItemFilterSet,
    columns=[
        ("project", _("Project"), "text-nowrap"),
        ("title", _("Title"), "col-name"),
        ("status", _("Status"), "text-nowrap"),
        ("owner", _("Owner"), "text-nowrap"),
        ("due_date", _("Due date"), "text-nowrap"),
        (None, _("Meeting"), "col-name"),
    ],
    sort_keys={
        "project": ("project__code",),
        "title": ("title",),
        "status": ("status",),
        "owner": ("owner__username",),
        "due_date": ("due_date",),
    },
    choice_filters=[("status", _("Status"), ActionStatus.choices)],
    flags=[("open", _("Open only")), ("overdue", _("Overdue"))],
    export_columns=exports.ACTION_COLUMNS,
)

LISTS = {spec.slug: spec for spec in (ISSUES, RISKS, ACTIONS)}


def _boolean_data(data, keys) -> Any:
    """``open=1`` and the like read as true (a BooleanFilter's widget only knows ``true`` / ``false``)."""
    data = data.copy()
    for key in keys:
        if key in data:
            data[key] = "true" if data.get(key, "").lower() in TRUE_VALUES else ""
    return data


#: The most choices a filter shows as a select; with more (a company's thousands of projects or owners) the filter
#: is a text input taking the code or username, so the page does not grow with the portfolio.
MAX_OPTIONS = 200


class CrossListView(RoleRequiredMixin, ListView):
    """A cross-project list (``spec``): the FilterSet's filters, sorting, 25 a page, an htmx table partial."""

    spec: CrossList = ISSUES
    template_name = "projects/lists/list.html"
    context_object_name = "items"
    paginate_by = PAGE_SIZE

    def ordering_key(self) -> str:
        raw = self.request.GET.get("ordering", "")
        return raw if raw.lstrip("-") in self.spec.sort_keys else ""

    def get_queryset(self) -> QuerySet:
        base = self.spec.selector(self.request.user)
        data = _boolean_data(self.request.GET, [key for key, _label in self.spec.flags])
        self.filterset = self.spec.filterset(data, queryset=base, request=self.request)
        qs = self.filterset.qs
        key = self.ordering_key()
        if key:
            fields = self.spec.sort_keys[key.lstrip("-")]
            if "priority_rank" in fields:
                qs = qs.annotate(priority_rank=PRIORITY_RANK)
            prefix = "-" if key.startswith("-") else ""
            qs = qs.order_by(*(prefix + f for f in fields), *qs.query.order_by, "pk")
        return qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_template_names(self) -> list[str]:
        if _is_htmx_fragment(self.request):
            return [f"{self.template_name}#list-table"]
        return [self.template_name]

    def headers(self) -> list[dict[str, Any]]:
        current = self.ordering_key()
        out = []
        for key, label, css in self.spec.columns:
            header: dict[str, Any] = {"label": label, "css": css, "url": None, "dir": ""}
            if key:
                params = self.request.GET.copy()
                params.pop("page", None)
                params["ordering"] = f"-{key}" if current == key else key
                header["url"] = f"?{params.urlencode()}"
                header["dir"] = "ascending" if current == key else "descending" if current == f"-{key}" else ""
            out.append(header)
        return out

    def filters(self) -> list[dict[str, Any]]:
        """The select filters: project, org unit, owner, then the kind's own."""
        user = self.request.user
        get = self.request.GET.get
        projects = selectors.portfolio(user).order_by("code").values_list("code", "name")
        org_units = OrgUnit.objects.restrict(user, "view").order_by("code").values_list("pk", "name")
        owners = selectors.owner_choices(self.spec.selector(user), limit=MAX_OPTIONS + 1)
        selects = [
            ("project", _("Project"), _("Project code"), [(c, f"{c} {n}") for c, n in projects[: MAX_OPTIONS + 1]]),
            ("org_unit", _("Org unit"), "", [(str(pk), name) for pk, name in org_units]),
            ("owner", _("Owner"), _("Username"), owners),
            *((key, label, "", choices) for key, label, choices in self.spec.choice_filters),
        ]
        return [
            {
                "key": key,
                "label": label,
                "value": get(key, ""),
                "placeholder": placeholder,
                # Beyond MAX_OPTIONS projects or owners a select is neither usable nor cheap: the field becomes a
                # text input for the code or username (the FilterSet takes those).
                "options": None
                if placeholder and len(choices) > MAX_OPTIONS
                else [(str(value), text, str(value) == get(key, "")) for value, text in choices],
            }
            for key, label, placeholder, choices in selects
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        get = self.request.GET
        flag_keys = [key for key, _label in self.spec.flags]
        filter_keys = ["q", "project", "org_unit", "owner", *(k for k, _l, _c in self.spec.choice_filters)]
        params = get.copy()
        params.pop("page", None)
        query = params.urlencode()
        ctx.update(
            spec=self.spec,
            page_window=page_window(ctx["paginator"], ctx["page_obj"]),
            list_url=reverse(self.spec.url_name),
            headers=self.headers(),
            column_count=len(self.spec.columns),
            current_ordering=self.ordering_key(),
            query=get.get("q", ""),
            filters=self.filters(),
            flags=[(key, label, get.get(key, "").lower() in TRUE_VALUES) for key, label in self.spec.flags],
            filtered=any(get.get(k) for k in [*filter_keys, *flag_keys]),
            export_links=[
                (fmt.upper(), reverse(self.spec.export_url_name, kwargs={"fmt": fmt}) + (f"?{query}" if query else ""))
                for fmt in exports.FORMATS
            ],
            escalated_url=reverse("projects:issue_list") + "?escalated=true&open=true",
            escalated_active=self.spec is ISSUES
            and get.get("escalated", "").lower() in TRUE_VALUES
            and get.get("open", "").lower() in TRUE_VALUES,
            list_links=[(reverse(spec.url_name), spec.title, spec is self.spec) for spec in LISTS.values()],
        )
        return ctx

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class CrossListExportView(CrossListView):
    """``export.xlsx`` / ``export.csv``: every row the list shows with these filters and this order."""

    def get(self, request, *args, **kwargs) -> HttpResponse:
        fmt = kwargs.get("fmt", "")
        if fmt not in exports.FORMATS:
            raise Http404
        items = self.get_queryset()[: exports.MAX_ROWS]
        return exports.export_response(fmt, self.spec.slug, self.spec.export_columns, items)


class ProjectExportView(ProjectListView):
    """The project list's ``export.xlsx`` / ``export.csv``: the list's filters and order, every page."""

    def get(self, request, *args, **kwargs) -> HttpResponse:
        fmt = kwargs.get("fmt", "")
        if fmt not in exports.FORMATS:
            raise Http404
        projects = self.get_queryset()[: exports.MAX_ROWS]
        return exports.export_response(fmt, "projects", exports.PROJECT_COLUMNS, projects)
