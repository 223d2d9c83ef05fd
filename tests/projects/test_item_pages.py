"""The item tabs of a project page: milestones, issues, risks, changes & decisions, meetings & action items."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from core.models import AuditEntry
from projects.models import (
    ActionItem,
    ChangeRequest,
    Issue,
    Meeting,
    Milestone,
    ProjectMembership,
    Risk,
)
from projects.services.items.changes import ALREADY_DECIDED, DECIDED_IS_KEPT, DECIDED_NOT_DELETED
from projects.services.items.issues import CONVERT_REFUSED
from projects.views.items.kinds import KINDS
from tests.factories import IssueFactory, MilestoneFactory, ProjectFactory, RiskFactory, UserFactory

HX = {"HTTP_HX_REQUEST": "true"}
TABS = ["milestones", "issues", "risks", "changes", "meetings"]
TODAY = dt.date(2026, 6, 15)
#: core.locking's words for a change sent without the version that was read.


@pytest.fixture(autouse=True)
def frozen_clock():
    """Noon in Tokyo on TODAY: "today", "overdue" and default dates never depend on the wall clock."""
    with time_machine.travel(dt.datetime(2026, 6, 15, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def project(pm_user):
    return ProjectFactory(pm=pm_user, code="PRJ-ITEMS-001")


@pytest.fixture
def secret_project(pm_user):
    return ProjectFactory(pm=pm_user, code="PRJ-ITEMS-SEC", confidential=True)


def url(name: str, project, pk: int | None = None) -> str:
    kwargs = {"code": project.code}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"projects:{name}", kwargs=kwargs)


def make_items(project, owner) -> dict[str, object]:
    """One item of each kind, owned by ``owner`` where the kind has an owner."""
    meeting = Meeting.objects.create(project=project, title="Weekly sync", held_on=TODAY)
    return {
        "milestone": MilestoneFactory(project=project, name="Design review"),
        "issue": IssueFactory(project=project, title="Vendor late", owner=owner),
        "risk": RiskFactory(project=project, title="Key person leaves", owner=owner),
        "change": ChangeRequest.objects.create(project=project, title="Add SSO", cost_impact=500000),
        "meeting": meeting,
        "action": ActionItem.objects.create(project=project, meeting=meeting, title="Send minutes", owner=owner),
    }


def valid_data(kind: str, project, owner, *, suffix: str = "") -> dict[str, object]:
    """Valid POST data of each kind's form."""
    meeting = Meeting.objects.filter(project=project).first()
    return {
        "milestone": {
            "name": f"Go-live{suffix}",
            "phase": "deployment",
            "baseline_date": "2026-12-01",
            "forecast_date": "2026-12-10",
            "actual_date": "",
            "weight": "2",
            "is_phase_gate": "on",
        },
        "issue": {
            "title": f"Test env down{suffix}",
            "description": "",
            "priority": "high",
            "status": "open",
            "owner": owner.pk,
            "raised_on": "2026-05-01",
            "due_date": "2026-05-10",
            "resolved_on": "",
            "escalation_level": "project",
            "resolution": "",
        },
        "risk": {
            "title": f"Scope creep{suffix}",
            "probability": "4",
            "impact": "3",
            "response": "mitigate",
            "status": "open",
            "owner": owner.pk,
            "next_review_date": "2026-06-01",
            "trigger": "",
            "cause": "",
            "effect": "",
            "mitigation_plan": "Change control board",
        },
        "change": {
            "title": f"Extra report{suffix}",
            "reason": "Customer request",
            "cost_impact": "300000",
            "schedule_impact_days": "5",
            "status": "proposed",
            "decided_on": "",
        },
        "meeting": {
            "kind": "steering",
            "title": f"Steering committee{suffix}",
            "held_on": "2026-05-20",
            "duration_minutes": "90",
            "attendees": [owner.pk],
            "other_attendees": "Customer CIO",
            "minutes": "Discussed scope",
            "decisions": "Go",
        },
        "action": {
            "title": f"Update plan{suffix}",
            "meeting": meeting.pk if meeting else "",
            "owner": owner.pk,
            "due_date": "2026-05-30",
            "status": "open",
        },
    }[kind]


MODELS = {
    "milestone": Milestone,
    "issue": Issue,
    "risk": Risk,
    "change": ChangeRequest,
    "meeting": Meeting,
    "action": ActionItem,
}
TITLE_FIELD = {"milestone": "name"}


def with_version(data: dict, obj) -> dict:
    if hasattr(obj, "version"):
        return {**data, "version": obj.version}
    return data


# --- Viewing -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("tab", TABS)
def test_each_tab_renders_for_a_viewer_without_edit_buttons(client, project, exec_user, member_user, tab):
    items = make_items(project, member_user)
    client.force_login(exec_user)
    response = client.get(url(tab, project))
    assert response.status_code == 200
    body = response.content.decode()
    assert project.name in body
    shown = {
        "milestones": ["Design review"],
        "issues": ["Vendor late"],
        "risks": ["Key person leaves"],
        "changes": ["Add SSO"],
        "meetings": ["Weekly sync", "Send minutes"],
    }[tab]
    for text in shown:
        assert text in body
    # An executive reads but edits nothing: no Edit / Delete / Add links.
    assert "/edit/" not in body
    assert "/delete/" not in body
    assert "/new/" not in body
    assert items  # the fixture data exists


@pytest.mark.django_db
@pytest.mark.parametrize("tab", TABS)
def test_tabs_of_a_confidential_project_are_404_for_an_outsider(client, secret_project, other_pm, tab):
    client.force_login(other_pm)
    assert client.get(url(tab, secret_project)).status_code == 404


@pytest.mark.django_db
def test_user_text_is_escaped(client, project, pm_user):
    IssueFactory(project=project, title="<script>alert(1)</script>")
    client.force_login(pm_user)
    body = client.get(url("issues", project)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# --- The PM creates, edits and deletes each kind ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(MODELS))
def test_pm_creates_edits_and_deletes_each_kind_with_history(client, project, pm_user, member_user, kind):
    ProjectMembership.objects.create(project=project, user=member_user)
    Meeting.objects.create(project=project, title="Kick-off", held_on=TODAY)
    model = MODELS[kind]
    title_field = TITLE_FIELD.get(kind, "title")
    client.force_login(pm_user)

    before = model.objects.count()
    response = client.post(url(f"{kind}_create", project), valid_data(kind, project, member_user))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert model.objects.count() == before + 1
    obj = model.objects.filter(project=project).order_by("-pk").first()
    assert response["Location"].endswith(f"#{kind}-{obj.pk}")
    assert AuditEntry.objects.filter(project_id=project.pk, action="create", object_id=obj.pk).exists()

    data = with_version(valid_data(kind, project, member_user, suffix=" (v2)"), obj)
    response = client.post(url(f"{kind}_edit", project, obj.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    assert getattr(obj, title_field).endswith("(v2)")
    entry = AuditEntry.objects.get(project_id=project.pk, action="update", object_id=obj.pk)
    assert entry.actor == pm_user
    assert entry.changes[title_field][1].endswith("(v2)")

    response = client.post(url(f"{kind}_delete", project, obj.pk))
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
    assert AuditEntry.objects.filter(project_id=project.pk, action="delete", object_id=obj.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(MODELS))
def test_another_pm_may_not_write(client, project, pm_user, other_pm, member_user, kind):
    items = make_items(project, member_user)
    obj = items[kind]
    client.force_login(other_pm)
    data = with_version(valid_data(kind, project, member_user, suffix="x"), obj)
    count = MODELS[kind].objects.count()
    assert client.post(url(f"{kind}_create", project), data).status_code == 403
    assert client.post(url(f"{kind}_edit", project, obj.pk), data).status_code == 403
    assert client.get(url(f"{kind}_edit", project, obj.pk), **HX).status_code == 403
    assert client.post(url(f"{kind}_delete", project, obj.pk)).status_code == 403
    assert MODELS[kind].objects.count() == count
    assert not AuditEntry.objects.filter(project_id=project.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(MODELS))
def test_another_pm_gets_404_on_a_confidential_project(client, secret_project, other_pm, member_user, kind):
    obj = make_items(secret_project, member_user)[kind]
    client.force_login(other_pm)
    data = with_version(valid_data(kind, secret_project, member_user), obj)
    assert client.post(url(f"{kind}_create", secret_project), data).status_code == 404
    assert client.post(url(f"{kind}_edit", secret_project, obj.pk), data).status_code == 404
    assert client.post(url(f"{kind}_delete", secret_project, obj.pk)).status_code == 404
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_pmo_may_write_any_project(client, secret_project, pmo_user, member_user):
    issue = IssueFactory(project=secret_project, owner=member_user)
    client.force_login(pmo_user)
    data = with_version(valid_data("issue", secret_project, member_user, suffix=" pmo"), issue)
    assert client.post(url("issue_edit", secret_project, issue.pk), data).status_code == 302
    issue.refresh_from_db()
    assert issue.title.endswith(" pmo")


# --- Members edit what is assigned to them --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["issue", "action"])
def test_member_edits_own_item_but_not_anothers(client, project, member_user, kind):
    ProjectMembership.objects.create(project=project, user=member_user)
    colleague = UserFactory(username="eve_member", role="Member")
    mine = make_items(project, member_user)[kind]
    theirs = make_items(project, colleague)[kind]
    client.force_login(member_user)

    page = client.get(url("issues" if kind == "issue" else "meetings", project)).content.decode()
    assert url(f"{kind}_edit", project, mine.pk) in page
    assert url(f"{kind}_edit", project, theirs.pk) not in page
    assert url(f"{kind}_delete", project, mine.pk) not in page

    data = with_version(valid_data(kind, project, member_user, suffix=" (mine)"), mine)
    data["status"] = "in_progress" if kind == "issue" else "done"
    response = client.post(url(f"{kind}_edit", project, mine.pk), data, **HX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<tr id="{kind}-{mine.pk}"')
    mine.refresh_from_db()
    assert mine.title.endswith("(mine)")
    assert mine.owner == member_user

    data = with_version(valid_data(kind, project, member_user, suffix=" (hijack)"), theirs)
    assert client.post(url(f"{kind}_edit", project, theirs.pk), data).status_code == 403
    theirs.refresh_from_db()
    assert not theirs.title.endswith("(hijack)")
    # Members neither create nor delete.
    assert client.post(url(f"{kind}_create", project), data).status_code == 403
    assert client.post(url(f"{kind}_delete", project, mine.pk)).status_code == 403


@pytest.mark.django_db
def test_member_cannot_hand_their_issue_to_someone_else(client, project, pm_user, member_user):
    ProjectMembership.objects.create(project=project, user=member_user)
    issue = IssueFactory(project=project, owner=member_user)
    client.force_login(member_user)
    data = with_version(valid_data("issue", project, pm_user), issue)  # owner = the PM
    assert client.post(url("issue_edit", project, issue.pk), data).status_code == 302
    issue.refresh_from_db()
    assert issue.owner == member_user


@pytest.mark.django_db
def test_member_cannot_edit_a_risk_they_own(client, project, member_user):
    risk = RiskFactory(project=project, owner=member_user)
    client.force_login(member_user)
    data = with_version(valid_data("risk", project, member_user), risk)
    assert client.post(url("risk_edit", project, risk.pk), data).status_code == 403


# --- Validation ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_risk_probability_out_of_range_is_a_field_error_and_nothing_is_written(client, project, pm_user):
    client.force_login(pm_user)
    data = valid_data("risk", project, pm_user)
    data["probability"] = "6"
    response = client.post(url("risk_create", project), data, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="risk-new-probability_error"' in body
    assert re.search(r'<input[^>]*aria-describedby="[^"]*risk-new-probability_error[^"]*"', body)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*name="probability"|name="probability"[^>]*aria-invalid', body)
    assert "Scope creep" in body  # what was typed is kept
    assert not Risk.objects.exists()
    assert not AuditEntry.objects.exists()

    risk = RiskFactory(project=project, probability=2, impact=2)
    data = with_version({**valid_data("risk", project, pm_user), "impact": "0"}, risk)
    response = client.post(url("risk_edit", project, risk.pk), data)
    assert response.status_code == 200
    assert f'id="risk-{risk.pk}-impact_error"' in response.content.decode()
    risk.refresh_from_db()
    assert (risk.impact, risk.version) == (2, 1)


@pytest.mark.django_db
def test_issue_due_before_raised_is_an_error_at_the_due_date(client, project, pm_user):
    client.force_login(pm_user)
    data = {**valid_data("issue", project, pm_user), "raised_on": "2026-05-10", "due_date": "2026-05-01"}
    response = client.post(url("issue_create", project), data)
    assert response.status_code == 200
    assert 'id="issue-new-due_date_error"' in response.content.decode()
    assert "<html" in response.content.decode()  # a full page without htmx
    assert not Issue.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["forecast_date", "actual_date"])
def test_malformed_milestone_dates_are_field_errors(client, project, pm_user, field):
    milestone = MilestoneFactory(project=project)
    client.force_login(pm_user)
    data = with_version({**valid_data("milestone", project, pm_user), field: "2026-13-45"}, milestone)
    response = client.post(url("milestone_edit", project, milestone.pk), data, **HX)
    assert response.status_code == 200
    assert f'id="milestone-{milestone.pk}-{field}_error"' in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.version == 1


@pytest.mark.django_db
def test_garbage_never_gives_a_500(client, project, pm_user):
    risk = RiskFactory(project=project)
    client.force_login(pm_user)
    junk = {"probability": "abc", "impact": "9999999999999", "version": "x", "owner": "nobody", "status": "?"}
    assert client.post(url("risk_edit", project, risk.pk), junk).status_code == 200
    assert client.post(url("risk_create", project), junk).status_code == 200
    assert client.post(url("change_create", project), {"cost_impact": "1e99"}).status_code == 200
    assert client.get(url("issues", project), {"status": "nonsense", "owner": "nobody"}).status_code == 200
    assert client.post(url("change_decide", project, 999999), {"decision": "approve"}).status_code == 404


# --- Optimistic locking ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["milestone", "issue", "risk", "action"])
def test_stale_edit_is_refused_with_who_changed_it(client, project, pm_user, pmo_user, member_user, kind):
    ProjectMembership.objects.create(project=project, user=member_user)
    obj = make_items(project, member_user)[kind]
    stale_version = obj.version
    title_field = TITLE_FIELD.get(kind, "title")
    KINDS[kind].update_item(actor=pmo_user, item=obj, expected_version=1, data={title_field: "Changed meanwhile"})
    client.force_login(pm_user)
    data = {**valid_data(kind, project, member_user, suffix=" (mine)"), "version": stale_version}
    response = client.post(url(f"{kind}_edit", project, obj.pk), data, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert pmo_user.username in body
    assert "(mine)" in body  # nothing typed is lost
    obj.refresh_from_db()
    assert getattr(obj, title_field) == "Changed meanwhile"
    # The form now carries the current version: saving again goes through.
    assert f'name="version" value="{obj.version}"' in body
    data["version"] = obj.version
    client.post(url(f"{kind}_edit", project, obj.pk), data, **HX)
    obj.refresh_from_db()
    assert getattr(obj, title_field).endswith("(mine)")


# --- htmx -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_htmx_edit_gives_a_row_and_plain_requests_a_full_page(client, project, pm_user):
    issue = IssueFactory(project=project, title="Flaky build", owner=pm_user)
    client.force_login(pm_user)

    partial = client.get(url("issue_edit", project, issue.pk), **HX).content.decode()
    assert partial.lstrip().startswith(f'<tr id="issue-{issue.pk}"')
    assert "<html" not in partial
    assert f'hx-post="{url("issue_edit", project, issue.pk)}"' in partial
    assert 'hx-target="closest tr"' in partial
    assert 'name="version"' in partial

    page = client.get(url("issue_edit", project, issue.pk)).content.decode()
    assert "<html" in page
    assert 'value="Flaky build"' in page

    # Cancel restores the display row.
    row = client.get(url("issue_row", project, issue.pk), **HX).content.decode()
    assert row.lstrip().startswith(f'<tr id="issue-{issue.pk}"')
    assert "Flaky build" in row
    assert client.get(url("issue_row", project, issue.pk)).status_code == 302

    # Save returns the display row.
    data = with_version({**valid_data("issue", project, pm_user), "title": "Flaky build fixed"}, issue)
    saved = client.post(url("issue_edit", project, issue.pk), data, **HX).content.decode()
    assert saved.lstrip().startswith(f'<tr id="issue-{issue.pk}"')
    assert "Flaky build fixed" in saved
    assert "<form" in saved  # the row's delete form
    assert 'name="title"' not in saved


@pytest.mark.django_db
def test_htmx_add_inserts_a_form_row_and_returns_the_new_row(client, project, pm_user):
    client.force_login(pm_user)
    form_row = client.get(url("milestone_create", project), **HX).content.decode()
    assert form_row.lstrip().startswith('<tr id="milestone-new"')
    cancel = client.get(url("milestone_create", project) + "?cancel=1", **HX).content.decode()
    assert cancel == '<tr id="milestone-new" hidden></tr>'

    response = client.post(url("milestone_create", project), valid_data("milestone", project, pm_user), **HX)
    body = response.content.decode()
    milestone = Milestone.objects.get()
    assert body.startswith('<tr id="milestone-new" hidden></tr>')
    assert f'<tr id="milestone-{milestone.pk}"' in body
    assert "+9" in body  # 9 days of slip, shown
    assert "フェーズゲート" in body


# --- Risks -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_convert_risk_to_issue_links_both_ways(client, project, pm_user, member_user):
    risk = RiskFactory(project=project, title="Data migration fails", probability=4, impact=5, owner=member_user)
    client.force_login(pm_user)
    response = client.post(url("risk_convert", project, risk.pk), {"version": risk.version})
    assert response.status_code == 302
    issue = Issue.objects.get(source_risk=risk)
    assert response["Location"].endswith(f"#issue-{issue.pk}")
    assert issue.title == "Data migration fails"
    assert issue.priority == "critical"
    risk.refresh_from_db()
    assert risk.status == "materialised"
    assert AuditEntry.objects.filter(project_id=project.pk, action="materialise", object_id=risk.pk).exists()

    issues_page = client.get(url("issues", project)).content.decode()
    assert f"{url('risks', project)}#risk-{risk.pk}" in issues_page
    risks_page = client.get(url("risks", project)).content.decode()
    assert f"{url('issues', project)}#issue-{issue.pk}" in risks_page
    assert url("risk_convert", project, risk.pk) not in risks_page  # no second conversion offered

    risk.refresh_from_db()
    again = client.post(url("risk_convert", project, risk.pk), {"version": risk.version}, follow=True)
    assert [str(m) for m in again.context["messages"]] == [str(CONVERT_REFUSED)]
    assert Issue.objects.filter(source_risk=risk).count() == 1


@pytest.mark.django_db
def test_convert_risk_needs_a_manager(client, project, member_user):
    risk = RiskFactory(project=project, owner=member_user)
    client.force_login(member_user)
    assert client.post(url("risk_convert", project, risk.pk)).status_code == 403
    assert not Issue.objects.exists()


@pytest.mark.django_db
def test_heat_map_counts_open_risks_by_probability_and_impact(client, project, pm_user):
    for p, i in [(5, 5), (5, 5), (1, 1), (3, 4), (3, 4), (3, 4), (2, 5)]:
        RiskFactory(project=project, probability=p, impact=i)
    RiskFactory(project=project, probability=1, impact=1, status="closed")
    RiskFactory(project=project, probability=5, impact=5, status="materialised")
    client.force_login(pm_user)
    response = client.get(url("risks", project))
    grid = response.context["heat_map"]
    assert [row["probability"] for row in grid] == [5, 4, 3, 2, 1]
    counts = {(row["probability"], cell["impact"]): cell["count"] for row in grid for cell in row["cells"]}
    assert counts[(5, 5)] == 2
    assert counts[(1, 1)] == 1
    assert counts[(3, 4)] == 3
    assert counts[(2, 5)] == 1
    assert sum(counts.values()) == 7
    levels = {(row["probability"], cell["impact"]): cell["level"] for row in grid for cell in row["cells"]}
    assert (levels[(1, 1)], levels[(2, 3)], levels[(3, 4)], levels[(5, 5)]) == ("low", "mid", "high", "high")

    body = response.content.decode()
    table = body[body.index("heatmap") :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="col"') == 6 and table.count('<th scope="row"') == 5
    first_row = re.findall(r'<td class="heat-(\w+)">(\d+)', table)[:5]  # probability 5, impact 1 → 5
    assert first_row == [("mid", "0"), ("mid", "0"), ("high", "0"), ("high", "0"), ("high", "2")]


# --- Changes and decisions ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pm_approves_and_rejects_change_requests(client, project, pm_user, other_pm):
    approve_me = ChangeRequest.objects.create(project=project, title="More testers")
    reject_me = ChangeRequest.objects.create(project=project, title="Gold plating")

    client.force_login(other_pm)
    response = client.post(url("change_decide", project, approve_me.pk), {"decision": "approve", "version": 1})
    assert response.status_code == 403

    client.force_login(pm_user)
    client.post(url("change_decide", project, approve_me.pk), {"decision": "approve", "comment": "ok", "version": 1})
    client.post(url("change_decide", project, reject_me.pk), {"decision": "reject", "version": 1})
    approve_me.refresh_from_db()
    reject_me.refresh_from_db()
    assert (approve_me.status, approve_me.decided_by, approve_me.decided_on) == ("approved", pm_user, TODAY)
    assert reject_me.status == "rejected"
    assert AuditEntry.objects.filter(action="approve", object_id=approve_me.pk, comment="ok").exists()
    assert AuditEntry.objects.filter(action="reject", object_id=reject_me.pk).exists()

    # A decided request is kept as it is: no second decision, no edit, no delete (the service's words, shown).
    version = approve_me.version
    response = client.post(
        url("change_decide", project, approve_me.pk), {"decision": "reject", "version": version}, follow=True
    )
    assert str(ALREADY_DECIDED) in [str(m) for m in response.context["messages"]]
    approve_me.refresh_from_db()
    assert (approve_me.status, approve_me.version) == ("approved", version)
    data = with_version(valid_data("change", project, pm_user, suffix="!"), approve_me)
    response = client.post(url("change_edit", project, approve_me.pk), data)
    assert response.status_code == 200
    assert str(DECIDED_IS_KEPT) in response.content.decode()
    response = client.post(url("change_delete", project, approve_me.pk), follow=True)
    assert [str(m) for m in response.context["messages"]] == [str(DECIDED_NOT_DELETED)]
    assert ChangeRequest.objects.filter(pk=approve_me.pk).exists()
    approve_me.refresh_from_db()
    assert not approve_me.title.endswith("!")

    page = client.get(url("changes", project)).content.decode()
    assert url("change_decide", project, approve_me.pk) not in page
    assert url("change_edit", project, approve_me.pk) not in page
    assert url("change_delete", project, approve_me.pk) not in page


@pytest.mark.django_db
def test_a_logged_decision_records_who_and_when(client, project, pm_user):
    client.force_login(pm_user)
    data = {**valid_data("change", project, pm_user), "status": "decision", "decided_on": ""}
    assert client.post(url("change_create", project), data).status_code == 302
    decision = ChangeRequest.objects.get()
    assert (decision.status, decision.decided_by, decision.decided_on) == ("decision", pm_user, TODAY)
    assert decision.requested_by == pm_user


# --- Filters -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_issue_filters(client, project, pm_user, member_user):
    ProjectMembership.objects.create(project=project, user=member_user)
    IssueFactory(project=project, title="Alpha", status="open", priority="high", owner=member_user)
    IssueFactory(project=project, title="Bravo", status="closed", priority="high", owner=pm_user)
    IssueFactory(project=project, title="Charlie", status="open", priority="low", owner=pm_user)
    IssueFactory(title="Other project")
    client.force_login(pm_user)

    def titles(**params):
        return sorted(i.title for i in client.get(url("issues", project), params).context["items"])

    assert titles() == ["Alpha", "Bravo", "Charlie"]
    assert titles(status="open") == ["Alpha", "Charlie"]
    assert titles(priority="high") == ["Alpha", "Bravo"]
    assert titles(owner=member_user.username) == ["Alpha"]
    assert titles(status="open", priority="low", owner=pm_user.username) == ["Charlie"]


@pytest.mark.django_db
def test_overdue_issues_and_slipping_milestones_are_marked(client, project, pm_user):
    IssueFactory(
        project=project, title="Late one", due_date=TODAY - dt.timedelta(days=3), raised_on=TODAY - dt.timedelta(days=9)
    )
    MilestoneFactory(
        project=project,
        name="Gate 2",
        is_phase_gate=True,
        baseline_date=TODAY,
        forecast_date=TODAY + dt.timedelta(days=4),
    )
    client.force_login(pm_user)
    issues = client.get(url("issues", project)).content.decode()
    assert "table-danger" in issues and "期限超過" in issues
    milestones = client.get(url("milestones", project)).content.decode()
    assert "+4" in milestones and "フェーズゲート" in milestones and "table-warning" in milestones


# --- Query counts ------------------------------------------------------------------------------------------------


def seed(project, n: int) -> None:
    """``n`` items of every kind, with owners, attendees, action items and risks turned into issues."""
    people = [UserFactory(username=f"person{project.pk}_{k}", role="Member") for k in range(3)]
    for person in people:
        ProjectMembership.objects.create(project=project, user=person)
    for k in range(n):
        owner = people[k % 3]
        MilestoneFactory(project=project, is_phase_gate=k % 2 == 0, forecast_date=dt.date(2026, 10, 5))
        risk = RiskFactory(project=project, owner=owner, probability=k % 5 + 1, impact=(k * 2) % 5 + 1)
        IssueFactory(project=project, owner=owner, source_risk=risk if k % 2 else None)
        ChangeRequest.objects.create(
            project=project, title=f"CR {k}", status="approved" if k % 2 else "proposed", decided_by=owner
        )
        meeting = Meeting.objects.create(project=project, title=f"Meeting {k}", held_on=TODAY)
        meeting.attendees.set(people)
        for j in range(2):
            ActionItem.objects.create(project=project, meeting=meeting, title=f"Action {k}.{j}", owner=people[j])


# Measured: 5, 6–7, 5, 5, 8–9 (a member on a confidential project adds one membership check); +2 of headroom.
QUERY_BOUND = {"milestones": 7, "issues": 9, "risks": 7, "changes": 7, "meetings": 11}


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("who", ["pm", "member"])
def test_query_count_of_each_tab_is_bounded(client, django_assert_max_num_queries, pm_user, member_user, tab, n, who):
    project = ProjectFactory(pm=pm_user, confidential=True)
    seed(project, n)
    ProjectMembership.objects.create(project=project, user=member_user)
    Issue.objects.filter(project=project).update(owner=member_user)
    ActionItem.objects.filter(project=project).update(owner=member_user)
    client.force_login(pm_user if who == "pm" else member_user)
    with django_assert_max_num_queries(QUERY_BOUND[tab]):
        response = client.get(url(tab, project))
    assert response.status_code == 200
    assert len(response.context["items"]) == n


@pytest.mark.django_db
def test_new_rows_have_valid_money_and_decimal_display(client, project, pm_user):
    ChangeRequest.objects.create(project=project, title="Budget", cost_impact=Decimal("1234567"))
    client.force_login(pm_user)
    assert "1,234,567" in client.get(url("changes", project)).content.decode()
