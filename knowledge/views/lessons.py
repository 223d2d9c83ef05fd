"""A lesson's page, writing and editing lessons, and the workflow buttons (publish, retire, merge, vote).

Reads come from ``knowledge.selectors`` (hidden = 404), permissions from ``knowledge.permissions``, writes from
``knowledge.services``; a refused rule comes back at its field, a stale edit names who changed the lesson.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import View
from django.views.generic import FormView, TemplateView

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.forms import add_rule_error
from core.mixins import RoleRequiredMixin
from knowledge import permissions, selectors, services
from knowledge.forms import LessonForm, MergeForm, PromoteForm, PublishForm, RetireForm, VoteForm
from knowledge.models import LessonState
from knowledge.views.base import LessonMixin, is_htmx_fragment
from projects.selectors import object_history


class LessonDetailView(LessonMixin, TemplateView):
    """The lesson with its sections (sanitised Markdown), tags, attachments, votes, where it was rolled out and
    how many projects have run a checklist holding it. A merged lesson redirects to the one it was merged into."""

    template_name = "knowledge/lesson_detail.html"

    def get(self, request, *args, **kwargs):
        if self.lesson.state == LessonState.MERGED and self.lesson.merged_into_id:
            messages.info(request, gettext("This lesson was merged into the one below."))
            return redirect("knowledge:detail", pk=self.lesson.merged_into_id)
        services.record_view(lesson=self.lesson, viewer=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, lesson = self.request.user, self.lesson
        ctx.update(vote_context(user, lesson))
        ctx.update(
            attachments=selectors.attachments(lesson),
            rollouts=selectors.rollouts(lesson),
            reuse_count=selectors.projects_reusing(lesson),
            merged_here=selectors.merged_here(user, lesson),
            show_project=lesson.source_visible,
            can_edit=permissions.can_edit_lesson(user, lesson),
            can_publish=permissions.can_publish_lesson(user, lesson),
            can_retire=permissions.can_retire_lesson(user, lesson),
            can_merge=permissions.can_merge_lesson(user, lesson),
            can_promote=permissions.can_promote(user, lesson),
            can_curate=permissions.can_curate(user),
            history=list(object_history(lesson)[:20]) if permissions.can_edit_lesson(user, lesson) else [],
            publish_form=kwargs.get("publish_form") or PublishForm(initial={"version": lesson.version}),
            retire_form=kwargs.get("retire_form") or RetireForm(initial={"version": lesson.version}),
        )
        return ctx


def vote_context(user, lesson) -> dict:
    return {
        "lesson": lesson,
        "can_vote": permissions.can_vote(user, lesson),
        "my_vote": selectors.my_vote(user, lesson),
    }


class LessonCreateView(RoleRequiredMixin, FormView):
    """Write a lesson (PMs, members, the PMO). ``?project=<code>`` starts from that project."""

    template_name = "knowledge/lesson_form.html"
    form_class = LessonForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_write_lessons(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        code = self.request.GET.get("project", "")
        project = selectors.source_project_choices(self.request.user).filter(code=code).first() if code else None
        if project is not None:
            initial.update(source_project=project.pk, phase=project.phase, project_type=project.project_type)
        return initial

    def form_valid(self, form):
        publish = "publish" in self.request.POST
        try:
            lesson = services.create_lesson(actor=self.request.user, publish=publish, **form.lesson_data())
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_invalid(form)
        if publish:
            messages.success(self.request, gettext("The lesson was published."))
        else:
            messages.success(self.request, gettext("The lesson was saved as a draft."))
        return redirect(lesson.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["creating"] = True
        return ctx


class LessonEditView(LessonMixin, FormView):
    """Edit a lesson (its author, the PMO). A stale save comes back with the typed values and who changed it."""

    template_name = "knowledge/lesson_form.html"
    form_class = LessonForm

    def get(self, request, *args, **kwargs):
        self.require_edit()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_edit()
        return super().post(request, *args, **kwargs)

    def require_edit(self):
        if not permissions.can_edit_lesson(self.request.user, self.lesson):
            raise PermissionDenied

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, instance=self.lesson)
        return kwargs

    def form_valid(self, form):
        try:
            services.update_lesson(
                actor=self.request.user,
                lesson=self.lesson,
                expected_version=form.cleaned_data.get("version"),
                **form.lesson_data(),
            )
        except StaleEdit as exc:
            form.add_error(None, exc.message)
            fresh = selectors.lesson_for(self.request.user, self.lesson.pk)
            data = self.request.POST.copy()
            data["version"] = str(fresh.version if fresh else self.lesson.version)
            form.data = data
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, gettext("The lesson was saved."))
        return redirect(self.lesson.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["creating"] = False
        return ctx


class _LessonAction(LessonMixin, View):
    """POST-only workflow actions; a refusal comes back on the lesson page as a message, never a 500."""

    http_method_names = ["post"]

    def done(self):
        return redirect(self.lesson.get_absolute_url())

    def refused(self, exc: RuleError | StaleEdit):
        messages.error(self.request, exc.message)
        return self.done()


class LessonPublishView(_LessonAction):
    def post(self, request, *args, **kwargs):
        if not permissions.can_publish_lesson(request.user, self.lesson):
            raise PermissionDenied
        form = PublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("This page was out of date: check the lesson and try again."))
            return self.done()
        extra = {"anonymised": form.cleaned_data["anonymised"]} if permissions.can_curate(request.user) else {}
        try:
            services.publish_lesson(
                actor=request.user, lesson=self.lesson, expected_version=form.cleaned_data["version"], **extra
            )
        except NotAllowed:
            raise PermissionDenied from None
        except (RuleError, StaleEdit) as exc:
            return self.refused(exc)
        messages.success(request, gettext("The lesson was published."))
        return self.done()


class LessonRetireView(_LessonAction):
    def post(self, request, *args, **kwargs):
        if not permissions.can_retire_lesson(request.user, self.lesson):
            raise PermissionDenied
        form = RetireForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("This page was out of date: check the lesson and try again."))
            return self.done()
        try:
            services.retire_lesson(
                actor=request.user,
                lesson=self.lesson,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except NotAllowed:
            raise PermissionDenied from None
        except (RuleError, StaleEdit) as exc:
            return self.refused(exc)
        messages.success(request, gettext("The lesson was retired: it stays readable here, out of search."))
        return self.done()


class LessonVoteView(_LessonAction):
    """ "Was this helpful?" — an htmx request gets the vote widget back, others the page."""

    def post(self, request, *args, **kwargs):
        form = VoteForm(request.POST)
        error = ""
        if not form.is_valid():
            error = gettext("Choose yes or no.")
        else:
            try:
                services.vote(actor=request.user, lesson=self.lesson, helpful=form.cleaned_data["helpful"])
            except RuleError as exc:
                error = exc.message
        if is_htmx_fragment(request):
            ctx = vote_context(request.user, self.lesson)
            ctx["vote_error"] = error
            ctx["vote_saved"] = not error
            return render(request, "knowledge/lesson_detail.html#vote", ctx)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, gettext("Thank you: your vote was recorded."))
        return self.done()


class LessonMergeView(LessonMixin, FormView):
    """The PMO merges this lesson (a duplicate) into another: it is kept and redirects to the survivor."""

    template_name = "knowledge/lesson_merge.html"
    form_class = MergeForm

    def get(self, request, *args, **kwargs):
        if not permissions.can_merge_lesson(request.user, self.lesson):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not permissions.can_merge_lesson(request.user, self.lesson):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, lesson=self.lesson)
        return kwargs

    def get_initial(self):
        return {"version": self.lesson.version}

    def form_valid(self, form):
        into = form.cleaned_data.get("into")
        try:
            if into is None:
                raise RuleError(gettext("Choose the lesson that stays."), field="into")
            services.merge_lesson(
                actor=self.request.user,
                lesson=self.lesson,
                into=into,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except NotAllowed:
            raise PermissionDenied from None
        except StaleEdit as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, gettext("The lesson was merged; its address now leads here."))
        return redirect(into.get_absolute_url())


class LessonPromoteView(LessonMixin, FormView):
    """The PMO rolls the lesson out into a checklist (an item in its draft version, linked back here)."""

    template_name = "knowledge/lesson_promote.html"
    form_class = PromoteForm

    def get(self, request, *args, **kwargs):
        if not permissions.can_promote(request.user, self.lesson):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not permissions.can_promote(request.user, self.lesson):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        return {"text": self.lesson.title[:500], "guidance": self.lesson.recommendation}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            rollout = services.promote_lesson(
                actor=self.request.user,
                lesson=self.lesson,
                checklist=data.get("checklist"),
                text=data.get("text", ""),
                guidance=data.get("guidance", ""),
                required=data.get("required", False),
            )
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("The lesson is now an item of the draft of %(checklist)s: publish that version to roll it out.")
            % {"checklist": str(rollout.checklist)},
        )
        return redirect(self.lesson.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rollouts"] = selectors.rollouts(self.lesson)
        return ctx
