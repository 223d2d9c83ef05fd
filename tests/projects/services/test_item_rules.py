"""Every rule of the project items, once, at the service (``projects.services.items``): the field and the words.

The pages and the API show the same answer (see the parity table of tests/projects/test_item_pages.py).
"""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from core.exceptions import InvalidTransition, NotAllowed, RuleError, StaleEdit
from core.locking import VERSION_REQUIRED
from core.models import AuditEntry
from projects import services
from projects.models import ActionItem, Baseline, ChangeRequest, Issue, Meeting, Milestone, ProjectMembership, Risk
from projects.services.items.changes import (
    ALREADY_DECIDED,
    DECIDE_WITH_ACTION,
    DECIDED_IS_KEPT,
    DECIDED_NOT_DELETED,
)
from projects.services.items.common import ATTENDEES_MESSAGE, PERSON_MESSAGE, REASSIGN_MESSAGE
from projects.services.items.deletion import IN_USE
from projects.services.items.issues import CONVERT_REFUSED, DUE_BEFORE_RAISED, RESOLVED_BEFORE_RAISED
from projects.services.items.meetings import MEETING_NOT_FOUND
from projects.services.items.milestones import ACTUAL_DATE_IN_FUTURE
from tests.factories import IssueFactory, MilestoneFactory, ProjectFactory, RiskFactory, UserFactory

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_clock():
    """Noon in Tokyo on a Monday: "today" never depends on the wall clock."""
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        yield


@pytest.fixture
def project(pm_user, member_user):
    project = ProjectFactory(pm=pm_user, code="PRJ-RULES-001")
    ProjectMembership.objects.create(project=project, user=member_user)
    return project


def refused(exc_info) -> dict:
    """The errors of a RuleError as {field: [messages]} with plain strings."""
    return {field: [str(m) for m in messages] for field, messages in exc_info.value.errors.items()}


# --- Milestones -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_milestone_actual_date_cannot_be_in_the_future(project, pm_user):
    with pytest.raises(RuleError) as exc:
        services.create_milestone(
            actor=pm_user, project=project, name="Go-live", baseline_date=TODAY, actual_date=TODAY + dt.timedelta(1)
        )
    assert refused(exc) == {"actual_date": [str(ACTUAL_DATE_IN_FUTURE)]}
    milestone = services.create_milestone(
        actor=pm_user, project=project, name="Go-live", baseline_date=TODAY, actual_date=TODAY
    )
    with pytest.raises(RuleError) as exc:
        services.update_milestone(
            actor=pm_user, milestone=milestone, expected_version=1, actual_date=TODAY + dt.timedelta(1)
        )
    assert refused(exc) == {"actual_date": [str(ACTUAL_DATE_IN_FUTURE)]}
    milestone.refresh_from_db()
    assert (milestone.actual_date, milestone.version) == (TODAY, 1)


@pytest.mark.django_db
def test_milestone_change_refreshes_the_project_snapshot(project, pm_user):
    milestone = services.create_milestone(
        actor=pm_user, project=project, name="Gate 1", baseline_date=TODAY + dt.timedelta(10)
    )
    project.refresh_from_db()
    assert project.next_milestone_name == "Gate 1"
    services.update_milestone(
        actor=pm_user, milestone=milestone, expected_version=1, forecast_date=TODAY + dt.timedelta(13)
    )
    project.refresh_from_db()
    assert (project.next_milestone_date, project.max_slip_days) == (TODAY + dt.timedelta(13), 3)
    services.delete_item(actor=pm_user, obj=milestone)
    project.refresh_from_db()
    assert project.next_milestone_name == "" and project.max_slip_days == 0


# --- Issues ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_issue_due_date_cannot_be_before_it_was_raised(project, pm_user):
    with pytest.raises(RuleError) as exc:
        services.create_issue(
            actor=pm_user, project=project, title="Late", raised_on=TODAY, due_date=TODAY - dt.timedelta(1)
        )
    assert refused(exc) == {"due_date": [str(DUE_BEFORE_RAISED)]}
    issue = services.create_issue(actor=pm_user, project=project, title="Late", due_date=TODAY)
    with pytest.raises(RuleError) as exc:
        services.update_issue(actor=pm_user, issue=issue, expected_version=1, raised_on=TODAY + dt.timedelta(1))
    assert refused(exc) == {"due_date": [str(DUE_BEFORE_RAISED)]}


@pytest.mark.django_db
def test_issue_cannot_be_resolved_before_it_was_raised(project, pm_user):
    issue = services.create_issue(actor=pm_user, project=project, title="Bug", raised_on=TODAY)
    with pytest.raises(RuleError) as exc:
        services.update_issue(actor=pm_user, issue=issue, expected_version=1, resolved_on=TODAY - dt.timedelta(1))
    assert refused(exc) == {"resolved_on": [str(RESOLVED_BEFORE_RAISED)]}
    assert Issue.objects.get(pk=issue.pk).resolved_on is None


@pytest.mark.django_db
def test_resolving_an_issue_dates_it_today(project, pm_user):
    issue = services.create_issue(actor=pm_user, project=project, title="Bug", raised_on=TODAY - dt.timedelta(3))
    services.update_issue(actor=pm_user, issue=issue, expected_version=1, status="resolved", resolution="Fixed")
    issue.refresh_from_db()
    assert (issue.status, issue.resolved_on, issue.version) == ("resolved", TODAY, 2)
    entry = AuditEntry.objects.get(object_type="issue", object_id=issue.pk, action="update")
    assert entry.changes["resolved_on"] == [None, TODAY.isoformat()]


# --- People ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["issue", "risk", "action"])
def test_owner_must_be_a_person_of_the_project(project, pm_user, kind):
    outsider = UserFactory(username="olga_outsider", role="Member")
    unknown = UserFactory.build(username="nobody")  # never saved: a user the caller could not find
    create = {
        "issue": lambda owner: services.create_issue(actor=pm_user, project=project, title="X", owner=owner),
        "risk": lambda owner: services.create_risk(
            actor=pm_user, project=project, title="X", probability=2, impact=2, owner=owner
        ),
        "action": lambda owner: services.create_action_item(actor=pm_user, project=project, title="X", owner=owner),
    }[kind]
    for owner in (outsider, unknown):
        with pytest.raises(RuleError) as exc:
            create(owner)
        assert refused(exc) == {"owner": [str(PERSON_MESSAGE)]}
    assert create(pm_user).owner == pm_user


@pytest.mark.django_db
def test_an_owner_who_left_the_project_may_stay(project, pm_user, member_user):
    issue = services.create_issue(actor=pm_user, project=project, title="X", owner=member_user)
    ProjectMembership.objects.filter(project=project, user=member_user).delete()
    services.update_issue(actor=pm_user, issue=issue, expected_version=1, owner=member_user, title="Y")
    outsider = UserFactory(username="olga_outsider", role="Member")
    with pytest.raises(RuleError) as exc:
        services.update_issue(actor=pm_user, issue=issue, expected_version=2, owner=outsider)
    assert refused(exc) == {"owner": [str(PERSON_MESSAGE)]}


@pytest.mark.django_db
def test_meeting_attendees_are_people_of_the_project_and_audited(project, pm_user, member_user):
    outsider = UserFactory(username="olga_outsider", role="Member")
    with pytest.raises(RuleError) as exc:
        services.create_meeting(
            actor=pm_user, project=project, title="Sync", held_on=TODAY, attendees=[pm_user, outsider]
        )
    assert refused(exc) == {"attendees": [str(ATTENDEES_MESSAGE)]}
    meeting = services.create_meeting(actor=pm_user, project=project, title="Sync", held_on=TODAY, attendees=[pm_user])
    services.update_meeting(actor=pm_user, meeting=meeting, expected_version=1, attendees=[pm_user, member_user])
    entry = AuditEntry.objects.get(object_type="meeting", object_id=meeting.pk, action="update")
    assert entry.changes == {"attendees": ["bob_pm", "bob_pm, dave_member"]}
    assert Meeting.objects.get(pk=meeting.pk).version == 2


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["issue", "action"])
def test_a_member_updates_their_own_item_but_does_not_hand_it_over(project, pm_user, member_user, kind):
    if kind == "issue":
        item = services.create_issue(actor=pm_user, project=project, title="Mine", owner=member_user)
        update, arg, done = services.update_issue, "issue", "resolved"
    else:
        item = services.create_action_item(actor=pm_user, project=project, title="Mine", owner=member_user)
        update, arg, done = services.update_action_item, "action_item", "done"
    with pytest.raises(RuleError) as exc:
        update(actor=member_user, expected_version=1, owner=pm_user, **{arg: item})
    assert refused(exc) == {"owner": [str(REASSIGN_MESSAGE)]}
    update(actor=member_user, expected_version=1, status=done, owner=member_user, **{arg: item})
    item.refresh_from_db()
    assert (item.status, item.owner) == (done, member_user)


@pytest.mark.django_db
def test_a_member_may_not_update_someone_elses_item_nor_create(project, pm_user, member_user):
    issue = services.create_issue(actor=pm_user, project=project, title="PM's", owner=pm_user)
    with pytest.raises(NotAllowed):
        services.update_issue(actor=member_user, issue=issue, expected_version=1, status="closed")
    with pytest.raises(NotAllowed):
        services.create_issue(actor=member_user, project=project, title="New")
    with pytest.raises(NotAllowed):
        services.delete_item(actor=member_user, obj=issue)


@pytest.mark.django_db
def test_another_pm_may_not_write(project, other_pm):
    milestone = MilestoneFactory(project=project)
    with pytest.raises(NotAllowed):
        services.create_milestone(actor=other_pm, project=project, name="X", baseline_date=TODAY)
    with pytest.raises(NotAllowed):
        services.update_milestone(actor=other_pm, milestone=milestone, expected_version=1, name="X")
    assert not AuditEntry.objects.exists()


# --- Action items ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_action_item_meeting_is_a_meeting_of_the_same_project(project, pm_user, pmo_user):
    elsewhere = ProjectFactory(pm=pm_user, confidential=True)
    foreign = services.create_meeting(actor=pmo_user, project=elsewhere, title="Theirs", held_on=TODAY)
    with pytest.raises(RuleError) as exc:
        services.create_action_item(actor=pm_user, project=project, title="X", meeting=foreign)
    assert refused(exc) == {"meeting": [str(MEETING_NOT_FOUND)]}
    ours = services.create_meeting(actor=pm_user, project=project, title="Ours", held_on=TODAY)
    item = services.create_action_item(actor=pm_user, project=project, title="X", meeting=ours)
    with pytest.raises(RuleError) as exc:
        services.update_action_item(actor=pm_user, action_item=item, expected_version=1, meeting=foreign)
    assert refused(exc) == {"meeting": [str(MEETING_NOT_FOUND)]}
    assert ActionItem.objects.get(pk=item.pk).meeting == ours


# --- Risks ----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["closed", "materialised"])
def test_only_an_open_risk_becomes_an_issue(project, pm_user, status):
    risk = RiskFactory(project=project, status=status)
    with pytest.raises(InvalidTransition) as exc:
        services.convert_risk_to_issue(actor=pm_user, risk=risk, expected_version=risk.version)
    assert refused(exc) == {None: [str(CONVERT_REFUSED)]}
    assert not Issue.objects.exists()


@pytest.mark.django_db
def test_a_risk_becomes_an_issue_once(project, pm_user):
    risk = RiskFactory(project=project, probability=4, impact=5)
    issue = services.convert_risk_to_issue(actor=pm_user, risk=risk, expected_version=1)
    assert (issue.source_risk, issue.priority) == (risk, "critical")
    assert Risk.objects.get(pk=risk.pk).status == "materialised"
    Risk.objects.filter(pk=risk.pk).update(status="open")  # reopened: it still has its issue
    with pytest.raises(InvalidTransition) as exc:
        services.convert_risk_to_issue(actor=pm_user, risk=risk, expected_version=2)
    assert refused(exc) == {None: [str(CONVERT_REFUSED)]}
    assert Issue.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_conversions_at_once_make_one_issue(pm_user):
    project = ProjectFactory(pm=pm_user)
    risk = RiskFactory(project=project)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def convert() -> None:
        try:
            start.wait()
            services.convert_risk_to_issue(actor=pm_user, risk=Risk.objects.get(pk=risk.pk), expected_version=1)
            outcomes.append("converted")
        except (RuleError, StaleEdit) as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["InvalidTransition", "converted"]
    assert Issue.objects.filter(source_risk=risk).count() == 1


# --- Change requests and decisions ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_decided_change_request_is_never_decided_again_edited_or_deleted(project, pm_user):
    change = services.create_change_request(actor=pm_user, project=project, title="Add SSO")
    services.decide_change_request(actor=pm_user, change_request=change, approve=True, expected_version=1)
    change.refresh_from_db()
    assert (change.status, change.decided_by, change.decided_on, change.version) == ("approved", pm_user, TODAY, 2)
    with pytest.raises(InvalidTransition) as exc:
        services.decide_change_request(actor=pm_user, change_request=change, approve=False, expected_version=2)
    assert refused(exc) == {None: [str(ALREADY_DECIDED)]}
    with pytest.raises(InvalidTransition) as exc:
        services.update_change_request(actor=pm_user, change_request=change, expected_version=2, title="Changed")
    assert refused(exc) == {None: [str(DECIDED_IS_KEPT)]}
    with pytest.raises(InvalidTransition) as exc:
        services.delete_item(actor=pm_user, obj=change)
    assert refused(exc) == {None: [str(DECIDED_NOT_DELETED)]}
    change.refresh_from_db()
    assert (change.status, change.title, change.version) == ("approved", "Add SSO", 2)


@pytest.mark.django_db
def test_a_change_request_a_baseline_cites_is_not_deleted(project, pm_user):
    change = services.create_change_request(actor=pm_user, project=project, title="Scope +10%")
    Baseline.objects.create(
        project=project, number=2, planned_start=TODAY, planned_end=TODAY, bac=1, change_request=change
    )
    with pytest.raises(RuleError) as exc:
        services.delete_item(actor=pm_user, obj=change)
    assert refused(exc) == {None: [str(IN_USE)]}
    assert ChangeRequest.objects.filter(pk=change.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


@pytest.mark.django_db
def test_only_decide_approves_or_rejects(project, pm_user):
    with pytest.raises(RuleError) as exc:
        services.create_change_request(actor=pm_user, project=project, title="X", status="approved")
    assert refused(exc) == {"status": [str(DECIDE_WITH_ACTION)]}
    change = services.create_change_request(actor=pm_user, project=project, title="X")
    with pytest.raises(RuleError) as exc:
        services.update_change_request(actor=pm_user, change_request=change, expected_version=1, status="rejected")
    assert refused(exc) == {"status": [str(DECIDE_WITH_ACTION)]}
    assert ChangeRequest.objects.get(pk=change.pk).status == "proposed"


@pytest.mark.django_db
def test_a_logged_decision_names_who_and_when(project, pm_user, pmo_user):
    decision = services.create_change_request(actor=pm_user, project=project, title="Use vendor B", status="decision")
    assert (decision.decided_by, decision.decided_on, decision.requested_by) == (pm_user, TODAY, pm_user)
    proposal = services.create_change_request(
        actor=pm_user, project=project, title="Later", decided_on=TODAY - dt.timedelta(5)
    )
    assert (proposal.decided_by, proposal.decided_on) == (None, None)
    services.update_change_request(actor=pmo_user, change_request=proposal, expected_version=1, status="decision")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.decided_on) == ("decision", pmo_user, TODAY)


# --- Versions -------------------------------------------------------------------------------------------------------


def _items(project, pm_user):
    meeting = Meeting.objects.create(project=project, title="Sync", held_on=TODAY)
    return {
        "milestone": (services.update_milestone, MilestoneFactory(project=project), {"name": "X"}),
        "issue": (services.update_issue, IssueFactory(project=project), {"title": "X"}),
        "risk": (services.update_risk, RiskFactory(project=project), {"title": "X"}),
        "change_request": (
            services.update_change_request,
            ChangeRequest.objects.create(project=project, title="CR"),
            {"title": "X"},
        ),
        "meeting": (services.update_meeting, meeting, {"title": "X"}),
        "action_item": (
            services.update_action_item,
            ActionItem.objects.create(project=project, title="A", meeting=meeting),
            {"title": "X"},
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("arg", ["milestone", "issue", "risk", "change_request", "meeting", "action_item"])
def test_every_update_needs_the_version_read(project, pm_user, arg):
    update, item, changes = _items(project, pm_user)[arg]
    with pytest.raises(RuleError) as exc:
        update(actor=pm_user, expected_version=None, **{arg: item}, **changes)
    assert refused(exc) == {"version": [str(VERSION_REQUIRED)]}
    update(actor=pm_user, expected_version=1, **{arg: item}, **changes)
    with pytest.raises(StaleEdit):
        update(actor=pm_user, expected_version=1, **{arg: item}, **{name: "Y" for name in changes})
    assert type(item).objects.get(pk=item.pk).version == 2


@pytest.mark.django_db
def test_decide_and_convert_need_the_version_read(project, pm_user):
    change = ChangeRequest.objects.create(project=project, title="CR")
    risk = RiskFactory(project=project)
    for call in (
        lambda: services.decide_change_request(
            actor=pm_user, change_request=change, approve=True, expected_version=None
        ),
        lambda: services.convert_risk_to_issue(actor=pm_user, risk=risk, expected_version=None),
    ):
        with pytest.raises(RuleError) as exc:
            call()
        assert refused(exc) == {"version": [str(VERSION_REQUIRED)]}
    assert ChangeRequest.objects.get(pk=change.pk).status == "proposed" and not Issue.objects.exists()


@pytest.mark.django_db
def test_model_rules_come_back_at_their_fields(project, pm_user):
    with pytest.raises(RuleError) as exc:
        services.create_risk(actor=pm_user, project=project, title="", probability=6, impact=0)
    assert set(exc.value.errors) == {"title", "probability", "impact"}
    milestone = MilestoneFactory(project=project)
    with pytest.raises(RuleError) as exc:
        services.update_milestone(actor=pm_user, milestone=milestone, expected_version=1, weight=-1)
    assert set(exc.value.errors) == {"weight"}
    assert Milestone.objects.get(pk=milestone.pk).version == 1
