"""Files attached to lessons, checked and stored by ``core.uploads``. Removing one hides it; nothing is deleted.

A file stored by a call that then fails (its transaction rolled back) is deleted again
(``standards.services.files.discards_uploads``): no orphan is left in the private storage."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, uploads
from core.exceptions import InvalidTransition, NotAllowed, RuleError
from core.locking import lock
from knowledge import permissions
from knowledge.models import Lesson, LessonAttachment
from standards.services.files import discards_uploads, store

#: What a lesson may carry: the documents of standards, and pictures of a whiteboard or a screen are not accepted
#: (``core.uploads`` checks content against the name for these kinds only).
ALLOWED_KINDS = ("pdf", "docx", "xlsx", "pptx")
MAX_ATTACHMENTS = 10


@discards_uploads
@transaction.atomic
def add_attachment(*, actor, lesson: Lesson, file) -> LessonAttachment:
    current = lock(lesson)
    if not permissions.can_view_lesson(actor, current) or not permissions.can_edit_lesson(actor, current):
        raise NotAllowed(_("You may not change this lesson."))
    if file is None:
        raise RuleError(_("Choose a file to attach."), field="file")
    if current.attachments.filter(removed_at__isnull=True).count() >= MAX_ATTACHMENTS:
        raise RuleError(_("A lesson has at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}, field="file")
    info = uploads.validate_upload(file, allowed=ALLOWED_KINDS)
    name = store(file, prefix=f"knowledge/{current.pk}")
    attachment = LessonAttachment.objects.create(
        lesson=current,
        file=name,
        original_name=info.original_name,
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        uploaded_by=actor,
    )
    audit.record(
        project=current.source_project_id,
        actor=actor,
        action="attach",
        obj=current,
        changes={"attachment": [None, info.original_name]},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment: LessonAttachment) -> LessonAttachment:
    current = lock(attachment.lesson)
    if not permissions.can_view_lesson(actor, current) or not permissions.can_edit_lesson(actor, current):
        raise NotAllowed(_("You may not change this lesson."))
    row = lock(attachment)
    if row.removed_at is not None:
        raise InvalidTransition(_("This attachment was already removed."))
    row.removed_at = timezone.now()
    row.removed_by = actor
    row.save(update_fields=["removed_at", "removed_by"])
    audit.record(
        project=current.source_project_id,
        actor=actor,
        action="detach",
        obj=current,
        changes={"attachment": [row.original_name, None]},
    )
    return row
