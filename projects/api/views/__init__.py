"""API viewsets of the projects app. ROUTES lists (prefix, viewset, basename) for the shared router (/api/v1/).

Reads start from ``permissions.visible_projects`` (an invisible object is a 404); writes go through
``projects.services`` via the serializers; permissions come from ``projects.permissions`` via
``projects.api.permissions``. Service exceptions map to HTTP: ``StaleEdit`` → 409 (naming who changed the object),
``InvalidTransition`` → 400, a delete refused because something still uses the object → 400.
"""

from projects.api.views.items import (
    ActionItemViewSet,
    ChangeRequestViewSet,
    IssueViewSet,
    MeetingViewSet,
    MilestoneViewSet,
    RiskViewSet,
)
from projects.api.views.org import OrgUnitViewSet, ProgramViewSet
from projects.api.views.projects import ProjectViewSet
from projects.api.views.status import StatusReportViewSet

ROUTES: list = [
    ("org-units", OrgUnitViewSet, "org-unit"),
    ("programs", ProgramViewSet, "program"),
    ("projects", ProjectViewSet, "project"),
    ("status-reports", StatusReportViewSet, "status-report"),
    ("milestones", MilestoneViewSet, "milestone"),
    ("issues", IssueViewSet, "issue"),
    ("risks", RiskViewSet, "risk"),
    ("change-requests", ChangeRequestViewSet, "change-request"),
    ("meetings", MeetingViewSet, "meeting"),
    ("action-items", ActionItemViewSet, "action-item"),
]
