"""Every write of the projects app. Pages, API views, tasks, the importer and commands call these.

Each function is keyword-only and typed, runs in one transaction, checks its rules on the locked row, records the
audit entry, and raises ``core.exceptions.RuleError`` (field + translated message), ``NotAllowed`` (the actor may
not) or ``StaleEdit`` (the version read is not the stored one). Nothing here trusts its caller's validation.
"""

# --- Projects, baselines, memberships, organisation, status reports (projects.py, status.py, org.py) -------------
from projects.services.metrics import refresh_project_snapshot
from projects.services.projects import (
    archive_project,
    unarchive_project,
    create_project,
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
    save_status_report,
    submit_status_report,
    update_status_report,
)

# --- Project items: milestones, issues, risks, change requests, meetings, action items ----------------------------
from projects.services.items import *  # noqa: E402,F403 - the items section re-exports its own __all__
