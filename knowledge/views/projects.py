"""The knowledge base on project pages: the panel of relevant lessons, and the closing page.

The panel is an htmx fragment (``projects.extensions.register_panel``) loaded into the project's status page: it
checks the project's visibility itself and answers an empty body when it has nothing to show. Its query count is
constant (``selectors.relevant_lessons``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.generic import TemplateView

from core.exceptions import NotAllowed, RuleError
from core.forms import add_rule_error
from core.mixins import RoleRequiredMixin
from knowledge import permissions, selectors, services
from knowledge.forms import ClosingLessonForm, SkipForm
from knowledge.services.closing import closing_settled
from projects import selectors as project_selectors
from projects.models import Phase, ProjectState

#: The project is "closing" (the panel invites its PM to write the closing lesson) in these phases/states.
CLOSING_PHASES = (Phase.CLOSURE,)


class _ProjectPage(RoleRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.project = get_object_or_404(project_selectors.visible_projects(request.user), code=kwargs["code"])
        return super().dispatch(request, *args, **kwargs)


class ProjectLessonsPanelView(_ProjectPage, TemplateView):
    template_name = "knowledge/project_panel.html"

    def get(self, request, *args, **kwargs):
        user, project = request.user, self.project
        lessons = selectors.relevant_lessons(user, project)
        closing = (
            project.phase in CLOSING_PHASES
            and project.state not in (ProjectState.CLOSED, ProjectState.CANCELLED)
            and permissions.can_record_closure(user, project)
        )
        needs_lesson = closing and not closing_settled(project.pk)
        if not lessons and not closing:
            return HttpResponse("")
        return self.render_to_response(
            {"project": project, "lessons": lessons, "closing": closing, "needs_lesson": needs_lesson}
        )


class ClosingLessonView(_ProjectPage, TemplateView):
    """Closing a project: its PM writes at least one lesson, or skips with a reason (recorded)."""

    template_name = "knowledge/closing.html"

    def check(self):
        if not permissions.can_record_closure(self.request.user, self.project):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self.check()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, project = self.request.user, self.project
        ctx.setdefault("form", ClosingLessonForm(user=user, initial={"publish": True}))
        ctx.setdefault("skip_form", SkipForm())
        ctx.update(
            project=project,
            lessons=selectors.closing_lessons(user, project),
            skip=selectors.closing_skip(project),
            settled=closing_settled(project.pk),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        self.check()
        if "skip" in request.POST:
            return self.skip()
        form = ClosingLessonForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.lesson_data()
        data.update(source_project=self.project, phase=self.project.phase, project_type=self.project.project_type)
        try:
            services.create_lesson(actor=request.user, publish=form.cleaned_data.get("publish", False), **data)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, gettext("Thank you: the lesson was recorded. The project can now be closed."))
        return redirect("knowledge:close", code=self.project.code)

    def skip(self):
        form = SkipForm(self.request.POST)
        form.is_valid()
        try:
            services.skip_closing_lesson(
                actor=self.request.user, project=self.project, reason=form.cleaned_data.get("reason", "")
            )
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.render_to_response(self.get_context_data(skip_form=form))
        messages.success(self.request, gettext("The reason was recorded. The project can now be closed."))
        return redirect("knowledge:close", code=self.project.code)


class KnowledgeHomePanelView(RoleRequiredMixin, TemplateView):
    """The knowledge fragment of the home pages (``register_home_panel``): closing projects the user manages that
    still need their lesson, the user's drafts, and the newest lessons. Empty when there is nothing to show."""

    template_name = "knowledge/home_panel.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        awaiting = selectors.projects_awaiting_lessons(user)
        drafts = selectors.my_drafts(user) if permissions.may_write_lessons(user) else []
        latest = selectors.latest_lessons(user)
        if not (awaiting or drafts or latest):
            return HttpResponse("")
        return self.render_to_response({"awaiting": awaiting, "drafts": drafts, "latest": latest})
