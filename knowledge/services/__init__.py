"""Every write of the knowledge app (one module per aggregate); see each module for its rules."""

from knowledge.services.attachments import add_attachment, remove_attachment
from knowledge.services.closing import closing_guard, skip_closing_lesson
from knowledge.services.feedback import record_view, vote
from knowledge.services.lessons import (
    LESSON_FIELDS,
    create_lesson,
    merge_lesson,
    publish_lesson,
    retire_lesson,
    update_lesson,
)
from knowledge.services.promotion import promote_lesson

__all__ = [
    "LESSON_FIELDS",
    "add_attachment",
    "closing_guard",
    "create_lesson",
    "merge_lesson",
    "promote_lesson",
    "publish_lesson",
    "record_view",
    "remove_attachment",
    "retire_lesson",
    "skip_closing_lesson",
    "update_lesson",
    "vote",
]
