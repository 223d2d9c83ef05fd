"""Weekly status pages: the Status tab, the report form, the report page and the PMO review, role by role."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse

from core import roles
from projects import evaluation as metrics
from projects import services, weeks
from projects.models import Baseline, CostActual, CostPlan, ProjectMembership, ReportState, StatusReport
from projects.services import status as status_services
from tests.factories import ProjectFactory, user_with_role

WEEK = "2026-W40"  # status date Friday 2026-10-02, half-way through the factory baseline (2026-04 .. 2027-03)
PREVIOUS = "2026-W39"

# "Today" is Wednesday 2026-11-25 in Tokyo (ISO week 2026-W48) for every test here: see ``frozen_now``.
pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def project(pm_user):
    """A project of bob_pm with a monthly cost plan, so that the numbers suggest a RAG."""
    project = ProjectFactory(pm=pm_user, code="PRJ-2026-100")
    for month in range(12):
        first = dt.date(2026 + (3 + month) // 12, (3 + month) % 12 + 1, 1)
        CostPlan.objects.create(project=project, month=first, planned_cost=Decimal("1000000"))
    CostActual.objects.create(project=project, month=dt.date(2026, 4, 1), actual_cost=Decimal("900000"))
    return project


def suggested_for(project, week=WEEK, percent="50", cost="6000000") -> dict[str, str]:
    _result, suggested = metrics.evaluate(
        project, week=week, percent_complete=Decimal(percent), actual_cost_to_date=Decimal(cost)
    )
    return suggested


def other_rag(value: str) -> str:
    return "amber" if value != "amber" else "red"


def form_data(project, week=WEEK, **overrides) -> dict[str, str]:
    """A valid POST for the status form: every RAG as suggested by the numbers (no override)."""
    suggested = suggested_for(project, week)
    data = {
        "percent_complete": "50",
        "actual_cost_to_date": "6000000",
        "overall_rag": suggested["overall"] or "green",
        "schedule_rag": suggested["schedule"] or "green",
        "cost_rag": suggested["cost"] or "green",
        "quality_rag": suggested["quality"] or "green",
        "scope_rag": "green",
        "rag_comment": "",
        "summary": "Build on track.",
        "achievements": "Module A done.",
        "next_plan": "Module B.",
        "help_needed": "",
        "action": "save",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def make_report(project, actor, week=WEEK, submit=False, **overrides) -> StatusReport:
    data = form_data(project, week)
    data.update(overrides)
    content = {k: data[k] for k in status_services.CONTENT_FIELDS}
    content["percent_complete"] = Decimal(content["percent_complete"])
    content["actual_cost_to_date"] = Decimal(content["actual_cost_to_date"])
    report = status_services.create_status_report(
        actor=actor, project=project, week=week, content=status_services.ReportContent.from_mapping(content)
    )
    if submit:
        status_services.submit_status_report(actor=actor, report=report, expected_version=report.version)
    report.refresh_from_db()
    return report


def edit_url(project, week=WEEK) -> str:
    return reverse("projects:status_edit", kwargs={"code": project.code, "week": week})


def detail_url(project, week=WEEK) -> str:
    return reverse("projects:status_detail", kwargs={"code": project.code, "week": week})


def action_url(name, project, week=WEEK) -> str:
    return reverse(f"projects:status_{name}", kwargs={"code": project.code, "week": week})


# --- the numbers really suggest something (otherwise the override tests would prove nothing) ------------


def test_fixture_project_has_suggestions(project):
    suggested = suggested_for(project)
    assert suggested["schedule"] in ("green", "amber", "red")
    assert suggested["cost"] in ("green", "amber", "red")
    assert suggested["overall"] in ("green", "amber", "red")


# --- the form ----------------------------------------------------------------------------------------------


def test_new_report_is_prefilled_from_last_week(client, pm_user, project):
    make_report(project, pm_user, week=PREVIOUS, summary="Last week's summary text", scope_rag="amber")
    client.force_login(pm_user)
    response = client.get(edit_url(project))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["summary"].value() == "Last week's summary text"
    assert form["scope_rag"].value() == "amber"
    assert form["percent_complete"].value() == Decimal("50.00")
    assert form["rag_comment"].value() in ("", None)
    assert not StatusReport.objects.filter(project=project, week=WEEK).exists()  # opening creates nothing
    content = response.content.decode()
    assert "Last week&#x27;s summary text" in content
    assert 'id="suggest-schedule_rag"' in content  # the suggestion stands beside the choice
    assert 'hx-get="' + action_url("suggest", project) in content


def test_form_shows_suggested_rag_and_evm_figures(client, pm_user, project):
    make_report(project, pm_user)
    client.force_login(pm_user)
    response = client.get(edit_url(project))
    suggestion = response.context["suggestion"]
    assert suggestion.evm is not None and suggestion.evm.spi is not None
    by_field = suggestion.by_field
    assert by_field["schedule_rag"].suggested == suggested_for(project)["schedule"]
    assert 'data-testid="spi"' in response.content.decode()


def test_override_without_comment_is_refused_at_rag_comment(client, pm_user, project):
    client.force_login(pm_user)
    suggested = suggested_for(project)
    data = form_data(project, schedule_rag=other_rag(suggested["schedule"]), rag_comment="   ")
    response = client.post(edit_url(project), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["rag_comment"]
    assert not StatusReport.objects.filter(project=project).exists()
    # The typed values come back.
    assert "Module A done." in response.content.decode()


def test_override_with_comment_is_saved(client, pm_user, project):
    client.force_login(pm_user)
    suggested = suggested_for(project)
    chosen = other_rag(suggested["schedule"])
    data = form_data(project, schedule_rag=chosen, rag_comment="Vendor delay not yet in the numbers.")
    response = client.post(edit_url(project), data)
    assert response.status_code == 302
    report = StatusReport.objects.get(project=project, week=WEEK)
    assert report.schedule_rag == chosen
    assert report.suggested_schedule_rag == suggested["schedule"]
    assert report.rag_comment == "Vendor delay not yet in the numbers."
    assert report.state == ReportState.DRAFT
    # The status tab shows the compact "suggested vs chosen" hint.
    page = client.get(reverse("projects:detail", kwargs={"code": project.code}))
    assert 'data-testid="override-hint"' in page.content.decode()


def test_save_draft_then_submit(client, pm_user, project):
    client.force_login(pm_user)
    response = client.post(edit_url(project), form_data(project))
    assert response.status_code == 302
    assert response["Location"] == detail_url(project)
    report = StatusReport.objects.get(project=project, week=WEEK)
    assert report.state == ReportState.DRAFT and report.created_by == pm_user

    page = client.get(detail_url(project))
    assert page.context["can_submit"] and page.context["can_edit"]
    response = client.post(action_url("submit", project), {"version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_by == pm_user
    assert [r.revision for r in report.revisions.all()] == [1]


def test_submit_from_the_form_saves_and_submits(client, pm_user, project):
    client.force_login(pm_user)
    response = client.post(edit_url(project), form_data(project, action="submit", summary="All good"))
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", kwargs={"code": project.code})
    report = StatusReport.objects.get(project=project, week=WEEK)
    assert report.state == ReportState.SUBMITTED and report.summary == "All good"
    tab = client.get(response["Location"])
    assert tab.context["reports"][0].week == WEEK


def test_submit_with_invalid_form_submits_nothing(client, pm_user, project):
    client.force_login(pm_user)
    response = client.post(edit_url(project), form_data(project, action="submit", summary=""))
    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert not StatusReport.objects.exists()


def test_submitted_report_is_not_editable(client, pm_user, project):
    report = make_report(project, pm_user, submit=True)
    client.force_login(pm_user)
    response = client.get(edit_url(project), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(project)
    assert any(m.level_tag == "warning" for m in response.context["messages"])
    # A POST is refused too, with the typed text kept and nothing changed.
    response = client.post(edit_url(project), form_data(project, summary="Sneaky change", version=report.version))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "Sneaky change" in response.content.decode()
    report.refresh_from_db()
    assert report.summary == "Build on track." and report.state == ReportState.SUBMITTED


def test_pmo_accepts(client, pm_user, pmo_user, project):
    report = make_report(project, pm_user, submit=True)
    client.force_login(pmo_user)
    page = client.get(detail_url(project))
    assert page.context["can_do_review"]
    response = client.post(action_url("review", project), {"decision": "accept", "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.REVIEWED and report.reviewed_by == pmo_user


def test_pmo_return_needs_a_comment(client, pm_user, pmo_user, project):
    report = make_report(project, pm_user, submit=True)
    client.force_login(pmo_user)
    response = client.post(action_url("review", project), {"decision": "return", "comment": "  "})
    assert response.status_code == 200
    assert "comment" in response.context["review_form"].errors
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_returned_report_is_seen_by_the_pm_and_resubmitted_as_revision_2(client, pm_user, pmo_user, project):
    report = make_report(project, pm_user, submit=True)
    client.force_login(pmo_user)
    client.post(
        action_url("review", project),
        {"decision": "return", "comment": "Explain the vendor delay.", "version": report.version},
    )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED

    client.force_login(pm_user)
    tab = client.get(reverse("projects:detail", kwargs={"code": project.code}))
    assert "Explain the vendor delay." in tab.content.decode()
    form_page = client.get(edit_url(project))
    assert form_page.status_code == 200
    assert 'data-testid="returned-comment"' in form_page.content.decode()
    assert "Explain the vendor delay." in form_page.content.decode()

    response = client.post(
        edit_url(project),
        form_data(project, action="submit", summary="Vendor delay explained.", version=report.version),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.revision == 2
    revisions = list(report.revisions.order_by("revision"))
    assert [r.revision for r in revisions] == [1, 2]
    assert revisions[0].content["summary"] == "Build on track."
    assert revisions[1].content["summary"] == "Vendor delay explained."
    detail = client.get(detail_url(project)).content.decode()
    assert 'data-testid="revision-1"' in detail and 'data-testid="revision-2"' in detail
    assert "Explain the vendor delay." in detail  # the return comment stays in the workflow


def test_reopen_for_correction(client, pm_user, project):
    report = make_report(project, pm_user, submit=True)
    client.force_login(pm_user)
    response = client.post(action_url("reopen", project), {"reason": "", "version": report.version})
    assert response.status_code == 200
    assert "reason" in response.context["reopen_form"].errors
    response = client.post(action_url("reopen", project), {"reason": "Wrong cost", "version": report.version})
    assert response.status_code == 302 and response["Location"] == edit_url(project)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert report.revisions.count() == 1


def test_stale_save_names_the_other_user_and_keeps_the_typed_text(client, pm_user, pmo_user, project):
    report = make_report(project, pm_user)
    client.force_login(pm_user)
    page = client.get(edit_url(project))
    loaded_version = page.context["form"]["version"].value()
    assert loaded_version == report.version

    # Meanwhile the PMO saves the same draft.
    status_services.update_status_report(
        actor=pmo_user,
        report=report,
        content=replace(status_services.ReportContent.of(report), summary="PMO's edit"),
        expected_version=report.version,
    )
    response = client.post(edit_url(project), form_data(project, summary="My typed summary", version=loaded_version))
    assert response.status_code == 200
    content = response.content.decode()
    assert "alice_pmo" in content
    assert "My typed summary" in content
    assert "PMO&#x27;s edit" in content  # their version is shown beside
    report.refresh_from_db()
    assert report.summary == "PMO's edit"
    # Saving again after seeing the message is a deliberate overwrite (the form now carries their version).
    assert response.context["form"]["version"].value() == str(report.version)


def test_report_created_by_someone_else_meanwhile_is_a_field_error(client, pm_user, project):
    client.force_login(pm_user)
    page = client.get(edit_url(project))
    assert page.context["form"]["version"].value() is None
    make_report(project, pm_user, summary="The first one")  # someone else was faster
    response = client.post(edit_url(project), form_data(project, summary="Mine"))
    assert response.status_code == 200
    assert "week" in response.context["form"].errors
    assert StatusReport.objects.get(project=project, week=WEEK).summary == "The first one"


def test_this_weeks_button_opens_the_current_iso_week(client, pm_user, project, frozen_now):
    client.force_login(pm_user)
    tab = client.get(reverse("projects:detail", kwargs={"code": project.code}))
    week = weeks.week_of(frozen_now.date())
    assert week == "2026-W48"
    assert tab.context["current_week"] == week
    assert edit_url(project, week) in tab.content.decode()
    make_report(project, pm_user, week=week, submit=True)
    tab = client.get(reverse("projects:detail", kwargs={"code": project.code}))
    assert detail_url(project, week) in tab.content.decode()
    assert edit_url(project, week) not in tab.content.decode()


def test_status_tab_lists_reports_newest_first(client, pm_user, exec_user, project):
    for week in ("2026-W38", "2026-W40", "2026-W39"):
        make_report(project, pm_user, week=week, summary=f"Summary {week}")
    client.force_login(exec_user)
    response = client.get(reverse("projects:detail", kwargs={"code": project.code}))
    assert [r.week for r in response.context["reports"]] == ["2026-W40", "2026-W39", "2026-W38"]
    assert 'data-testid="this-week-status"' not in response.content.decode()  # exec cannot manage


def test_status_tab_query_count_is_fixed(client, pm_user, project, django_assert_max_num_queries):
    client.force_login(pm_user)
    make_report(project, pm_user, week="2026-W01", submit=True)
    url = reverse("projects:detail", kwargs={"code": project.code})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 30):
        make_report(project, pm_user, week=f"2026-W{n:02d}", submit=n % 2 == 0)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["reports"]) == 12  # the last 12 weeks; older ones a page on


def test_user_text_is_escaped(client, pm_user, project):
    make_report(project, pm_user, summary="<script>alert(1)</script>")
    client.force_login(pm_user)
    for url in (detail_url(project), reverse("projects:detail", kwargs={"code": project.code}), edit_url(project)):
        content = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


# --- htmx suggestion ------------------------------------------------------------------------------------


def test_suggest_endpoint_recomputes_and_marks_overrides(client, pm_user, project):
    client.force_login(pm_user)
    suggested = suggested_for(project, percent="10", cost="9000000")
    chosen = other_rag(suggested["schedule"])
    response = client.get(
        action_url("suggest", project),
        {"percent_complete": "10", "actual_cost_to_date": "9000000", "schedule_rag": chosen},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="evm-figures"' in content
    assert 'id="suggest-schedule_rag"' in content and 'hx-swap-oob="true"' in content
    assert 'data-testid="override-schedule_rag"' in content
    assert f"rag-{suggested['schedule']}" in content


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"percent_complete": "abc"},
        {"percent_complete": "500"},
        {"actual_cost_to_date": "-1", "percent_complete": "5"},
    ],
)
def test_suggest_endpoint_bad_input_is_not_an_error(client, pm_user, project, params):
    client.force_login(pm_user)
    response = client.get(action_url("suggest", project), params)
    assert response.status_code == 200
    assert response.context["suggestion"].evm is None


# --- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("percent_complete", "150"),
        ("percent_complete", "-1"),
        ("percent_complete", "abc"),
        ("percent_complete", ""),
        ("percent_complete", "NaN"),
        ("percent_complete", "Infinity"),
        ("percent_complete", "100.001"),
        ("actual_cost_to_date", "-5"),
        ("actual_cost_to_date", "1e40"),
        ("summary", ""),
        ("schedule_rag", "purple"),
        ("overall_rag", ""),
    ],
)
def test_bad_input_is_a_field_error(client, pm_user, project, field, value):
    client.force_login(pm_user)
    response = client.post(edit_url(project), form_data(project, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not StatusReport.objects.exists()


@pytest.mark.parametrize("week", ["2026-47", "2026-W54", "2026-W00", "abcd-W01", "2026-w47", "x"])
@pytest.mark.parametrize("name", ["edit", "detail", "suggest"])
def test_malformed_week_is_404(client, pm_user, project, week, name):
    client.force_login(pm_user)
    assert client.get(action_url(name, project, week)).status_code == 404


@pytest.mark.parametrize("name", ["submit", "review", "reopen"])
def test_actions_on_malformed_or_missing_week_are_404(client, pmo_user, project, name):
    client.force_login(pmo_user)
    assert client.post(action_url(name, project, "2026-W99")).status_code == 404
    assert client.post(action_url(name, project, "2026-W41")).status_code == 404


def test_bad_action_posts_never_500(client, pm_user, pmo_user, project):
    report = make_report(project, pm_user)
    client.force_login(pmo_user)
    # Review of a draft: refused with a message.
    response = client.post(action_url("review", project), {"decision": "accept"}, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    # An unknown decision or a junk version: a form error.
    response = client.post(action_url("review", project), {"decision": "maybe", "version": "x"})
    assert response.status_code == 200
    assert set(response.context["review_form"].errors) == {"decision", "version"}
    # Reopen a draft: refused with a message.
    response = client.post(action_url("reopen", project), {"reason": "x"}, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    # Submit twice: the second is refused with a message.
    client.post(action_url("submit", project), {"version": report.version})
    response = client.post(action_url("submit", project), {"version": "junk"}, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    response = client.post(action_url("submit", project), {"version": report.version + 1}, follow=True)
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    # Stale submit (version from an old page).
    report.refresh_from_db()
    client.post(action_url("reopen", project), {"reason": "fix", "version": report.version})
    response = client.post(action_url("submit", project), {"version": "1"}, follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    # GET on an action is not allowed.
    assert client.get(action_url("submit", project)).status_code == 405
    # The edit form with a junk version.
    client.force_login(pm_user)
    response = client.post(edit_url(project), form_data(project, version="abc"))
    assert response.status_code == 200


def test_anonymous_is_sent_to_login(client, project):
    for url in (edit_url(project), detail_url(project), edit_url(project, "junk")):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


# --- roles matrix ---------------------------------------------------------------------------------------

ROLE_USERS = ["pm_user", "other_pm", "member_user", "exec_user", "pmo_user", "norole_user"]
#: expected status codes: (view report, open form, submit, review)
EXPECTED = {
    "pm_user": (200, 200, 302, 403),
    "other_pm": (200, 403, 403, 403),
    "member_user": (200, 403, 403, 403),
    "exec_user": (200, 403, 403, 403),
    "pmo_user": (200, 200, 302, 302),
    "norole_user": (404, 404, 404, 404),
}


@pytest.mark.parametrize("who", ROLE_USERS)
def test_roles_matrix(client, request, pm_user, project, who):
    user = request.getfixturevalue(who)
    draft = make_report(project, pm_user, week=PREVIOUS)
    make_report(project, pm_user, submit=True)
    client.force_login(user)
    view, edit, submit, review = EXPECTED[who]

    assert client.get(detail_url(project)).status_code == view
    assert client.get(reverse("projects:detail", kwargs={"code": project.code})).status_code == view
    assert client.get(edit_url(project, PREVIOUS)).status_code == edit
    response = client.post(edit_url(project, PREVIOUS), form_data(project, PREVIOUS, version=draft.version))
    assert response.status_code == (302 if edit == 200 else edit)
    draft.refresh_from_db()
    response = client.post(action_url("submit", project, PREVIOUS), {"version": draft.version})
    assert response.status_code == submit
    draft.refresh_from_db()
    assert draft.state == (ReportState.SUBMITTED if submit == 302 else ReportState.DRAFT)
    current = StatusReport.objects.get(project=project, week=WEEK)
    response = client.post(
        action_url("review", project), {"decision": "return", "comment": "Please fix", "version": current.version}
    )
    assert response.status_code == review
    expected_state = ReportState.RETURNED if review == 302 else ReportState.SUBMITTED
    assert StatusReport.objects.get(project=project, week=WEEK).state == expected_state
    draft.refresh_from_db()
    response = client.post(action_url("reopen", project, PREVIOUS), {"reason": "fix", "version": draft.version})
    assert response.status_code == submit  # same rule as submitting: the project's managers
    assert client.get(action_url("suggest", project), {"percent_complete": "5"}).status_code == edit


@pytest.mark.parametrize("who", ["other_pm", "member_user"])
def test_confidential_project_is_invisible_to_outsiders(client, request, pm_user, project, who):
    project.confidential = True
    project.save(update_fields=["confidential"])
    make_report(project, pm_user, submit=True)
    client.force_login(request.getfixturevalue(who))
    assert client.get(detail_url(project)).status_code == 404
    assert client.get(edit_url(project)).status_code == 404
    assert client.post(action_url("submit", project)).status_code == 404
    assert client.post(action_url("review", project), {"decision": "accept"}).status_code == 404


def test_member_of_confidential_project_reads_but_cannot_edit(client, pm_user, member_user, project):
    project.confidential = True
    project.save(update_fields=["confidential"])
    ProjectMembership.objects.create(project=project, user=member_user)
    make_report(project, pm_user)
    client.force_login(member_user)
    assert client.get(detail_url(project)).status_code == 200
    assert client.get(edit_url(project)).status_code == 403


def test_deputy_pm_manages(client, pm_user, project):
    deputy = user_with_role(roles.PM, "dan_deputy")
    project.deputy_pm = deputy
    project.save(update_fields=["deputy_pm"])
    client.force_login(deputy)
    response = client.post(edit_url(project), form_data(project, action="submit"))
    assert response.status_code == 302
    assert StatusReport.objects.get(project=project).submitted_by == deputy


# --- Every computed figure fits its column; reports are frozen facts (issue 7) --------------------------------


def test_walkthrough_numbers_save_without_a_500_and_keep_the_text(client, pm_user, project):
    """Actual cost 1,000 yen against a 93 M budget at 50 %: CPI 46,500 does not fit its column; it is stored as
    "not defined" and the PM's text is saved."""
    Baseline.objects.filter(pk=project.baseline_id).update(bac=Decimal("93000000"))
    project.refresh_from_db()
    _result, suggested = metrics.evaluate(
        project, week=WEEK, percent_complete=Decimal("50"), actual_cost_to_date=Decimal("1000")
    )
    data = form_data(project, actual_cost_to_date="1000", summary="実績千円、進捗50%。")
    data.update({f"{k}_rag": v or "green" for k, v in suggested.items()})
    client.force_login(pm_user)
    response = client.post(edit_url(project), data)
    assert response.status_code == 302
    report = StatusReport.objects.get(project=project, week=WEEK)
    assert report.summary == "実績千円、進捗50%。"
    assert report.cpi is None and report.ev == Decimal("46500000") and report.bac == Decimal("93000000")
    assert client.get(detail_url(project)).status_code == 200


def test_an_accepted_report_is_reopened_by_the_pmo_only(client, pm_user, pmo_user, project):
    report = make_report(project, pm_user, submit=True)
    status_services.review_status_report(actor=pmo_user, report=report, accept=True, expected_version=report.version)
    report.refresh_from_db()
    client.force_login(pm_user)
    assert not client.get(detail_url(project)).context["can_reopen"]
    response = client.post(action_url("reopen", project), {"reason": "Wrong cost", "version": report.version})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == ReportState.REVIEWED
    client.force_login(pmo_user)
    assert client.get(detail_url(project)).context["can_reopen"]
    response = client.post(action_url("reopen", project), {"reason": "Wrong cost", "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_the_report_page_shows_the_frozen_bac_after_a_rebaseline(client, pm_user, pmo_user, project):
    report = make_report(project, pm_user, submit=True)
    status_services.review_status_report(actor=pmo_user, report=report, accept=True, expected_version=report.version)
    before = StatusReport.objects.get(pk=report.pk)
    services.rebaseline(
        actor=pmo_user,
        project=project,
        expected_version=project.version,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 9, 30),
        bac=Decimal("20000000"),
        reason="Scope added",
    )
    client.force_login(pm_user)
    page = client.get(detail_url(project))
    assert page.context["evm"]["bac"] == Decimal("12000000")
    assert page.context["evm"]["cpi"] == before.cpi and page.context["evm"]["eac"] == before.eac
    assert 'data-testid="report-baseline"' in page.content.decode()
    tab = client.get(reverse("projects:detail", kwargs={"code": project.code})).content.decode()
    assert "12,000,000" in tab
