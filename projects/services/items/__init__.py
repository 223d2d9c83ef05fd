"""Writes on a project's items: milestones, issues, risks, change requests (and the decision log), meetings and
action items. One module per aggregate; every function is keyword-only, typed and transactional.

Updates take the version the editor read (``expected_version``, required) and the fields to change as keyword
arguments; a field that is not passed (``UNSET``) stays as it is.
"""

from projects.services.items.changes import create_change_request, decide_change_request, update_change_request
from projects.services.items.common import UNSET as UNSET
from projects.services.items.deletion import delete_item
from projects.services.items.issues import (
    convert_risk_to_issue,
    create_issue,
    create_risk,
    update_issue,
    update_risk,
)
from projects.services.items.meetings import (
    create_action_item,
    create_gate_condition_item,
    create_meeting,
    update_action_item,
    update_meeting,
)
from projects.services.items.milestones import create_milestone, update_milestone

__all__ = [
    "convert_risk_to_issue",
    "create_action_item",
    "create_change_request",
    "create_gate_condition_item",
    "create_issue",
    "create_meeting",
    "create_milestone",
    "create_risk",
    "decide_change_request",
    "delete_item",
    "update_action_item",
    "update_change_request",
    "update_issue",
    "update_meeting",
    "update_milestone",
    "update_risk",
]
