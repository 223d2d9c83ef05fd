"""The PM satisfaction survey pages: the PMO's rounds (open, close, aggregate results), the PM's answer form and the
home panel asking a PM who has not answered yet. Answers are anonymous (see ``projects.models.surveys``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from core.exceptions import InvalidTransition, RuleError, StaleEdit
from core.forms import add_rule_error
from core.mixins import RoleRequiredMixin
from projects import permissions, survey_selectors
from projects.forms.resources import SurveyAnswerForm, SurveyRoundForm
from projects.models import SurveyInvitation, SurveyRound
from projects.models.surveys import MIN_ANSWERS_SHOWN
from projects.services import surveys as services


class SurveyListView(RoleRequiredMixin, TemplateView):
    """Rounds with their aggregate results (PMO and executives); the PMO opens a round here."""

    template_name = "projects/surveys/survey_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_view_survey_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rounds = list(SurveyRound.objects.all()[:24])
        ctx["results"] = survey_selectors.round_results(rounds)
        ctx["min_answers"] = MIN_ANSWERS_SHOWN
        ctx["can_run"] = permissions.can_run_surveys(self.request.user)
        if ctx["can_run"]:
            ctx["form"] = form or SurveyRoundForm()
        return ctx

    def post(self, request, *args, **kwargs):
        if not permissions.can_run_surveys(request.user):
            raise PermissionDenied
        form = SurveyRoundForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.open_round(
                    actor=request.user, title=d["title"], question=d["question"], closes_on=d["closes_on"]
                )
            except RuleError as exc:
                add_rule_error(form, exc)
            else:
                messages.success(request, gettext("The round is open: every PM was asked."))
                return HttpResponseRedirect(reverse("projects:surveys"))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SurveyCloseView(RoleRequiredMixin, View):
    def post(self, request, pk: int):
        if not permissions.can_run_surveys(request.user):
            raise PermissionDenied
        survey = get_object_or_404(SurveyRound, pk=pk)
        version = request.POST.get("version", "")
        try:
            services.close_round(
                actor=request.user, survey=survey, expected_version=int(version) if version.isdigit() else None
            )
        except (RuleError, StaleEdit) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, gettext("The round is closed."))
        return HttpResponseRedirect(reverse("projects:surveys"))


class SurveyAnswerView(RoleRequiredMixin, TemplateView):
    """The short form (1–5 and a comment) for an invited PM; anyone else gets a 404."""

    template_name = "projects/surveys/answer.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.invitation = (
                SurveyInvitation.objects.filter(round_id=kwargs["pk"], user=request.user)
                .select_related("round")
                .first()
            )
            if self.invitation is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.invitation.round
        ctx.update(
            survey=survey,
            answered=self.invitation.answered,
            accepting=services.is_accepting(survey),
            form=form or SurveyAnswerForm(),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = SurveyAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_round(
                    actor=request.user,
                    survey=self.invitation.round,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
            except InvalidTransition as exc:
                messages.info(request, exc.message)
                return HttpResponseRedirect(request.path)
            except RuleError as exc:
                add_rule_error(form, exc)
            else:
                messages.success(request, gettext("Thank you: your answer was recorded anonymously."))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SurveyHomePanelView(RoleRequiredMixin, TemplateView):
    """Home panel: the open round the user has not answered (an empty body otherwise)."""

    template_name = "projects/surveys/home_panel.html"

    def get(self, request, *args, **kwargs):
        invitation = survey_selectors.pending_invitation(request.user)
        if invitation is None:
            return HttpResponse("")
        return self.render_to_response({"invitation": invitation, "survey": invitation.round})
