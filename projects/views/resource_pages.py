"""Resource pages: the people list, a person's page (their projects; the PMO edits their booking grid), a
project's Resources tab (the PM edits its booking grid), the utilisation heat map and demand against capacity.

Reads come from ``projects.resources_selectors``; writes from ``projects.services.resources``, whose refusals are
shown at the grid cell or form field they concern. A grid is saved all or nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext
from django.views.generic import TemplateView

from core.exceptions import RuleError, StaleEdit
from core.forms import add_rule_error
from core.mixins import RoleRequiredMixin
from projects import permissions
from projects import resources_selectors as sel
from projects.forms.resources import HeatmapFilterForm, PeopleFilterForm, PeopleListFilterForm, PersonForm
from projects.models import Project
from projects.services import resources as services
from projects.views.base import ProjectMixin


@dataclass
class GridCellView:
    name: str
    month: dt.date
    value: str = ""
    version: str = ""
    error: str = ""
    over: bool = False


@dataclass
class GridRow:
    key: str
    label: str
    url: str = ""
    cells: list[GridCellView] = field(default_factory=list)
    total_cells: list = field(default_factory=list)


def month_window(request) -> list[dt.date]:
    try:
        start = services.parse_month(request.GET.get("start") or dt.date.today().replace(day=1))
    except RuleError:
        start = sel.month_start()
    return sel.months_from(start)


def window_links(months: list[dt.date]) -> dict[str, str]:
    return {
        "prev": sel.add_months(months[0], -len(months)).strftime("%Y-%m"),
        "next": sel.add_months(months[0], len(months)).strftime("%Y-%m"),
        "start": months[0].strftime("%Y-%m"),
    }


def _cell_name(key, month: dt.date) -> str:
    return f"a-{key}-{month:%Y%m}"


def build_rows(keys, bookings: dict, months, *, over=None, posted=None, errors=None) -> list[list[GridCellView]]:
    """Cells of each row key: the stored booking (or the posted value after a refusal) and its version."""
    out = []
    for key in keys:
        cells = []
        for month in months:
            name = _cell_name(key, month)
            booking = bookings.get((key, month))
            value = posted.get(name, "") if posted is not None else (str(booking.percent) if booking else "")
            cells.append(
                GridCellView(
                    name=name,
                    month=month,
                    value=value,
                    version=str(booking.version) if booking else "",
                    error=" ".join((errors or {}).get(name, [])),
                    over=bool(over and over.get((key, month))),
                )
            )
        out.append(cells)
    return out


def parse_cells(post, *, keys: dict, months, make, new_key: str, new_obj) -> list[services.GridCell]:
    """The posted grid as service cells. ``keys`` maps a row key to its object, ``make(obj)`` gives (person,
    project); the "new" row uses ``new_obj`` (chosen in its select) when one was chosen."""
    rows = dict(keys)
    if new_obj is not None and new_obj.pk not in rows:
        rows[new_key] = new_obj
    cells = []
    for key, obj in rows.items():
        person, project = make(obj)
        for month in months:
            name = _cell_name(key, month)
            if name not in post:
                continue
            raw = post.get(name, "").strip()
            if key == new_key and raw == "":
                continue
            version = post.get(f"v-{key}-{month:%Y%m}", "").strip()
            cells.append(
                services.GridCell(
                    field=name,
                    person=person,
                    project=project,
                    month=month,
                    percent=raw if raw != "" else "0",
                    expected_version=int(version) if version.isdigit() else None,
                )
            )
    return cells


def save_grid(request, cells) -> tuple[bool, dict]:
    try:
        changed = services.save_allocation_grid(actor=request.user, cells=cells)
    except RuleError as exc:
        return False, {k or "grid": v for k, v in exc.errors.items()}
    except StaleEdit as exc:
        return False, {"grid": [exc.message]}
    messages.success(request, gettext("Bookings saved (%(n)s changed).") % {"n": changed})
    return True, {}


# --- A project's Resources tab ----------------------------------------------------------------------------------


class ProjectResourcesView(ProjectMixin, TemplateView):
    """People booked on the project per month; its PM (or the PMO) edits the grid and books someone new."""

    template_name = "projects/resources/project_resources.html"
    tab = "resources"

    def get_context_data(self, posted=None, errors=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        months = month_window(self.request)
        people, bookings, totals = sel.project_bookings(self.project, months)
        cells = build_rows([p.pk for p in people], bookings, months, over=totals["over"], posted=posted, errors=errors)
        rows = [GridRow(str(p.pk), p.name, p.get_absolute_url(), c) for p, c in zip(people, cells, strict=True)]
        can_edit = permissions.can_allocate(self.request.user, self.project)
        new_cells = build_rows(["new"], {}, months, posted=posted, errors=errors)[0]
        booked = {p.pk for p in people}
        candidates = [p for p in sel.people(self.request.user) if p.pk not in booked] if can_edit else []
        ctx.update(
            months=months,
            window=window_links(months),
            rows=rows,
            new_cells=new_cells,
            candidates=candidates,
            can_edit=can_edit,
            errors=errors or {},
            new_person=(posted or {}).get("new-person", ""),
            new_error=" ".join((errors or {}).get("new-person", [])),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not permissions.can_allocate(request.user, self.project):
            raise PermissionDenied
        months = month_window(request)
        people, _bookings, _t = sel.project_bookings(self.project, months)
        new_obj = None
        new_pk = request.POST.get("new-person", "")
        errors: dict = {}
        if new_pk:
            new_obj = sel.people(request.user).filter(pk=new_pk if new_pk.isdigit() else 0).first()
            if new_obj is None:
                errors["new-person"] = [gettext("Choose an active person from the list.")]
        if not errors:
            cells = parse_cells(
                request.POST,
                keys={p.pk: p for p in people},
                months=months,
                make=lambda person: (person, self.project),
                new_key="new",
                new_obj=new_obj,
            )
            ok, errors = save_grid(request, cells)
            if ok:
                return HttpResponseRedirect(request.get_full_path())
        return self.render_to_response(self.get_context_data(posted=request.POST, errors=errors), status=400)


# --- People ------------------------------------------------------------------------------------------------------


class PeopleListView(RoleRequiredMixin, TemplateView):
    """Everyone whose time is booked, with org unit, skills, capacity and this month's utilisation; the PMO adds
    people."""

    template_name = "projects/resources/people_list.html"

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filters = PeopleListFilterForm(self.request.GET or None)
        data = filters.cleaned_data if filters.is_valid() else {}
        people = list(
            sel.people(
                self.request.user,
                org_unit=data.get("org_unit"),
                skill=data.get("skill"),
                search=data.get("q", ""),
                active=None if data.get("inactive") else True,
            )
        )
        month = sel.month_start()
        sums = sel.totals([p.pk for p in people], [month])
        rows = [(p, sel._cells(p, [month], sums)[0]) for p in people]
        can_manage = permissions.can_manage_people(self.request.user)
        ctx.update(filters=filters, rows=rows, month=month, can_manage=can_manage)
        if can_manage:
            ctx["form"] = form or PersonForm()
        return ctx

    def post(self, request, *args, **kwargs):
        if not permissions.can_manage_people(request.user):
            raise PermissionDenied
        form = PersonForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                person = services.create_person(
                    actor=request.user,
                    name=d["name"],
                    org_unit=d["org_unit"],
                    user=d["user"],
                    email=d["email"],
                    capacity_fte=d["capacity_fte"],
                    skills=form.skill_names(),
                    active=d["active"],
                )
            except RuleError as exc:
                add_rule_error(form, exc)
            else:
                messages.success(request, gettext("%(name)s was added.") % {"name": person.name})
                return HttpResponseRedirect(person.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PersonDetailView(RoleRequiredMixin, TemplateView):
    """One person: details, their booking grid (the PMO edits it), every project they were ever on."""

    template_name = "projects/resources/person_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = sel.person_for(request.user, kwargs["pk"])
            if self.person is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, posted=None, errors=None, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, person = self.request.user, self.person
        months = month_window(self.request)
        projects, bookings, totals = sel.person_bookings(user, person, months)
        cells = build_rows([p.pk for p in projects], bookings, months, posted=posted, errors=errors)
        rows = [
            GridRow(str(p.pk), f"{p.code} {p.name}", p.get_absolute_url(), c)
            for p, c in zip(projects, cells, strict=True)
        ]
        can_edit = permissions.can_manage_people(user)
        shown = {p.pk for p in projects}
        candidates = (
            list(
                Project.objects.restrict(user, "change")
                .filter(state__in=["proposed", "active", "on_hold"])
                .exclude(pk__in=shown)
                .only("pk", "code", "name")
            )
            if can_edit
            else []
        )
        initial = {
            "name": person.name,
            "org_unit": person.org_unit_id,
            "user": person.user_id,
            "email": person.email,
            "capacity_fte": person.capacity_fte,
            "skills": ", ".join(s.name for s in person.skills.all()),
            "active": person.active,
            "version": person.version,
        }
        ctx.update(
            person=person,
            months=months,
            window=window_links(months),
            rows=rows,
            totals=totals,
            new_cells=build_rows(["new"], {}, months, posted=posted, errors=errors)[0],
            candidates=candidates,
            can_edit=can_edit,
            errors=errors or {},
            new_project=(posted or {}).get("new-project", ""),
            new_error=" ".join((errors or {}).get("new-project", [])),
            history=sel.all_person_projects(user, person),
            form=form or (PersonForm(initial=initial) if can_edit else None),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not permissions.can_manage_people(request.user):
            raise PermissionDenied
        if request.POST.get("action") == "edit":
            return self._edit(request)
        months = month_window(request)
        projects, _b, _t = sel.person_bookings(request.user, self.person, months)
        errors: dict = {}
        new_obj = None
        new_pk = request.POST.get("new-project", "")
        if new_pk:
            new_obj = (
                Project.objects.restrict(request.user, "change").filter(pk=new_pk if new_pk.isdigit() else 0).first()
            )
            if new_obj is None:
                errors["new-project"] = [gettext("Choose a project from the list.")]
        if not errors:
            keys = {p.pk: p for p in projects}
            cells = parse_cells(
                request.POST, keys=keys, months=months, make=lambda p: (self.person, p), new_key="new", new_obj=new_obj
            )
            ok, errors = save_grid(request, cells)
            if ok:
                return HttpResponseRedirect(request.get_full_path())
        return self.render_to_response(self.get_context_data(posted=request.POST, errors=errors), status=400)

    def _edit(self, request):
        form = PersonForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.update_person(
                    actor=request.user,
                    person=self.person,
                    expected_version=d["version"],
                    name=d["name"],
                    org_unit=d["org_unit"],
                    user=d["user"],
                    email=d["email"],
                    capacity_fte=d["capacity_fte"],
                    skills=form.skill_names(),
                    active=d["active"],
                )
            except (RuleError, StaleEdit) as exc:
                if isinstance(exc, StaleEdit):
                    form.add_error(None, exc.message)
                else:
                    add_rule_error(form, exc)
            else:
                messages.success(request, gettext("Saved."))
                return HttpResponseRedirect(self.person.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Heat map and demand -----------------------------------------------------------------------------------------


class HeatmapView(RoleRequiredMixin, TemplateView):
    """People × months, each cell the month's utilisation; above 100 % of capacity is flagged (colour, icon and
    words, not colour alone)."""

    template_name = "projects/resources/heatmap.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = HeatmapFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        months = sel.months_from(data.get("start") or sel.month_start(), data.get("months") or 6)
        rows = sel.heatmap(
            self.request.user,
            months=months,
            org_unit=data.get("org_unit"),
            skill=data.get("skill"),
            over_only=bool(data.get("over_only")),
        )
        ctx.update(form=form, months=months, rows=rows, over_count=sum(1 for r in rows if r.over))
        return ctx


class DemandView(RoleRequiredMixin, TemplateView):
    """Demand (booked FTE) against capacity (FTE of the active people with the skill), by skill, next 6 months."""

    template_name = "projects/resources/demand.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = PeopleFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        months = sel.months_from()
        lines = sel.demand_vs_capacity(months=months, org_unit=data.get("org_unit"))
        ctx.update(form=form, months=months, lines=lines)
        return ctx
