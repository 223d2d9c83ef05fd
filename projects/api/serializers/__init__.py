"""Serializers of the projects API: they validate and translate input, then call ``projects.services``.

Field names are a contract integrators rely on (see issue 3, "API"); change them only with a new API version.
Users appear as usernames. ``version`` is read on every object that has one; send it back on PATCH/PUT (and on
the status report actions) to have a stale edit refused with 409 instead of overwriting someone else's change.
"""

from projects.api.serializers.baseline_proposals import (
    BaselineProposalSerializer,
    DecideRebaselineSerializer,
    WithdrawRebaselineSerializer,
)
from projects.api.serializers.costs import CostActualSerializer, CostPlanSerializer, QualityRecordSerializer
from projects.api.serializers.items import (
    ActionItemSerializer,
    ChangeRequestSerializer,
    DecideChangeRequestSerializer,
    IssueSerializer,
    MeetingSerializer,
    MilestoneSerializer,
    ProjectItemSerializer,
    RiskSerializer,
)
from projects.api.serializers.org import OrgUnitSerializer, ProgramSerializer
from projects.api.serializers.projects import ArchiveSerializer, ProjectSerializer, RebaselineSerializer
from projects.api.serializers.status import (
    ReopenSerializer,
    ReviewSerializer,
    StatusReportSerializer,
    VersionSerializer,
)

__all__ = [
    "ArchiveSerializer",
    "BaselineProposalSerializer",
    "DecideRebaselineSerializer",
    "WithdrawRebaselineSerializer",
    "ActionItemSerializer",
    "ChangeRequestSerializer",
    "CostActualSerializer",
    "CostPlanSerializer",
    "DecideChangeRequestSerializer",
    "IssueSerializer",
    "MeetingSerializer",
    "MilestoneSerializer",
    "OrgUnitSerializer",
    "ProgramSerializer",
    "ProjectItemSerializer",
    "ProjectSerializer",
    "QualityRecordSerializer",
    "RebaselineSerializer",
    "ReopenSerializer",
    "ReviewSerializer",
    "RiskSerializer",
    "StatusReportSerializer",
    "VersionSerializer",
]
