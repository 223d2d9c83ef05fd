"""Project registry pages: list, create, edit (optimistic locking), re-baseline, Members and History tabs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry
from projects import services
from projects.models import (
    Baseline,
    BaselineProposal,
    ChangeRequest,
    ChangeStatus,
    Milestone,
    Project,
    ProjectMembership,
    ProposalState,
)
from tests.factories import OrgUnitFactory, ProgramFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def en_client():
    """A client whose pages come in English (the default language is Japanese)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def org(db):
    return OrgUnitFactory(code="OU-SYS", name="Systems Division")


@pytest.fixture
def projects(org, pm_user, other_pm, member_user):
    """A: pm_user's public project (member_user is a member); B: other_pm's confidential one; C: other_pm's."""
    a = ProjectFactory(code="PRJ-A", name="Alpha billing", org_unit=org, pm=pm_user, customer="ACME")
    b = ProjectFactory(code="PRJ-B", name="Bravo secret", org_unit=org, pm=other_pm, confidential=True)
    c = ProjectFactory(code="PRJ-C", name="Charlie portal", org_unit=org, pm=other_pm, phase="test")
    ProjectMembership.objects.create(project=a, user=member_user, project_role="developer")
    return {"A": a, "B": b, "C": c}


def login(client, user):
    client.force_login(user)
    return client


def codes_in(response) -> set[str]:
    return {p.code for p in response.context["projects"]}


def create_payload(org, pm, **overrides):
    data = {
        "code": "PRJ-NEW",
        "name": "New ledger",
        "description": "",
        "org_unit": org.pk,
        "program": "",
        "pm": pm.pk,
        "deputy_pm": "",
        "sponsor": "",
        "customer": "",
        "project_type": "system_development",
        "state": "proposed",
        "phase": "initiation",
        "currency": "JPY",
        "planned_start": "2026-04-01",
        "planned_end": "2027-03-31",
        "bac": "50000000",
    }
    data.update(overrides)
    return data


def edit_payload(project: Project, **overrides):
    data = {
        "code": project.code,
        "name": project.name,
        "description": project.description,
        "org_unit": project.org_unit_id,
        "program": project.program_id or "",
        "pm": project.pm_id,
        "deputy_pm": project.deputy_pm_id or "",
        "sponsor": project.sponsor,
        "customer": project.customer,
        "project_type": project.project_type,
        "state": project.state,
        "phase": project.phase,
        "currency": project.currency,
        "version": project.version,
    }
    if project.confidential:
        data["confidential"] = "on"
    data.update(overrides)
    return data


# --- List -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("pmo_user", {"PRJ-A", "PRJ-B", "PRJ-C"}),
        ("exec_user", {"PRJ-A", "PRJ-B", "PRJ-C"}),
        ("pm_user", {"PRJ-A", "PRJ-C"}),
        ("other_pm", {"PRJ-A", "PRJ-B", "PRJ-C"}),
        ("member_user", {"PRJ-A", "PRJ-C"}),
    ],
)
def test_list_shows_only_visible_projects(client, request, projects, fixture, expected):
    response = login(client, request.getfixturevalue(fixture)).get(reverse("projects:list"))
    assert response.status_code == 200
    assert codes_in(response) == expected
    body = response.content.decode()
    assert ("Bravo secret" in body) == ("PRJ-B" in expected)


def test_list_refused_without_role(client, projects, norole_user):
    assert login(client, norole_user).get(reverse("projects:list")).status_code == 403


def test_list_confidential_badge_and_new_button(en_client, projects, pmo_user, exec_user):
    body = login(en_client, pmo_user).get(reverse("projects:list")).content.decode()
    assert "Confidential" in body
    assert reverse("projects:create") in body
    body = login(en_client, exec_user).get(reverse("projects:list")).content.decode()
    assert reverse("projects:create") not in body


def test_list_search_filters_mine_and_ordering(client, projects, pm_user, other_pm, org):
    program = ProgramFactory()
    Project.objects.filter(pk=projects["C"].pk).update(program=program, overall_rag="red")
    c = login(client, other_pm)
    url = reverse("projects:list")
    assert codes_in(c.get(url, {"q": "acme"})) == {"PRJ-A"}
    assert codes_in(c.get(url, {"q": "charlie"})) == {"PRJ-C"}
    assert codes_in(c.get(url, {"program": program.pk})) == {"PRJ-C"}
    assert codes_in(c.get(url, {"phase": "test"})) == {"PRJ-C"}
    assert codes_in(c.get(url, {"overall_rag": "red"})) == {"PRJ-C"}
    assert codes_in(c.get(url, {"pm": pm_user.username})) == {"PRJ-A"}
    assert codes_in(c.get(url, {"mine": "1"})) == {"PRJ-B", "PRJ-C"}
    assert codes_in(c.get(url, {"org_unit": org.pk, "state": "active"})) == {"PRJ-A", "PRJ-B", "PRJ-C"}
    ordered = [p.code for p in c.get(url, {"ordering": "-code"}).context["projects"]]
    assert ordered == ["PRJ-C", "PRJ-B", "PRJ-A"]
    # Bad filter values are ignored, never a 500.
    assert c.get(url, {"org_unit": "nope", "ordering": "evil", "page": "x"}).status_code == 200


def test_list_mine_includes_deputy(client, projects, pm_user):
    Project.objects.filter(pk=projects["C"].pk).update(deputy_pm=pm_user)
    assert codes_in(login(client, pm_user).get(reverse("projects:list"), {"mine": "1"})) == {"PRJ-A", "PRJ-C"}


def test_list_paginates_25_a_page(client, org, pmo_user):
    pm = UserFactory(role="PM")
    for i in range(30):
        ProjectFactory(code=f"PRJ-P{i:02d}", org_unit=org, pm=pm, with_baseline=False)
    c = login(client, pmo_user)
    first = c.get(reverse("projects:list"))
    assert len(first.context["projects"]) == 25
    second = c.get(reverse("projects:list"), {"page": 2})
    assert [p.code for p in second.context["projects"]] == [f"PRJ-P{i:02d}" for i in range(25, 30)]


def test_list_htmx_returns_only_the_table(client, projects, pmo_user):
    response = login(client, pmo_user).get(reverse("projects:list"), {"q": "alpha"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "PRJ-A" in body and "PRJ-C" not in body
    assert "HX-Request" in response["Vary"]
    full = client.get(reverse("projects:list"), {"q": "alpha"}).content.decode()
    assert "<html" in full and 'hx-get="/projects/"' in full


def test_list_empty_state(en_client, pmo_user):
    body = login(en_client, pmo_user).get(reverse("projects:list")).content.decode()
    assert "No projects to show yet." in body


# --- Access to project pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["edit", "rebaseline", "members", "history"])
def test_confidential_project_is_404_for_an_outsider(client, projects, pm_user, name):
    url = reverse(f"projects:{name}", kwargs={"code": "PRJ-B"})
    assert login(client, pm_user).get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize(
    ("fixture", "status"),
    [
        ("pmo_user", 200),
        ("pm_user", 200),
        ("exec_user", 403),
        ("other_pm", 403),
        ("member_user", 403),
        ("norole_user", 404),  # a user without a role sees no project at all
    ],
)
def test_edit_page_by_role(client, request, projects, fixture, status):
    response = login(client, request.getfixturevalue(fixture)).get(reverse("projects:edit", kwargs={"code": "PRJ-A"}))
    assert response.status_code == status


def test_other_pm_cannot_post_an_edit(client, projects, other_pm):
    a = projects["A"]
    response = login(client, other_pm).post(
        reverse("projects:edit", kwargs={"code": a.code}), edit_payload(a, name="Hijacked")
    )
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.name == "Alpha billing"


@pytest.mark.parametrize("name", ["members", "history", "rebaseline"])
@pytest.mark.parametrize("fixture", ["pmo_user", "exec_user", "pm_user", "other_pm", "member_user"])
def test_tabs_readable_by_everyone_who_sees_the_project(client, request, projects, fixture, name):
    response = login(client, request.getfixturevalue(fixture)).get(
        reverse(f"projects:{name}", kwargs={"code": "PRJ-A"})
    )
    assert response.status_code == 200


def test_anonymous_is_sent_to_login(client, projects):
    response = client.get(reverse("projects:edit", kwargs={"code": "PRJ-A"}))
    assert response.status_code == 302 and "/login" in response["Location"]


# --- Create -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "status"),
    [("pmo_user", 200), ("pm_user", 200), ("exec_user", 403), ("member_user", 403), ("norole_user", 403)],
)
def test_create_page_by_role(client, request, fixture, status):
    assert login(client, request.getfixturevalue(fixture)).get(reverse("projects:create")).status_code == status


def test_pm_creates_a_project_and_becomes_its_pm(client, org, pm_user):
    c = login(client, pm_user)
    form = c.get(reverse("projects:create")).context["form"]
    assert list(form.fields["pm"].queryset) == [pm_user]
    assert form.initial["pm"] == pm_user.pk
    response = c.post(reverse("projects:create"), create_payload(org, pm_user, test_pass_rate_target="95"))
    assert response.status_code == 302
    project = Project.objects.get(code="PRJ-NEW")
    assert response["Location"] == project.get_absolute_url()
    assert project.pm == pm_user
    assert project.baseline.number == 1
    assert project.baseline.bac == Decimal("50000000")
    assert project.baseline.test_pass_rate_target == Decimal("95")
    assert AuditEntry.objects.filter(project_id=project.pk, action="create", object_type="project").exists()


def test_pm_cannot_make_someone_else_pm(client, org, pm_user, other_pm):
    response = login(client, pm_user).post(reverse("projects:create"), create_payload(org, other_pm))
    assert response.status_code == 200
    assert "pm" in response.context["form"].errors
    assert not Project.objects.filter(code="PRJ-NEW").exists()


def test_pmo_picks_any_pm(client, org, pmo_user, other_pm):
    response = login(client, pmo_user).post(reverse("projects:create"), create_payload(org, other_pm))
    assert response.status_code == 302
    assert Project.objects.get(code="PRJ-NEW").pm == other_pm


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_start": "2027-04-01", "planned_end": "2027-03-31"}, "planned_end"),
        ({"bac": "-1"}, "bac"),
        ({"planned_start": "2026-13-45"}, "planned_start"),
        ({"planned_end": "tomorrow"}, "planned_end"),
        ({"code": "PRJ-A"}, "code"),
        ({"name": ""}, "name"),
        ({"test_pass_rate_target": "120"}, "test_pass_rate_target"),
    ],
)
def test_create_bad_input_is_refused_at_the_field(en_client, org, pm_user, projects, overrides, field):
    before = (Project.objects.count(), Baseline.objects.count(), AuditEntry.objects.count())
    response = login(en_client, pm_user).post(reverse("projects:create"), create_payload(org, pm_user, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert list(form.errors) == [field]
    assert (Project.objects.count(), Baseline.objects.count(), AuditEntry.objects.count()) == before
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body
    # What was typed comes back.
    assert 'value="New ledger"' in body or field == "name"


def test_create_end_before_start_message(en_client, org, pm_user):
    response = login(en_client, pm_user).post(
        reverse("projects:create"), create_payload(org, pm_user, planned_start="2027-04-01", planned_end="2027-03-31")
    )
    assert "The end date cannot be before the start date." in response.content.decode()


# --- Edit and optimistic locking ---------------------------------------------------------------------------


def test_pm_edits_own_project(client, projects, pm_user):
    a = projects["A"]
    response = login(client, pm_user).post(
        reverse("projects:edit", kwargs={"code": a.code}), edit_payload(a, name="Alpha billing v2", phase="test")
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.name, a.phase, a.version) == ("Alpha billing v2", "test", 2)


def test_pm_cannot_hand_the_project_to_another_pm(client, projects, pm_user, other_pm):
    a = projects["A"]
    login(client, pm_user).post(reverse("projects:edit", kwargs={"code": a.code}), edit_payload(a, pm=other_pm.pk))
    a.refresh_from_db()
    assert a.pm == pm_user


def test_pm_follows_the_lifecycle(client, projects, pm_user):
    a = projects["A"]
    Project.objects.filter(pk=a.pk).update(state="closed")
    a.refresh_from_db()
    response = login(client, pm_user).post(
        reverse("projects:edit", kwargs={"code": a.code}), edit_payload(a, state="active")
    )
    assert response.status_code == 200
    assert "state" in response.context["form"].errors


def test_stale_edit_names_who_changed_it_and_keeps_the_typed_values(client, projects, pm_user, pmo_user):
    pmo_user.first_name, pmo_user.last_name = "Alice", "Sato"
    pmo_user.save()
    a = projects["A"]
    c = login(client, pm_user)
    loaded = c.get(reverse("projects:edit", kwargs={"code": a.code})).context["form"]
    assert loaded.initial["version"] == 1
    services.update_project(actor=pmo_user, project=a, customer="Globex", expected_version=1)

    response = c.post(
        reverse("projects:edit", kwargs={"code": a.code}),
        edit_payload(a, name="My typed name", customer="ACME", version=1),
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Alice Sato" in body
    assert 'value="My typed name"' in body
    assert "Globex" in body  # the saved value that differs from the typed one
    fresh = Project.objects.get(pk=a.pk)
    assert (fresh.name, fresh.customer, fresh.version) == ("Alpha billing", "Globex", 2)
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert response.context["form"]["version"].value() == "2"
    again = c.post(
        reverse("projects:edit", kwargs={"code": a.code}), edit_payload(fresh, name="My typed name", customer="ACME")
    )
    assert again.status_code == 302
    fresh.refresh_from_db()
    assert (fresh.name, fresh.customer) == ("My typed name", "ACME")


def test_edit_bad_input_keeps_nothing(client, projects, pm_user):
    a = projects["A"]
    response = login(client, pm_user).post(
        reverse("projects:edit", kwargs={"code": a.code}), edit_payload(a, code="PRJ-C", name="x")
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    a.refresh_from_db()
    assert (a.code, a.name) == ("PRJ-A", "Alpha billing")
    # The header still shows the saved project, not what was typed.
    assert response.context["project"].code == "PRJ-A"


# --- Re-baseline ------------------------------------------------------------------------------------------


def test_rebaseline_keeps_the_earlier_baseline(en_client, projects, pm_user, pmo_user):
    a = projects["A"]
    first = a.baseline
    cr = ChangeRequest.objects.create(project=a, title="Add invoicing module", status=ChangeStatus.APPROVED)
    ChangeRequest.objects.create(project=a, title="Rejected idea", status=ChangeStatus.REJECTED)
    c = login(en_client, pm_user)
    form = c.get(reverse("projects:rebaseline", kwargs={"code": a.code})).context["form"]
    # Every change request of the project is listed; only approved ones can be chosen in the browser.
    assert cr in form.fields["change_request"].queryset
    assert form.fields["change_request"].widget.enabled == {str(cr.pk)}
    # Pre-filled from the current baseline.
    assert (form["planned_start"].value(), form["bac"].value()) == (dt.date(2026, 4, 1), Decimal("12000000"))
    response = c.post(
        reverse("projects:rebaseline", kwargs={"code": a.code}),
        {
            "planned_start": "2026-04-01",
            "planned_end": "2027-09-30",
            "bac": "15000000",
            "reason": "Scope added by <CR-7>",
            "change_request": cr.pk,
            "version": a.version,
        },
    )
    assert response.status_code == 302
    # The PM's re-baseline is a proposal: the baseline changes only when the PMO approves it.
    a.refresh_from_db()
    assert a.baseline.number == 1
    proposal = BaselineProposal.objects.get(project=a)
    assert proposal.state == ProposalState.PROPOSED
    page = c.get(response["Location"])
    assert page.context["pending_proposals"] == [proposal]
    assert 'name="decision"' not in page.content.decode()  # approving is the PMO's
    pmo = login(Client(HTTP_ACCEPT_LANGUAGE="en"), pmo_user)
    assert 'name="decision"' in pmo.get(response["Location"]).content.decode()
    response = pmo.post(
        reverse("projects:rebaseline_decide", kwargs={"code": a.code, "pk": proposal.pk}),
        {"decision": "approve", "comment": "", "version": proposal.version},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.baseline.number == 2
    assert (a.baseline.bac, a.baseline.planned_end, a.baseline.change_request) == (
        Decimal("15000000"),
        dt.date(2027, 9, 30),
        cr,
    )
    first.refresh_from_db()
    assert (first.number, first.bac, first.planned_end) == (1, Decimal("12000000"), dt.date(2027, 3, 31))
    page = c.get(response["Location"])
    assert [b.number for b in page.context["baselines"]] == [2, 1]
    body = page.content.decode()
    assert "Scope added by &lt;CR-7&gt;" in body
    assert "12,000,000" in body and "15,000,000" in body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"planned_end": "2026-01-01"}, "planned_end"),
        ({"bac": "-5"}, "bac"),
        ({"planned_start": "2026-02-30"}, "planned_start"),
    ],
)
def test_rebaseline_bad_input(client, projects, pm_user, overrides, field):
    a = projects["A"]
    data = {
        "planned_start": "2026-04-01",
        "planned_end": "2027-09-30",
        "bac": "15000000",
        "reason": "Scope",
        "version": a.version,
    }
    data.update(overrides)
    response = login(client, pm_user).post(reverse("projects:rebaseline", kwargs={"code": a.code}), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Baseline.objects.filter(project=a).count() == 1


def test_rebaseline_cannot_use_a_change_request_of_another_project(client, projects, pm_user):
    other_cr = ChangeRequest.objects.create(project=projects["C"], title="Other", status=ChangeStatus.APPROVED)
    data = {"planned_start": "2026-04-01", "planned_end": "2027-09-30", "bac": "1", "reason": "x", "version": 1}
    response = login(client, pm_user).post(
        reverse("projects:rebaseline", kwargs={"code": "PRJ-A"}), {**data, "change_request": other_cr.pk}
    )
    assert response.status_code == 200
    assert "change_request" in response.context["form"].errors


@pytest.mark.parametrize("fixture", ["exec_user", "other_pm", "member_user"])
def test_rebaseline_refused_to_non_managers(client, request, projects, fixture):
    data = {"planned_start": "2026-04-01", "planned_end": "2027-09-30", "bac": "1", "reason": "x"}
    c = login(client, request.getfixturevalue(fixture))
    page = c.get(reverse("projects:rebaseline", kwargs={"code": "PRJ-A"}))
    assert page.status_code == 200 and 'name="reason"' not in page.content.decode()
    assert c.post(reverse("projects:rebaseline", kwargs={"code": "PRJ-A"}), data).status_code == 403
    assert Baseline.objects.filter(project=projects["A"]).count() == 1


# --- Members ----------------------------------------------------------------------------------------------


def test_members_tab_lists_members(en_client, projects, member_user):
    response = login(en_client, member_user).get(reverse("projects:members", kwargs={"code": "PRJ-A"}))
    body = response.content.decode()
    assert response.context["tab"] == "members"
    assert "dave_member" in body and "developer" in body
    assert "Add a member" not in body


def test_pm_adds_changes_and_removes_a_member(en_client, projects, pm_user):
    newcomer = UserFactory(username="erik_dev", role="Member")
    url = reverse("projects:members", kwargs={"code": "PRJ-A"})
    c = login(en_client, pm_user)
    assert c.post(url, {"user": newcomer.pk, "project_role": "tester"}).status_code == 302
    membership = ProjectMembership.objects.get(project=projects["A"], user=newcomer)
    assert membership.project_role == "tester"
    # htmx: the same form answers with the members region only.
    response = c.post(url, {"user": newcomer.pk, "project_role": "test lead"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "test lead" in body
    assert "<td>erik_dev</td>" in body
    membership.refresh_from_db()
    assert membership.project_role == "test lead"
    remove = reverse("projects:member_remove", kwargs={"code": "PRJ-A", "pk": membership.pk})
    response = c.post(remove, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<td>erik_dev</td>" not in response.content.decode()
    assert "erik_dev was removed from this project." in response.content.decode()
    assert not ProjectMembership.objects.filter(pk=membership.pk).exists()
    assert list(
        AuditEntry.objects.filter(project_id=projects["A"].pk, object_type="projectmembership")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["add member", "update member", "remove member"]


def test_member_form_errors(client, projects, pm_user):
    response = login(client, pm_user).post(reverse("projects:members", kwargs={"code": "PRJ-A"}), {"user": "999999"})
    assert response.status_code == 200
    assert "user" in response.context["form"].errors


@pytest.mark.parametrize("fixture", ["exec_user", "other_pm", "member_user"])
def test_non_managers_cannot_change_members(client, request, projects, fixture, member_user):
    membership = ProjectMembership.objects.get(project=projects["A"], user=member_user)
    c = login(client, request.getfixturevalue(fixture))
    assert c.post(reverse("projects:members", kwargs={"code": "PRJ-A"}), {"user": member_user.pk}).status_code == 403
    remove = reverse("projects:member_remove", kwargs={"code": "PRJ-A", "pk": membership.pk})
    assert c.post(remove).status_code == 403
    assert ProjectMembership.objects.filter(pk=membership.pk).exists()


def test_remove_member_of_another_project_is_404(client, projects, pm_user, other_pm):
    foreign = ProjectMembership.objects.create(project=projects["C"], user=pm_user)
    remove = reverse("projects:member_remove", kwargs={"code": "PRJ-A", "pk": foreign.pk})
    assert login(client, pm_user).post(remove).status_code == 404
    assert ProjectMembership.objects.filter(pk=foreign.pk).exists()


# --- History ----------------------------------------------------------------------------------------------


def test_history_shows_field_changes_newest_first(en_client, projects, pm_user):
    a = projects["A"]
    c = login(en_client, pm_user)
    c.post(
        reverse("projects:edit", kwargs={"code": a.code}),
        edit_payload(a, name="<b>Alpha</b> 2", phase="test"),
    )
    response = c.get(reverse("projects:history", kwargs={"code": a.code}))
    assert response.context["tab"] == "history"
    body = response.content.decode()
    assert "<b>Alpha</b>" not in body
    assert "&lt;b&gt;Alpha&lt;/b&gt; 2" in body
    entry = response.context["entries"][0]
    assert entry["entry"].action == "update"
    changes = {label: (old, new) for label, old, new in entry["changes"]}
    assert changes["name"] == ("Alpha billing", "<b>Alpha</b> 2")
    assert changes["phase"] == ("Build", "Test")  # choice labels, with the field's verbose_name
    assert "bob_pm" in body


def test_history_filter_by_object_type_and_pagination(en_client, projects, pm_user, pmo_user):
    a = projects["A"]
    services.rebaseline(
        actor=pmo_user,
        project=a,
        expected_version=a.version,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 6, 30),
        bac=Decimal("13000000"),
        reason="CR",
    )
    AuditEntry.objects.bulk_create(
        [AuditEntry(project_id=a.pk, action="update", object_type="issue", object_repr=f"Issue {i}") for i in range(60)]
    )
    c = login(en_client, pm_user)
    url = reverse("projects:history", kwargs={"code": a.code})
    only = c.get(url, {"object_type": "baseline"})
    assert [row["entry"].action for row in only.context["entries"]] == ["rebaseline"]
    changes = only.context["entries"][0]["changes"]
    assert ("planned end", "2027-03-31", "2027-06-30") in changes
    assert ("budget at completion (BAC)", "12,000,000", "13,000,000") in changes
    first = c.get(url)
    assert len(first.context["entries"]) == 50
    assert len(c.get(url, {"page": 2}).context["entries"]) == 11
    assert c.get(url, {"object_type": "nonsense"}).status_code == 200


def test_history_shows_local_time_and_comment(en_client, projects, pm_user):
    a = projects["A"]
    entry = AuditEntry.objects.create(
        project_id=a.pk,
        actor=pm_user,
        action="returned",
        object_type="statusreport",
        object_repr="PRJ-A 2026-W01",
        changes={"state": ["submitted", "returned"]},
        comment="Please add <the> risks",
    )
    AuditEntry.objects.filter(pk=entry.pk).update(at=dt.datetime(2026, 1, 1, 15, 30, tzinfo=dt.UTC))
    response = login(en_client, pm_user).get(reverse("projects:history", kwargs={"code": a.code}))
    body = response.content.decode()
    assert "2026-01-02 00:30" in body  # Asia/Tokyo
    assert "Please add &lt;the&gt; risks" in body
    row = next(r for r in response.context["entries"] if r["entry"].pk == entry.pk)
    assert row["changes"] == [("state", "Submitted", "Returned")]
    assert str(row["type_label"]) == "status report"


def test_rebaseline_starts_from_an_approved_change_request(client, pm_user):
    import datetime as dt
    from decimal import Decimal

    from projects.models import ChangeRequest
    from tests.factories import ProjectFactory

    project = ProjectFactory(pm=pm_user)
    change = ChangeRequest.objects.create(
        project=project,
        title="Scope: add the EDI interface",
        cost_impact=Decimal("1500000"),
        schedule_impact_days=30,
        status="approved",
        decided_on=dt.date(2026, 11, 1),
    )
    client.force_login(pm_user)
    response = client.get(f"/projects/{project.code}/rebaseline/?change_request={change.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["change_request"] == change.pk
    assert form.initial["bac"] == Decimal("13500000")
    assert form.initial["planned_end"] == project.baseline.planned_end + dt.timedelta(days=30)
    assert form.initial["reason"] == change.title


def test_a_pm_proposes_with_milestone_dates_and_the_pmo_rejects_then_the_pm_withdraws(
    en_client, projects, pm_user, pmo_user
):
    a = projects["A"]
    milestone = Milestone.objects.create(project=a, name="Go-live", baseline_date=dt.date(2027, 3, 1))
    cr = ChangeRequest.objects.create(project=a, title="Add invoicing module", status=ChangeStatus.APPROVED)
    url = reverse("projects:rebaseline", kwargs={"code": a.code})
    c = login(en_client, pm_user)
    page = c.get(url)
    assert "Propose to the PMO" in page.content.decode()
    data = {
        "planned_start": "2026-04-01",
        "planned_end": "2027-09-30",
        "bac": "15000000",
        "reason": "Scope",
        "change_request": cr.pk,
        "version": a.version,
        f"milestone_{milestone.pk}": "2027-06-01",
    }
    assert c.post(url, data).status_code == 302
    proposal = BaselineProposal.objects.get(project=a)
    assert proposal.milestone_dates == [{"milestone": milestone.pk, "baseline_date": "2027-06-01"}]
    again = c.post(url, data)
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    pmo = login(Client(HTTP_ACCEPT_LANGUAGE="en"), pmo_user)
    decide = reverse("projects:rebaseline_decide", kwargs={"code": a.code, "pk": proposal.pk})
    response = pmo.post(decide, {"decision": "reject", "comment": " ", "version": proposal.version})
    assert response.status_code == 200 and "comment" in response.context["decide_form"].errors
    response = pmo.post(decide, {"decision": "reject", "comment": "Not justified", "version": proposal.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    milestone.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED and milestone.baseline_date == dt.date(2027, 3, 1)
    assert "Not justified" in c.get(url).content.decode()
    assert c.post(url, data).status_code == 302
    second = BaselineProposal.objects.get(project=a, state=ProposalState.PROPOSED)
    withdraw = reverse("projects:rebaseline_withdraw", kwargs={"code": a.code, "pk": second.pk})
    assert c.post(withdraw, {"version": second.version}).status_code == 302
    second.refresh_from_db()
    assert second.state == ProposalState.WITHDRAWN
    # Deciding is the PMO's.
    assert c.post(decide, {"decision": "approve", "version": 2}).status_code == 403
