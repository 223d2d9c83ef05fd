"""API viewsets of the projects app. ROUTES lists (prefix, viewset, basename) for the shared router (/api/v1/).

Reads start from ``Model.objects.restrict(user, "view")`` (an invisible object is a 404); writes go through
``projects.services`` via the serializers; permissions come from ``projects.permissions`` (asked early by
``projects.api.permissions``, and again by the services). ``core.api.exception_handler`` maps the services' errors:
``RuleError`` → 400 per field, ``NotAllowed`` → 403, ``StaleEdit`` → 409 naming who changed the object.
"""

from projects.api.views.baseline_proposals import BaselineProposalViewSet
from projects.api.views.costs import CostActualViewSet, CostPlanViewSet, QualityRecordViewSet
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
from projects.api.views.resources import AllocationViewSet, PersonViewSet
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
    ("rebaseline-proposals", BaselineProposalViewSet, "rebaseline-proposal"),
    ("cost-plans", CostPlanViewSet, "cost-plan"),
    ("cost-actuals", CostActualViewSet, "cost-actual"),
    ("quality-records", QualityRecordViewSet, "quality-record"),
    ("people", PersonViewSet, "person"),
    ("allocations", AllocationViewSet, "allocation"),
]
