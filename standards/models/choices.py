from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StandardStatus(models.TextChoices):
    """The life of a standard (document, checklist, blueprint): draft → published → retired (final)."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class VersionState(models.TextChoices):
    """One version: a draft is edited; publishing makes it current; the one it replaces becomes superseded."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("version state", "Current")
    SUPERSEDED = "superseded", _("Superseded")


class DocumentKind(models.TextChoices):
    TEMPLATE = "template", _("Template")
    GUIDELINE = "guideline", _("Guideline")
    PROCEDURE = "procedure", _("Procedure")


class ChecklistPurpose(models.TextChoices):
    PROJECT_START = "project_start", _("Project start")
    PHASE_GATE = "phase_gate", _("Phase gate")
    WEEKLY_QUALITY = "weekly_quality", _("Weekly quality check")
    DELIVERY = "delivery", _("Delivery pre-check")
    CLOSURE = "closure", _("Closure")


class Schedule(models.TextChoices):
    PHASE = "phase", _("At a phase")
    WEEKLY = "weekly", _("Weekly")


class RunState(models.TextChoices):
    DUE = "due", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Answer(models.TextChoices):
    DONE = "done", _("Done")
    NOT_APPLICABLE = "na", _("Not applicable")
    NOT_DONE = "not_done", _("Not done")


class GateState(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    CONDITIONAL = "conditional", _("Approved with conditions")
    REJECTED = "rejected", _("Rejected")
