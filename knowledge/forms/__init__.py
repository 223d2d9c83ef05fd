"""Forms of the knowledge pages: they parse input; the services decide the rules."""

from knowledge.forms.lesson_forms import (
    AttachmentForm,
    ClosingLessonForm,
    LessonForm,
    MergeForm,
    PromoteForm,
    PublishForm,
    RetireForm,
    SkipForm,
    VoteForm,
)

__all__ = [
    "AttachmentForm",
    "ClosingLessonForm",
    "LessonForm",
    "MergeForm",
    "PromoteForm",
    "PublishForm",
    "RetireForm",
    "SkipForm",
    "VoteForm",
]
