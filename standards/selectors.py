"""Reads of the standards app: the only way views, the API, tasks and other apps read it. Each starts from
``restrict(user, action)`` and prefetches what its page shows, so query counts do not grow with rows."""

from __future__ import annotations

import datetime as dt
import difflib

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from projects.models import Project
from standards import permissions
from standards.models import (
    Blueprint,
    Category,
    Checklist,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistRun,
    ChecklistVersion,
    DocumentVersion,
    GateReview,
    GateState,
    ProjectChecklistPlan,
    ProjectDocumentLink,
    RunState,
    StandardDocument,
    StandardStatus,
    VersionState,
)

OPEN_RUN_STATES = (RunState.DUE, RunState.IN_PROGRESS)


# --- For other apps (contracts) -----------------------------------------------------------------------------------


def projects_running_source(source_key: str) -> int:
    """How many distinct projects have started a run of a checklist version holding an item with ``source_key``."""
    if not source_key:
        return 0
    versions = ChecklistItem.objects.filter(source_key=source_key).values("checklist_version")
    return (
        ChecklistRun.objects.filter(checklist_version__in=versions, started_at__isnull=False)
        .values("project")
        .distinct()
        .count()
    )


def checklist_by_code(user, code: str) -> Checklist | None:
    return Checklist.objects.restrict(user, "view").filter(code=code).first()


# --- The library --------------------------------------------------------------------------------------------------


def categories(user) -> QuerySet[Category]:
    return Category.objects.restrict(user, "view")


def documents(user, action: str = "view") -> QuerySet[StandardDocument]:
    return StandardDocument.objects.restrict(user, action).select_related("category", "owner", "current_version")


def checklists(user, action: str = "view") -> QuerySet[Checklist]:
    return (
        Checklist.objects.restrict(user, action)
        .select_related("category", "owner", "current_version")
        .annotate(item_count=Count("current_version__items", distinct=True))
    )


def blueprints(user, action: str = "view") -> QuerySet[Blueprint]:
    return Blueprint.objects.restrict(user, action).select_related("owner")


def document_versions(user, document: StandardDocument) -> QuerySet[DocumentVersion]:
    return (
        DocumentVersion.objects.restrict(user, "view")
        .filter(document=document)
        .select_related("created_by", "published_by")
        .order_by("-number")
    )


def checklist_versions(user, checklist: Checklist) -> QuerySet[ChecklistVersion]:
    return (
        ChecklistVersion.objects.restrict(user, "view")
        .filter(checklist=checklist)
        .select_related("created_by", "published_by")
        .annotate(item_count=Count("items"))
        .order_by("-number")
    )


def version_items(version: ChecklistVersion) -> QuerySet[ChecklistItem]:
    return version.items.order_by("position", "id")


def shown_version(user, versions: list, number: int | None):
    """The version a reader sees by default: the asked number, else the draft (PMO) or the current one."""
    if number is not None:
        return next((v for v in versions if v.number == number), None)
    if permissions.can_edit_standards(user):
        draft = next((v for v in versions if v.state == VersionState.DRAFT), None)
        if draft:
            return draft
    return next((v for v in versions if v.state == VersionState.PUBLISHED), versions[0] if versions else None)


def body_diff(old: str, new: str, *, old_label: str, new_label: str) -> list[tuple[str, str]]:
    """A unified diff of two Markdown bodies as (kind, line) pairs; the template escapes each line (inert)."""
    lines = difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), fromfile=old_label, tofile=new_label, lineterm="", n=2
    )
    out = []
    for line in lines:
        if line.startswith(("+++", "---")):
            kind = "file"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "same"
        out.append((kind, line))
    return out


def blueprint_detail(user, pk: int) -> Blueprint | None:
    return (
        blueprints(user)
        .prefetch_related(
            "milestones",
            "risks",
            Prefetch("checklists", queryset=_bp_checklists()),
            "documents__document",
        )
        .filter(pk=pk)
        .first()
    )


def _bp_checklists():
    from standards.models import BlueprintChecklist

    return BlueprintChecklist.objects.select_related("checklist")


# --- Runs and gates -----------------------------------------------------------------------------------------------


def runs(user, action: str = "view") -> QuerySet[ChecklistRun]:
    return ChecklistRun.objects.restrict(user, action).select_related(
        "project", "checklist", "checklist_version", "milestone", "completed_by", "started_by"
    )


def run_detail(user, pk: int) -> ChecklistRun | None:
    return runs(user).filter(pk=pk).first()


def run_items(run: ChecklistRun) -> list[tuple[ChecklistItem, ChecklistAnswer | None]]:
    """The run's items (of its pinned version, or of the current version while not started) with their answers."""
    version = run.checklist_version or run.checklist.current_version
    if version is None:
        return []
    answers = {a.item_id: a for a in run.answers.select_related("answered_by")}
    return [(item, answers.get(item.pk)) for item in version.items.order_by("position", "id")]


def project_runs(user, project: Project) -> QuerySet[ChecklistRun]:
    return (
        runs(user)
        .filter(project=project)
        .exclude(state=RunState.CANCELLED)
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


def project_plans(user, project: Project) -> QuerySet[ProjectChecklistPlan]:
    """The checklists the project runs (from its blueprint or planned since), with their checklist in the query."""
    return (
        ProjectChecklistPlan.objects.restrict(user, "view")
        .filter(project=project)
        .select_related("checklist")
        .order_by("schedule", "phase", "checklist__code", "id")
    )


def plannable_checklists(user) -> QuerySet[Checklist]:
    """Published checklists, for planning one on a project."""
    return checklists(user).filter(status=StandardStatus.PUBLISHED).order_by("code")


def project_documents(user, project: Project) -> QuerySet[ProjectDocumentLink]:
    return (
        ProjectDocumentLink.objects.restrict(user, "view")
        .filter(project=project, document__in=StandardDocument.objects.restrict(user, "view"))
        .select_related("document", "document__current_version")
    )


def gate_reviews(user, action: str = "view") -> QuerySet[GateReview]:
    return GateReview.objects.restrict(user, action).select_related(
        "project", "milestone", "run", "run__checklist", "decided_by"
    )


def gates_awaiting(user) -> QuerySet[GateReview]:
    """Pending gate reviews ``user`` may decide whose checklist run is complete (ready for a decision)."""
    return (
        GateReview.objects.filter(permissions.gate_decider_q(user), state=GateState.PENDING)
        .filter(Q(run__isnull=True) | Q(run__state=RunState.COMPLETED))
        .select_related("project", "milestone", "run")
        .order_by("milestone__baseline_date", "id")
    )


# --- Compliance ---------------------------------------------------------------------------------------------------


def _compliance_counts(today: dt.date) -> dict:
    due = Q(checklist_runs__required=True, checklist_runs__due_date__lte=today) & ~Q(
        checklist_runs__state=RunState.CANCELLED
    )
    return {
        "due_count": Count("checklist_runs", filter=due),
        "done_count": Count("checklist_runs", filter=due & Q(checklist_runs__state=RunState.COMPLETED)),
        "overdue_count": Count("checklist_runs", filter=due & Q(checklist_runs__state__in=OPEN_RUN_STATES)),
        "upcoming_count": Count(
            "checklist_runs",
            filter=Q(checklist_runs__required=True, checklist_runs__due_date__gt=today)
            & Q(checklist_runs__state__in=OPEN_RUN_STATES),
        ),
    }


def compliance_projects(user, today: dt.date | None = None) -> QuerySet[Project]:
    """Projects the user sees that have checklist runs, with due / done / overdue counts (database aggregates)."""
    today = today or timezone.localdate()
    return (
        Project.objects.restrict(user, "view")
        .active()
        .filter(Exists(ChecklistRun.objects.filter(project=OuterRef("pk"))))
        .select_related("org_unit", "pm")
        .annotate(**_compliance_counts(today))
        .order_by("org_unit__name", "code")
    )


def _run_totals(qs: QuerySet[ChecklistRun], today: dt.date) -> dict:
    due = Q(required=True, due_date__lte=today) & ~Q(state=RunState.CANCELLED)
    return {
        "due": Count("pk", filter=due),
        "done": Count("pk", filter=due & Q(state=RunState.COMPLETED)),
        "overdue": Count("pk", filter=due & Q(state__in=OPEN_RUN_STATES)),
    }


def compliance_totals(user, today: dt.date | None = None) -> dict:
    """The portfolio totals and rate (completed required runs ÷ due required runs), in one aggregate query."""
    today = today or timezone.localdate()
    qs = ChecklistRun.objects.restrict(user, "view").filter(project__archived_at__isnull=True)
    totals = qs.aggregate(**_run_totals(qs, today))
    totals["rate"] = rate(totals["done"], totals["due"])
    return totals


def compliance_by_org_unit(user, today: dt.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    qs = ChecklistRun.objects.restrict(user, "view").filter(project__archived_at__isnull=True)
    rows = list(
        qs.values("project__org_unit", org_unit_name=F("project__org_unit__name"))
        .annotate(**_run_totals(qs, today))
        .order_by("org_unit_name")
    )
    for row in rows:
        row["rate"] = rate(row["done"], row["due"])
    return rows


def rate(done: int, due: int):
    """A percentage, or ``None`` ("not defined") when nothing is due."""
    if not due:
        return None
    return round(done * 100 / due, 1)


def gate_history(review: GateReview):
    from core.models import AuditEntry

    return (
        AuditEntry.objects.filter(app_label="standards", object_type="gatereview", object_id=review.pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )
