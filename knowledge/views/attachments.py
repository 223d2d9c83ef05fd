"""Files attached to a lesson: add (author, PMO), download (whoever reads the lesson), remove (kept, hidden)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views import View

from core import uploads
from core.exceptions import NotAllowed, RuleError
from knowledge import permissions, services
from knowledge.forms import AttachmentForm
from knowledge.models import LessonAttachment
from knowledge.views.base import LessonMixin


class AttachmentAddView(LessonMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not permissions.can_edit_lesson(request.user, self.lesson):
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES)
        form.is_valid()
        try:
            attachment = services.add_attachment(
                actor=request.user, lesson=self.lesson, file=form.cleaned_data.get("file")
            )
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            messages.error(request, exc.message)
            return redirect(self.lesson.get_absolute_url())
        messages.success(request, gettext("%(name)s was attached.") % {"name": attachment.original_name})
        return redirect(self.lesson.get_absolute_url())


def _attachment(lesson, pk) -> LessonAttachment:
    attachment = lesson.attachments.filter(pk=pk, removed_at__isnull=True).first()
    if attachment is None:
        raise Http404
    return attachment


class AttachmentDownloadView(LessonMixin, View):
    """The file, after the lesson's own visibility check (``LessonMixin``)."""

    def get(self, request, *args, **kwargs):
        attachment = _attachment(self.lesson, kwargs["attachment"])
        return uploads.serve_upload(
            attachment.file, download_name=attachment.original_name, content_type=attachment.content_type
        )


class AttachmentRemoveView(LessonMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not permissions.can_edit_lesson(request.user, self.lesson):
            raise PermissionDenied
        attachment = _attachment(self.lesson, kwargs["attachment"])
        try:
            services.remove_attachment(actor=request.user, attachment=attachment)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            messages.error(request, exc.message)
            return redirect(self.lesson.get_absolute_url())
        messages.success(request, gettext("%(name)s was removed.") % {"name": attachment.original_name})
        return redirect(self.lesson.get_absolute_url())
