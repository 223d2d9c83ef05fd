from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Rag(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class ProjectState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Phase(models.TextChoices):
    INITIATION = "initiation", _("Initiation")
    REQUIREMENTS = "requirements", _("Requirements")
    DESIGN = "design", _("Design")
    BUILD = "build", _("Build")
    TEST = "test", _("Test")
    DEPLOYMENT = "deployment", _("Deployment")
    CLOSURE = "closure", _("Closure")


class ProjectType(models.TextChoices):
    SYSTEM_DEVELOPMENT = "system_development", _("System development")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    BUSINESS_PROCESS = "business_process", _("Business process")
    RND = "rnd", _("R&D")
    OTHER = "other", _("Other")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    REVIEWED = "reviewed", _("Reviewed")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class EscalationLevel(models.TextChoices):
    PROJECT = "project", _("Project")
    PMO = "pmo", _("PMO")
    EXECUTIVE = "executive", _("Executive")


class RiskResponse(models.TextChoices):
    AVOID = "avoid", _("Avoid")
    MITIGATE = "mitigate", _("Mitigate")
    TRANSFER = "transfer", _("Transfer")
    # Not the review button's "Accept": in Japanese PM usage this response is 受容.
    ACCEPT = "accept", pgettext_lazy("risk response", "Accept")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATERIALISED = "materialised", _("Materialised")
    CLOSED = "closed", _("Closed")


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DECISION = "decision", _("Decision (log)")


class MeetingKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly progress meeting")
    STEERING = "steering", _("Steering committee")
    QUALITY_REVIEW = "quality_review", _("Quality review")
    OTHER = "other", _("Other")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
