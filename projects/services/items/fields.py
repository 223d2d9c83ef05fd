"""The fields of each project item that a person edits: declared once, used by services, forms and serializers.

The order is the order of the page forms.
"""

from __future__ import annotations

MILESTONE_FIELDS = ("name", "phase", "baseline_date", "forecast_date", "actual_date", "weight", "is_phase_gate")
ISSUE_FIELDS = (
    "title",
    "description",
    "priority",
    "status",
    "owner",
    "raised_on",
    "due_date",
    "resolved_on",
    "escalation_level",
    "resolution",
)
RISK_FIELDS = (
    "title",
    "probability",
    "impact",
    "response",
    "status",
    "owner",
    "next_review_date",
    "trigger",
    "cause",
    "effect",
    "mitigation_plan",
)
#: ``status`` is only ``proposed`` or ``decision`` here: approving and rejecting is ``decide_change_request``.
CHANGE_REQUEST_FIELDS = ("title", "reason", "cost_impact", "schedule_impact_days", "status", "decided_on")
MEETING_FIELDS = (
    "kind",
    "title",
    "held_on",
    "duration_minutes",
    "attendees",
    "other_attendees",
    "minutes",
    "decisions",
)
ACTION_ITEM_FIELDS = ("title", "meeting", "owner", "due_date", "status")
