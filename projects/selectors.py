"""Reads of the projects app: the only way views, the API, the importer, tasks and other apps read it.

Every queryset starts from ``restrict(user, "view")`` (``projects.querysets``), and adds the joins a page needs so
that its query count does not grow with its rows.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import DurationField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.models import AuditEntry
from core.people import display_name
from projects.models import (
    ActionItem,
    Baseline,
    ChangeRequest,
    Issue,
    Milestone,
    Project,
    ProjectMembership,
    Risk,
    StatusReport,
)


def visible_projects(user) -> QuerySet[Project]:
    """Every project ``user`` may see, archived ones included."""
    return Project.objects.restrict(user, "view")


def portfolio(user) -> QuerySet[Project]:
    """The projects of everyday lists and dashboards: visible and not archived."""
    return Project.objects.restrict(user, "view").active()


def next_milestone_slip() -> Subquery:
    """The slip of the project's next milestone (the first not yet reached: forecast or baseline date, then id),
    as a duration: its forecast − its baseline (zero without a forecast). The snapshot's ``max_slip_days`` is the
    largest slip of any milestone, past ones included; this one belongs to the "next milestone" shown."""
    upcoming = (
        Milestone.objects.filter(project=OuterRef("pk"), actual_date__isnull=True)
        .annotate(current=Coalesce("forecast_date", "baseline_date"))
        .order_by("current", "pk")
        .annotate(slip=ExpressionWrapper(F("current") - F("baseline_date"), output_field=DurationField()))
    )
    return Subquery(upcoming.values("slip")[:1], output_field=DurationField())


def project_list(user, *, include_archived: bool = True) -> QuerySet[Project]:
    """Visible projects with their joins and ``next_milestone_slip`` (a duration or None), in the same query."""
    qs = Project.objects.restrict(user, "view")
    if not include_archived:
        qs = qs.active()
    return (
        qs.select_related("pm", "org_unit", "program", "baseline")
        .annotate(next_milestone_slip=next_milestone_slip())
        .order_by("code")
    )


#: The columns the projects API's list shows (``api.serializers.projects.ProjectSerializer``): the joined users and
#: baseline load only what is written out, and the org unit and program only their ids (issue 11: 100 rows).
API_LIST_COLUMNS = (
    "id", "code", "name", "description", "org_unit", "program", "pm__username", "deputy_pm__username", "sponsor",
    "customer", "project_type", "phase", "state", "confidential", "currency", "baseline__bac",
    "baseline__planned_start", "baseline__planned_end", "percent_complete", "spi", "cpi", "eac", "overall_rag",
    "snapshot_schedule_rag", "snapshot_cost_rag", "snapshot_quality_rag", "snapshot_scope_rag", "last_report_week",
    "next_milestone_name", "next_milestone_date", "max_slip_days", "updated_at", "archived_at", "version",
)  # fmt: skip


def project_api_rows(user) -> QuerySet[Project]:
    """Visible projects as the API's list writes them: one query, only the columns shown."""
    return (
        Project.objects.restrict(user, "view")
        .select_related("pm", "deputy_pm", "baseline")
        .only(*API_LIST_COLUMNS)
        .order_by("code")
    )


def project_for(user, code: str) -> Project | None:
    """The project with ``code`` if ``user`` may see it (None for a missing or invisible one alike)."""
    return project_list(user).filter(code=code).first()


def project_pm_choices(user, *, limit: int | None = None) -> list[tuple[str, str]]:
    """(username, display name) of the PMs of the projects ``user`` may see, for the list's PM filter; the first
    ``limit`` of them when given."""
    users = (
        get_user_model()
        .objects.filter(pk__in=visible_projects(user).values("pm_id"))  # a semi-join: no DISTINCT over users
        .order_by("username")
        .only("username", "first_name", "last_name")
    )
    return [(u.username, display_name(u)) for u in (users[:limit] if limit else users)]


def project_baselines(project: Project) -> QuerySet[Baseline]:
    """Every baseline of the project, newest first (the current one included)."""
    return Baseline.objects.filter(project=project).select_related("created_by", "change_request").order_by("-number")


def approved_change_requests(project: Project) -> QuerySet[ChangeRequest]:
    """The change requests that may justify a re-baseline of ``project``."""
    return ChangeRequest.objects.filter(project=project, status="approved").order_by("-decided_on", "-created_at")


def project_change_requests(project: Project) -> QuerySet[ChangeRequest]:
    """Every change request of ``project``, newest first."""
    return ChangeRequest.objects.filter(project=project).order_by("-created_at", "-id")


def project_members(project: Project) -> QuerySet[ProjectMembership]:
    return ProjectMembership.objects.filter(project=project).select_related("user").order_by("user__username")


def project_history(project: Project, *, object_type: str = "") -> QuerySet[AuditEntry]:
    """The project's history entries, newest first, optionally of one object type (a model name)."""
    qs = AuditEntry.objects.filter(project_id=project.pk).select_related("actor").order_by("-at", "-id")
    if object_type:
        qs = qs.filter(object_type=object_type)
    return qs


def history_object_types(project: Project) -> list[str]:
    """The object types (model names) that occur in the project's history."""
    return sorted(
        AuditEntry.objects.filter(project_id=project.pk).order_by().values_list("object_type", flat=True).distinct()
    )


def object_history(obj) -> QuerySet[AuditEntry]:
    """The audit entries of one object, newest first."""
    return (
        AuditEntry.objects.filter(app_label=obj._meta.app_label, object_type=obj._meta.model_name, object_id=obj.pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def status_reports(project: Project) -> QuerySet[StatusReport]:
    return StatusReport.objects.filter(project=project).select_related(
        "submitted_by", "reviewed_by", "updated_by", "created_by"
    )


def project_people(project, *keep_user_ids: int | None) -> QuerySet:
    """Who may own an item or attend a meeting: the active PM, deputy PM and members, plus ``keep_user_ids`` (the
    people already chosen, who may stay even if they left the project)."""
    keep = {pk for pk in keep_user_ids if pk}
    insiders = Q(pk__in={pk for pk in (project.pm_id, project.deputy_pm_id) if pk}) | Q(
        memberships__project_id=project.pk
    )
    return (
        get_user_model()
        .objects.filter(Q(pk__in=keep) | (Q(is_active=True) & insiders))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- Cross-project lists ----------------------------------------------------------------------------------------


def _cross_items(model, user, *related: str) -> QuerySet:
    """The items of ``model`` in every visible, not archived project, with what the cross-project lists show."""
    return (
        model.objects.restrict(user, "view")
        .filter(project__archived_at__isnull=True)
        .select_related("project", "project__org_unit", "owner", *related)
    )


def cross_issues(user) -> QuerySet[Issue]:
    return _cross_items(Issue, user).order_by("project__code", "-raised_on", "-id")


def cross_risks(user) -> QuerySet[Risk]:
    return _cross_items(Risk, user).order_by("project__code", "-score", "id")


def cross_action_items(user) -> QuerySet[ActionItem]:
    return _cross_items(ActionItem, user, "meeting").order_by("project__code", "due_date", "id")


def owner_choices(items: QuerySet, *, limit: int | None = None) -> list[tuple[str, str]]:
    """(username, display name) of the owners of ``items`` (a cross-list queryset), for the lists' owner filter;
    the first ``limit`` of them when given."""
    users = (
        get_user_model()
        .objects.filter(pk__in=items.order_by().values("owner_id"))
        .order_by("username")
        .only("username", "first_name", "last_name")
    )
    return [(u.username, display_name(u)) for u in (users[:limit] if limit else users)]
