"""The standards app's models: one module per aggregate."""

from standards.models.blueprints import (
    Blueprint,
    BlueprintChecklist,
    BlueprintDocument,
    BlueprintMilestone,
    BlueprintRisk,
)
from standards.models.checklists import Checklist, ChecklistItem, ChecklistVersion
from standards.models.choices import (
    Answer,
    ChecklistPurpose,
    DocumentKind,
    GateState,
    RunState,
    Schedule,
    StandardStatus,
    VersionState,
)
from standards.models.documents import Category, DocumentVersion, StandardDocument
from standards.models.runs import (
    ChecklistAnswer,
    ChecklistRun,
    GateReview,
    ProjectChecklistPlan,
    ProjectDocumentLink,
)

__all__ = [
    "Answer",
    "Blueprint",
    "BlueprintChecklist",
    "BlueprintDocument",
    "BlueprintMilestone",
    "BlueprintRisk",
    "Category",
    "Checklist",
    "ChecklistAnswer",
    "ChecklistItem",
    "ChecklistPurpose",
    "ChecklistRun",
    "ChecklistVersion",
    "DocumentKind",
    "DocumentVersion",
    "GateReview",
    "GateState",
    "ProjectChecklistPlan",
    "ProjectDocumentLink",
    "RunState",
    "Schedule",
    "StandardDocument",
    "StandardStatus",
    "VersionState",
]
