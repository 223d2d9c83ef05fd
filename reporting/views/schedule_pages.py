"""Report schedules and recipients (``/reports/schedules/``), edited by the PMO, read by executives.

Contract: the list and a schedule's page need ``permissions.can_view_schedules``; every write goes through
``services.schedules`` (PMO only; refusals at the field; a stale version is refused with who changed it). A
schedule is paused, never deleted; a recipient is removed by deactivation (its deliveries stay).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.exceptions import RuleError, StaleEdit
from core.forms import add_rule_error
from core.mixins import RoleRequiredMixin
from reporting import permissions
from reporting.forms import RecipientForm, ScheduleForm
from reporting.selectors import runs as selectors
from reporting.services import schedules


class ScheduleAccessMixin(RoleRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_view_schedules(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def require_manage(self):
        if not permissions.can_manage_schedules(self.request.user):
            raise PermissionDenied


class ScheduleListView(ScheduleAccessMixin, TemplateView):
    template_name = "reporting/schedules.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            schedules=selectors.schedules_for(self.request.user),
            can_manage=permissions.can_manage_schedules(self.request.user),
            form=kwargs.get("form") or ScheduleForm(user=self.request.user, initial={"weekday": 0, "time": "08:00"}),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        self.require_manage()
        form = ScheduleForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                schedule = schedules.create_schedule(
                    actor=request.user,
                    name=data["name"],
                    kind=data["kind"],
                    project=data["project"],
                    org_unit=data["org_unit"],
                    weekday=data["weekday"],
                    hour=data["time"].hour,
                    minute=data["time"].minute,
                    active=data["active"],
                )
            except RuleError as exc:
                add_rule_error(form, exc, field_map={"hour": "time", "minute": "time"})
            else:
                messages.success(request, _("The schedule is saved."))
                return HttpResponseRedirect(reverse("reporting:schedule", kwargs={"pk": schedule.pk}))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ScheduleDetailView(ScheduleAccessMixin, TemplateView):
    template_name = "reporting/schedule_detail.html"

    def get_schedule(self):
        schedule = selectors.schedule_for(self.request.user, self.kwargs["pk"])
        if schedule is None:
            raise Http404
        return schedule

    def schedule_form(self, schedule, data=None) -> ScheduleForm:
        return ScheduleForm(
            data,
            user=self.request.user,
            editing=True,
            initial={
                "name": schedule.name,
                "kind": schedule.kind,
                "project": schedule.project_id,
                "org_unit": schedule.org_unit_id,
                "weekday": schedule.weekday,
                "time": dt.time(schedule.hour, schedule.minute),
                "active": schedule.active,
                "version": schedule.version,
            },
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        schedule = kwargs.get("schedule") or self.get_schedule()
        ctx.update(
            schedule=schedule,
            can_manage=permissions.can_manage_schedules(self.request.user),
            form=kwargs.get("form") or self.schedule_form(schedule),
            recipient_form=kwargs.get("recipient_form") or RecipientForm(),
            recipients=selectors.recipients(schedule),
            deliveries=selectors.recent_deliveries(schedule),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        self.require_manage()
        schedule = self.get_schedule()
        action = request.POST.get("action")
        if action == "remove_recipient":
            recipient = get_object_or_404(schedule.recipients.filter(active=True), pk=request.POST.get("recipient"))
            schedules.remove_recipient(actor=request.user, recipient=recipient)
            messages.success(request, _("The recipient is removed."))
            return HttpResponseRedirect(request.path)
        if action == "add_recipient":
            form = RecipientForm(request.POST)
            if form.is_valid():
                try:
                    schedules.add_recipient(
                        actor=request.user,
                        schedule=schedule,
                        user=form.cleaned_data["user"],
                        email=form.cleaned_data["email"],
                        language=form.cleaned_data["language"],
                    )
                except RuleError as exc:
                    add_rule_error(form, exc)
                else:
                    messages.success(request, _("The recipient is added."))
                    return HttpResponseRedirect(request.path)
            return self.render_to_response(self.get_context_data(schedule=schedule, recipient_form=form), status=400)
        form = ScheduleForm(
            request.POST,
            user=request.user,
            editing=True,
            initial={"kind": schedule.kind, "project": schedule.project_id},
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                schedules.update_schedule(
                    actor=request.user,
                    schedule=schedule,
                    version=data["version"],
                    name=data["name"],
                    weekday=data["weekday"],
                    hour=data["time"].hour,
                    minute=data["time"].minute,
                    active=data["active"],
                    org_unit=data["org_unit"],
                )
            except StaleEdit as exc:
                form.add_error(None, exc.message)
            except RuleError as exc:
                add_rule_error(form, exc, field_map={"hour": "time", "minute": "time"})
            else:
                messages.success(request, _("The schedule is saved."))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(schedule=schedule, form=form), status=400)
