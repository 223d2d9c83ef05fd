"""Every write of the projects app. Pages, API views, tasks, the importer and commands call these.

Each function is keyword-only and typed, runs in one transaction, checks its rules on the locked row, records the
audit entry, and raises ``core.exceptions.RuleError`` (field + translated message), ``NotAllowed`` (the actor may
not) or ``StaleEdit`` (the version read is not the stored one). Nothing here trusts its caller's validation.

Modules: ``projects`` (projects, baselines, memberships, archive), ``status`` (the weekly report workflow),
``org`` (org units, programs), ``items`` (milestones, issues, risks, change requests, meetings, action items),
``imports`` (spreadsheet imports through the services above), ``metrics`` (the cached EVM/RAG snapshot).
"""

from projects.services import items as _items
from projects.services.baselines import rebaseline
from projects.services.items import *  # noqa: F403 - the items package declares its own __all__
from projects.services.memberships import remove_membership, set_membership
from projects.services.metrics import refresh_project_snapshot
from projects.services.projects import archive_project, create_project, unarchive_project, update_project
from projects.services.status import (
    create_status_report,
    initial_for_week,
    reopen_status_report,
    review_status_report,
    save_status_report,
    submit_status_report,
    update_status_report,
)

__all__ = [
    *_items.__all__,
    "archive_project",
    "create_project",
    "create_status_report",
    "initial_for_week",
    "rebaseline",
    "refresh_project_snapshot",
    "remove_membership",
    "reopen_status_report",
    "review_status_report",
    "save_status_report",
    "set_membership",
    "submit_status_report",
    "unarchive_project",
    "update_project",
    "update_status_report",
]
