"""Issues and risks, and turning a risk that materialised into an issue.

The project's managers create, change and delete both. A member may update an issue they own, but only the
managers hand it to someone else. Owners are people of the project.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exceptions import InvalidTransition, Rules
from core.locking import check_version
from projects.models import EscalationLevel, Issue, IssueStatus, Priority, Risk, RiskResponse, RiskStatus
from projects.services.items.common import (
    UNSET,
    Unset,
    candidate,
    check_people,
    check_reassign,
    given,
    lock_item,
    require_edit_assigned,
    require_manage,
    save_new,
    save_update,
    validate_model,
)
from projects.services.items.fields import ISSUE_FIELDS, RISK_FIELDS

__all__ = ["convert_risk_to_issue", "create_issue", "create_risk", "update_issue", "update_risk"]

DUE_BEFORE_RAISED = _("The due date cannot be before the date the issue was raised.")
RESOLVED_BEFORE_RAISED = _("The resolution date cannot be before the date the issue was raised.")
CONVERT_REFUSED = _("Only an open risk that has not become an issue yet can be turned into an issue.")

RESOLVED_STATUSES = (IssueStatus.RESOLVED, IssueStatus.CLOSED)


def _issue_rules(rules: Rules, issue: Issue, names) -> None:
    """Dates in order; a resolved or closed issue gets today as its resolution date when it has none."""
    names = set(names)
    if names & {"status", "resolved_on"} and issue.status in RESOLVED_STATUSES and not issue.resolved_on:
        issue.resolved_on = timezone.localdate()
        names.add("resolved_on")
    raised = issue.raised_on
    if not isinstance(raised, dt.date):
        return
    due, resolved = issue.due_date, issue.resolved_on
    if names & {"raised_on", "due_date"} and isinstance(due, dt.date) and due < raised:
        rules.add("due_date", DUE_BEFORE_RAISED)
    if names & {"raised_on", "resolved_on"} and isinstance(resolved, dt.date) and resolved < raised:
        rules.add("resolved_on", RESOLVED_BEFORE_RAISED)


# --- Issues ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_issue(
    *,
    actor,
    project,
    title: str,
    description: str = "",
    owner=None,
    priority: str = Priority.MEDIUM,
    status: str = IssueStatus.OPEN,
    raised_on: dt.date | None = None,
    due_date: dt.date | None = None,
    resolved_on: dt.date | None = None,
    resolution: str = "",
    escalation_level: str = EscalationLevel.PROJECT,
) -> Issue:
    require_manage(actor, project)
    values = {
        "title": title,
        "description": description,
        "owner": owner,
        "priority": priority,
        "status": status,
        "raised_on": raised_on or timezone.localdate(),
        "due_date": due_date,
        "resolved_on": resolved_on,
        "resolution": resolution,
        "escalation_level": escalation_level,
    }
    issue = Issue(project=project, **values)
    rules = Rules()
    validate_model(issue, ISSUE_FIELDS, rules)
    _issue_rules(rules, issue, values)
    check_people(rules, project, [owner], field="owner")
    rules.raise_if_any()
    created = save_new(actor=actor, obj=issue, fields=ISSUE_FIELDS, values=values)
    _notify_escalation(created, previous_level=EscalationLevel.PROJECT)
    return created


@transaction.atomic
def update_issue(
    *,
    actor,
    issue: Issue,
    expected_version: int | None,
    title: str | Unset = UNSET,
    description: str | Unset = UNSET,
    owner=UNSET,
    priority: str | Unset = UNSET,
    status: str | Unset = UNSET,
    raised_on: dt.date | Unset = UNSET,
    due_date: dt.date | None | Unset = UNSET,
    resolved_on: dt.date | None | Unset = UNSET,
    resolution: str | Unset = UNSET,
    escalation_level: str | Unset = UNSET,
) -> Issue:
    """Change the fields given. The project's managers, or a member who owns the issue (not its owner, though)."""
    current = lock_item(issue)
    require_edit_assigned(actor, current)
    check_version(current, expected_version)
    values = given(
        title=title,
        description=description,
        owner=owner,
        priority=priority,
        status=status,
        raised_on=raised_on,
        due_date=due_date,
        resolved_on=resolved_on,
        resolution=resolution,
        escalation_level=escalation_level,
    )
    rules = Rules()
    check_reassign(rules, actor, current, owner)
    new = candidate(current, values)
    validate_model(new, values, rules)
    _issue_rules(rules, new, values)
    if new.resolved_on != current.resolved_on:
        values["resolved_on"] = new.resolved_on
    if owner is not UNSET and not rules.has("owner"):
        check_people(rules, issue.project, [owner], field="owner", keep=[current.owner_id])
    rules.raise_if_any()
    save_update(actor=actor, obj=issue, current=current, values=values)
    _notify_escalation(issue, previous_level=current.escalation_level)
    return issue


def _notify_escalation(issue: Issue, *, previous_level: str) -> None:
    """An issue raised to the PMO or the executives notifies them (once per issue and level)."""
    if issue.escalation_level != previous_level and issue.escalation_level != EscalationLevel.PROJECT:
        from projects import notifications

        notifications.issue_escalated(issue)


# --- Risks ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_risk(
    *,
    actor,
    project,
    title: str,
    probability: int,
    impact: int,
    cause: str = "",
    effect: str = "",
    response: str = RiskResponse.MITIGATE,
    mitigation_plan: str = "",
    owner=None,
    trigger: str = "",
    next_review_date: dt.date | None = None,
    status: str = RiskStatus.OPEN,
) -> Risk:
    require_manage(actor, project)
    values = {
        "title": title,
        "probability": probability,
        "impact": impact,
        "response": response,
        "status": status,
        "owner": owner,
        "next_review_date": next_review_date,
        "trigger": trigger,
        "cause": cause,
        "effect": effect,
        "mitigation_plan": mitigation_plan,
    }
    risk = Risk(project=project, **values)
    rules = Rules()
    validate_model(risk, RISK_FIELDS, rules)
    check_people(rules, project, [owner], field="owner")
    rules.raise_if_any()
    return save_new(actor=actor, obj=risk, fields=RISK_FIELDS, values=values)


@transaction.atomic
def update_risk(
    *,
    actor,
    risk: Risk,
    expected_version: int | None,
    title: str | Unset = UNSET,
    probability: int | Unset = UNSET,
    impact: int | Unset = UNSET,
    response: str | Unset = UNSET,
    status: str | Unset = UNSET,
    owner=UNSET,
    next_review_date: dt.date | None | Unset = UNSET,
    trigger: str | Unset = UNSET,
    cause: str | Unset = UNSET,
    effect: str | Unset = UNSET,
    mitigation_plan: str | Unset = UNSET,
) -> Risk:
    require_manage(actor, risk.project)
    current = lock_item(risk)
    check_version(current, expected_version)
    values = given(
        title=title,
        probability=probability,
        impact=impact,
        response=response,
        status=status,
        owner=owner,
        next_review_date=next_review_date,
        trigger=trigger,
        cause=cause,
        effect=effect,
        mitigation_plan=mitigation_plan,
    )
    rules = Rules()
    validate_model(candidate(current, values), values, rules)
    if owner is not UNSET:
        check_people(rules, risk.project, [owner], field="owner", keep=[current.owner_id])
    rules.raise_if_any()
    save_update(actor=actor, obj=risk, current=current, values=values)
    return risk


def _priority_for(score: int) -> str:
    if score >= 20:
        return Priority.CRITICAL
    if score >= 12:
        return Priority.HIGH
    return Priority.MEDIUM


@transaction.atomic
def convert_risk_to_issue(*, actor, risk: Risk, expected_version: int | None) -> Issue:
    """A risk that materialised becomes a linked issue in one step; the risk is marked materialised.

    Read on the locked risk row: two conversions at the same moment give one issue, the second is refused.
    """
    require_manage(actor, risk.project)
    current = lock_item(risk)
    if current.status != RiskStatus.OPEN or Issue.objects.filter(source_risk_id=current.pk).exists():
        raise InvalidTransition(str(CONVERT_REFUSED))
    check_version(current, expected_version)
    values = {
        "title": current.title,
        "description": "\n\n".join(part for part in (current.cause, current.effect, current.mitigation_plan) if part),
        "owner": current.owner,
        "priority": _priority_for(current.score),
        "source_risk": current,
    }
    issue = Issue(project=risk.project, **values)
    save_new(actor=actor, obj=issue, fields=(*ISSUE_FIELDS, "source_risk"), values=values)
    save_update(
        actor=actor, obj=risk, current=current, values={"status": RiskStatus.MATERIALISED}, action="materialise"
    )
    return issue
