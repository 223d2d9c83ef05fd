"""The projects app's models, split by domain."""

from projects.models.baselines import BaselineProposal, ProposalState
from projects.models.choices import (
    ActionStatus,
    ChangeStatus,
    EscalationLevel,
    IssueStatus,
    MeetingKind,
    Phase,
    Priority,
    ProjectState,
    ProjectType,
    Rag,
    ReportState,
    RiskResponse,
    RiskStatus,
)
from projects.models.imports import ImportPreview, ImportPreviewState
from projects.models.issues import ChangeRequest, Issue, Risk
from projects.models.meetings import ActionItem, Meeting
from projects.models.org import OrgUnit, Program
from projects.models.project import Baseline, Project, ProjectMembership
from projects.models.resources import Allocation, Person, Skill
from projects.models.schedule import CostActual, CostPlan, Milestone, QualityRecord
from projects.models.status import StatusReport, StatusReportRevision
from projects.models.surveys import SurveyAnswer, SurveyInvitation, SurveyRound, SurveyState
from projects.models.warnings import EarlyWarning, WarningKind

__all__ = [
    "ActionItem",
    "ActionStatus",
    "Allocation",
    "Baseline",
    "BaselineProposal",
    "ChangeRequest",
    "ChangeStatus",
    "CostActual",
    "CostPlan",
    "EarlyWarning",
    "EscalationLevel",
    "ImportPreview",
    "ImportPreviewState",
    "Issue",
    "IssueStatus",
    "Meeting",
    "MeetingKind",
    "Milestone",
    "OrgUnit",
    "Person",
    "Phase",
    "Priority",
    "Program",
    "Project",
    "ProjectMembership",
    "ProjectState",
    "ProjectType",
    "ProposalState",
    "QualityRecord",
    "Rag",
    "ReportState",
    "Risk",
    "RiskResponse",
    "RiskStatus",
    "Skill",
    "StatusReport",
    "StatusReportRevision",
    "SurveyAnswer",
    "SurveyInvitation",
    "SurveyRound",
    "SurveyState",
    "WarningKind",
]
