"""The knowledge app's models, one module per aggregate."""

from knowledge.models.choices import Dimension, LessonKind, LessonState
from knowledge.models.closure import ClosureSkip
from knowledge.models.lesson import Lesson, LessonAttachment, LessonVote, SearchWord, Tag
from knowledge.models.rollout import LessonRollout

__all__ = [
    "ClosureSkip",
    "Dimension",
    "Lesson",
    "LessonAttachment",
    "LessonKind",
    "LessonRollout",
    "LessonState",
    "LessonVote",
    "SearchWord",
    "Tag",
]
