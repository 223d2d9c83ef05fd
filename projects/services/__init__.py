"""Every write of the projects app. Pages, API views, tasks and commands call these; they assume clean input."""

from projects.services.items import convert_risk_to_issue, create_item, delete_item, update_item
from projects.services.metrics import refresh_project_snapshot
from projects.services.projects import (
    create_project,
    decide_change_request,
    rebaseline,
    remove_membership,
    set_membership,
    update_project,
)
from projects.services.status import (
    create_status_report,
    initial_for_week,
    reopen_status_report,
    review_status_report,
    submit_status_report,
    update_status_report,
)

__all__ = [
    "convert_risk_to_issue",
    "create_item",
    "create_project",
    "create_status_report",
    "decide_change_request",
    "delete_item",
    "initial_for_week",
    "rebaseline",
    "refresh_project_snapshot",
    "remove_membership",
    "reopen_status_report",
    "review_status_report",
    "set_membership",
    "submit_status_report",
    "update_item",
    "update_project",
    "update_status_report",
]
