"""What the knowledge pages share: loading the lesson the user may read (404 otherwise), htmx fragments."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from core.mixins import RoleRequiredMixin
from knowledge import selectors


def is_htmx_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


class LessonMixin(RoleRequiredMixin):
    """Loads ``self.lesson`` by ``pk`` from the lessons the user may read; a hidden lesson answers like a missing
    one (404)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.lesson = selectors.lesson_for(request.user, kwargs["pk"])
        if self.lesson is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["lesson"] = self.lesson
        return ctx
