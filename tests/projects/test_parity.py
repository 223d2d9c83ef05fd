"""One rule, one place: every rule of issue 6 refused by the page and by the API with the same field and words.

Each rule is tested once at its service (tests/projects/services/). This table checks only the mapping: the page
shows the service's message at the field (or as the page's message for a button), the API answers 400 with the same
message under the same key (``non_field_errors`` for the object as a whole), and nothing is written either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from core.locking import VERSION_REQUIRED
from core.models import AuditEntry
from knowledge.services.closing import skip_closing_lesson
from projects import services
from projects.models import (
    ActionItem,
    ChangeRequest,
    CostPlan,
    Issue,
    Meeting,
    Milestone,
    Project,
    ProjectMembership,
    Risk,
    StatusReport,
)
from projects.services.items.changes import DECIDE_WITH_ACTION, DECIDED_IS_KEPT, DECIDED_NOT_DELETED
from projects.services.items.common import ATTENDEES_MESSAGE, PERSON_MESSAGE
from projects.services.items.issues import RESOLVED_BEFORE_RAISED
from projects.services.status import ReportContent
from tests.factories import IssueFactory, OrgUnitFactory, ProjectFactory, UserFactory
from tests.projects.test_item_pages import url as item_url
from tests.projects.test_item_pages import valid_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
TODAY = dt.date(2026, 11, 25)  # the frozen clock's day (tests/conftest.py)


@dataclass
class World:
    pmo: object
    pm: object
    other_pm: object
    member: object
    a: Project  # the PM's project (member is a member)
    secret: Project  # another PM's confidential project
    open_c: Project  # another PM's open project

    def page(self, user) -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.force_login(user)
        return client

    def api(self, user) -> APIClient:
        client = APIClient()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.force_authenticate(user)
        return client


@pytest.fixture
def world(pmo_user, pm_user, other_pm, member_user) -> World:
    org = OrgUnitFactory(code="OU-SYS")
    a = ProjectFactory(code="PRJ-A", org_unit=org, pm=pm_user)
    secret = ProjectFactory(code="PRJ-S", org_unit=org, pm=other_pm, confidential=True)
    open_c = ProjectFactory(code="PRJ-C", org_unit=org, pm=other_pm)
    ProjectMembership.objects.create(project=a, user=member_user)
    return World(pmo_user, pm_user, other_pm, member_user, a, secret, open_c)


# --- How each path shows a refusal ------------------------------------------------------------------------------


def form_errors(response, form_key: str = "form") -> dict[str | None, list[str]]:
    assert response.status_code in (200, 409), response.status_code
    form = response.context[form_key]
    return {(None if key == "__all__" else key): list(messages) for key, messages in form.errors.items()}


def flash_errors(response) -> dict[str | None, list[str]]:
    return {None: [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]}


def api_errors(response) -> dict[str | None, list[str]]:
    assert response.status_code == 400, (response.status_code, response.content)
    return {(None if key == NON_FIELD else key): value for key, value in response.json().items()}


# --- The rules ----------------------------------------------------------------------------------------------------


def create_page(w: World, **overrides):
    data = {
        "code": "PRJ-NEW",
        "name": "New ledger",
        "org_unit": w.a.org_unit_id,
        "pm": w.pm.pk,
        "project_type": "system_development",
        "state": "proposed",
        "phase": "initiation",
        "currency": "JPY",
        "planned_start": "2026-04-01",
        "planned_end": "2027-03-31",
        "bac": "50000000",
    }
    data.update(overrides)
    return form_errors(w.page(w.pmo).post(reverse("projects:create"), data))


def create_api(w: World, **overrides):
    data = {
        "code": "PRJ-NEW",
        "name": "New ledger",
        "org_unit": w.a.org_unit_id,
        "pm": w.pm.username,
        "planned_start": "2026-04-01",
        "planned_end": "2027-03-31",
        "bac": 50000000,
    }
    data.update(overrides)
    return api_errors(w.api(w.pmo).post("/api/v1/projects/", data, format="json"))


def edit_page(w: World, user, **overrides):
    p = Project.objects.get(pk=w.a.pk)
    data = {
        "code": p.code,
        "name": p.name,
        "org_unit": p.org_unit_id,
        "pm": p.pm_id,
        "project_type": p.project_type,
        "state": p.state,
        "phase": p.phase,
        "currency": p.currency,
        "version": p.version,
    }
    data.update(overrides)
    return form_errors(w.page(user).post(reverse("projects:edit", kwargs={"code": p.code}), data))


def edit_api(w: World, user, **overrides):
    p = Project.objects.get(pk=w.a.pk)
    return api_errors(
        w.api(user).patch(f"/api/v1/projects/{p.pk}/", {"version": p.version, **overrides}, format="json")
    )


def close_a(w: World) -> None:
    skip_closing_lesson(actor=w.pm, project=w.a, reason="Nothing new")  # closing asks for a lesson
    services.update_project(actor=w.pm, project=w.a, expected_version=w.a.version, state="closed")


def rebaseline_page(w: World, cr_id):
    p = Project.objects.get(pk=w.a.pk)
    data = {
        "planned_start": "2026-04-01",
        "planned_end": "2027-09-30",
        "bac": "15000000",
        "reason": "Scope",
        "change_request": cr_id,
        "version": p.version,
    }
    return form_errors(w.page(w.pm).post(reverse("projects:rebaseline", kwargs={"code": p.code}), data))


def rebaseline_api(w: World, cr_id):
    p = Project.objects.get(pk=w.a.pk)
    data = {
        "planned_start": "2026-04-01",
        "planned_end": "2027-09-30",
        "bac": 15000000,
        "reason": "Scope",
        "change_request": cr_id,
        "version": p.version,
    }
    return api_errors(w.api(w.pm).post(f"/api/v1/projects/{p.pk}/rebaseline/", data, format="json"))


def cr(project, status) -> int:
    return ChangeRequest.objects.create(project=project, title="Scope change", status=status).pk


REPORT = {
    "overall_rag": "green",
    "schedule_rag": "green",
    "cost_rag": "green",
    "quality_rag": "green",
    "scope_rag": "green",
    "percent_complete": "1",
    "summary": "On track",
}


def with_cost_plan(w: World) -> None:
    """A cost plan far ahead of 1 % complete: the suggestion is red, so "green" overrides it."""
    for month in range(4, 13):
        CostPlan.objects.create(project=w.a, month=dt.date(2026, month, 1), planned_cost=Decimal("1000000"))


def submitted_report(w: World) -> StatusReport:
    report = services.create_status_report(
        actor=w.pm, project=w.a, week="2026-W20", content=ReportContent.from_mapping({**REPORT, "percent_complete": 1})
    )
    services.submit_status_report(actor=w.pm, report=report, expected_version=report.version)
    report.refresh_from_db()
    return report


def status_action_page(w: World, user, action: str, data: dict):
    report = StatusReport.objects.get(project=w.a, week="2026-W20")
    url = reverse(f"projects:status_{action}", kwargs={"code": w.a.code, "week": report.week})
    response = w.page(user).post(url, {**data, "version": report.version})
    return form_errors(response, f"{action}_form")


def status_action_api(w: World, user, action: str, data: dict):
    report = StatusReport.objects.get(project=w.a, week="2026-W20")
    url = f"/api/v1/status-reports/{report.pk}/{action}/"
    return api_errors(w.api(user).post(url, {**data, "version": report.version}, format="json"))


def item_page(w: World, user, slug: str, data: dict, pk: int | None = None):
    if pk is None:
        url = reverse(f"projects:{slug}_create", kwargs={"code": w.a.code})
    else:
        url = reverse(f"projects:{slug}_edit", kwargs={"code": w.a.code, "pk": pk})
    return form_errors(w.page(user).post(url, data))


def item_api(w: World, user, endpoint: str, data: dict, pk: int | None = None):
    if pk is None:
        return api_errors(w.api(user).post(f"/api/v1/{endpoint}/", {"project": w.a.pk, **data}, format="json"))
    return api_errors(w.api(user).patch(f"/api/v1/{endpoint}/{pk}/", data, format="json"))


def own_issue(w: World) -> Issue:
    return services.create_issue(actor=w.pm, project=w.a, title="Vendor late", owner=w.member)


def secret_meeting(w: World) -> int:
    return Meeting.objects.create(project=w.secret, title="Board", held_on=dt.date(2026, 5, 1)).pk


def decided_cr(w: World) -> ChangeRequest:
    return ChangeRequest.objects.create(project=w.a, title="Decided", status="approved", decided_on=TODAY)


def closed_risk(w: World) -> Risk:
    return Risk.objects.create(project=w.a, title="Closed risk", probability=2, impact=2, status="closed")


def button_page(w: World, name: str, pk: int, data: dict):
    url = reverse(f"projects:{name}", kwargs={"code": w.a.code, "pk": pk})
    return flash_errors(w.page(w.pm).post(url, data))


@dataclass(frozen=True)
class Rule:
    name: str
    field: str | None
    page: Callable[[World], dict]
    api: Callable[[World], dict]
    setup: Callable[[World], object] | None = None


FUTURE = (TODAY + dt.timedelta(days=30)).isoformat()  # after the frozen today

RULES = [
    Rule("project code format", "code", lambda w: create_page(w, code="PRJ/1"), lambda w: create_api(w, code="PRJ/1")),
    Rule(
        "ISO 4217 currency", "currency", lambda w: create_page(w, currency="0"), lambda w: create_api(w, currency="0")
    ),
    Rule(
        "deputy PM is not the PM",
        "deputy_pm",
        lambda w: create_page(w, deputy_pm=w.pm.pk),
        lambda w: create_api(w, deputy_pm=w.pm.username),
    ),
    Rule(
        "PM holds the PM role",
        "pm",
        lambda w: create_page(w, pm=w.member.pk),
        lambda w: create_api(w, pm=w.member.username),
    ),
    Rule(
        "only the PMO hands a project to another PM",
        "pm",
        lambda w: edit_page(w, w.pm, pm=w.other_pm.pk),
        lambda w: edit_api(w, w.pm, pm=w.other_pm.username),
    ),
    Rule(
        "a closed project is not reopened by its PM",
        "state",
        lambda w: edit_page(w, w.pm, state="active"),
        lambda w: edit_api(w, w.pm, state="active"),
        setup=close_a,
    ),
    Rule(
        "a re-baseline cites an approved change request",
        "change_request",
        lambda w: rebaseline_page(w, ChangeRequest.objects.get(project=w.a).pk),
        lambda w: rebaseline_api(w, ChangeRequest.objects.get(project=w.a).pk),
        setup=lambda w: cr(w.a, "proposed"),
    ),
    Rule(
        "a re-baseline cites a change request of this project",
        "change_request",
        lambda w: rebaseline_page(w, ChangeRequest.objects.get(project=w.open_c).pk),
        lambda w: rebaseline_api(w, ChangeRequest.objects.get(project=w.open_c).pk),
        setup=lambda w: cr(w.open_c, "approved"),
    ),
    Rule(
        "an overridden RAG needs a comment",
        "rag_comment",
        lambda w: form_errors(
            w.page(w.pm).post(reverse("projects:status_edit", kwargs={"code": w.a.code, "week": "2026-W47"}), REPORT)
        ),
        lambda w: api_errors(
            w.api(w.pm).post(
                "/api/v1/status-reports/", {**REPORT, "project": w.a.pk, "week": "2026-W47"}, format="json"
            )
        ),
        setup=with_cost_plan,
    ),
    Rule(
        "a returned report needs a comment",
        "comment",
        lambda w: status_action_page(w, w.pmo, "review", {"decision": "return", "comment": ""}),
        lambda w: status_action_api(w, w.pmo, "review", {"decision": "return", "comment": ""}),
        setup=submitted_report,
    ),
    Rule(
        "a reopened report needs a reason",
        "reason",
        lambda w: status_action_page(w, w.pm, "reopen", {"reason": " "}),
        lambda w: status_action_api(w, w.pm, "reopen", {"reason": " "}),
        setup=submitted_report,
    ),
    Rule(
        "a milestone's actual date is not in the future",
        "actual_date",
        lambda w: item_page(
            w, w.pm, "milestone", {"name": "Go-live", "baseline_date": "2026-09-30", "actual_date": FUTURE, "weight": 1}
        ),
        lambda w: item_api(
            w, w.pm, "milestones", {"name": "Go-live", "baseline_date": "2026-09-30", "actual_date": FUTURE}
        ),
    ),
    Rule(
        "an issue is not due before it was raised",
        "due_date",
        lambda w: item_page(
            w,
            w.pm,
            "issue",
            {
                "title": "Late",
                "priority": "medium",
                "status": "open",
                "escalation_level": "project",
                "raised_on": "2026-05-10",
                "due_date": "2026-05-01",
            },
        ),
        lambda w: item_api(w, w.pm, "issues", {"title": "Late", "raised_on": "2026-05-10", "due_date": "2026-05-01"}),
    ),
    Rule(
        "an action item's meeting is one of this project (a confidential one answers like a missing one)",
        "meeting",
        lambda w: item_page(
            w, w.pm, "action", {"title": "Follow up", "status": "open", "meeting": Meeting.objects.get().pk}
        ),
        lambda w: item_api(w, w.pm, "action-items", {"title": "Follow up", "meeting": Meeting.objects.get().pk}),
        setup=secret_meeting,
    ),
    Rule(
        "a decided change request is not decided again",
        None,
        lambda w: button_page(
            w,
            "change_decide",
            ChangeRequest.objects.get(project=w.a).pk,
            {"decision": "reject", "version": ChangeRequest.objects.get(project=w.a).version},
        ),
        lambda w: api_errors(
            w.api(w.pm).post(
                f"/api/v1/change-requests/{ChangeRequest.objects.get(project=w.a).pk}/decide/",
                {"approve": False, "version": ChangeRequest.objects.get(project=w.a).version},
                format="json",
            )
        ),
        setup=decided_cr,
    ),
    Rule(
        "only an open risk becomes an issue",
        None,
        lambda w: button_page(
            w, "risk_convert", Risk.objects.get(project=w.a).pk, {"version": Risk.objects.get(project=w.a).version}
        ),
        lambda w: api_errors(
            w.api(w.pm).post(
                f"/api/v1/risks/{Risk.objects.get(project=w.a).pk}/convert-to-issue/",
                {"version": Risk.objects.get(project=w.a).version},
                format="json",
            )
        ),
        setup=closed_risk,
    ),
]


# --- Costs and quality (issue 7): the month grid's cell and the API's field carry the same words ---------------


def cost_grid_page(w: World, **cells):
    errors = form_errors(
        w.page(w.pm).post(reverse("projects:costs", kwargs={"code": w.a.code}), {"form": "grid", **cells}), "grid"
    )
    return {(key.split("-", 1)[0] if key else key): value for key, value in errors.items()}


def cost_api(w: World, path: str, **body):
    return api_errors(w.api(w.pm).post(path, {"project": w.a.pk, **body}, format="json"))


QUALITY = {"week": "2026-W47", "tests_planned": 5, "tests_run": 5, "tests_passed": 6}


def quality_page(w: World, **overrides):
    data = {"form": "quality", **{k: str(v) for k, v in {**QUALITY, **overrides}.items()}}
    data.update({k: "0" for k in ("defects_found", "defects_fixed", "defects_open", "review_findings")})
    url = reverse("projects:costs", kwargs={"code": w.a.code})
    return form_errors(w.page(w.pm).post(url, data), "quality_form")


RULES += [
    Rule(
        "planned cost is not negative",
        "planned_cost",
        lambda w: cost_grid_page(w, **{"planned_cost-2026-05": "-1"}),
        lambda w: cost_api(w, "/api/v1/cost-plans/", month="2026-05", planned_cost=-1),
    ),
    Rule(
        "actual cost in whole yen",
        "actual_cost",
        lambda w: cost_grid_page(w, **{"actual_cost-2026-05": "10.5"}),
        lambda w: cost_api(w, "/api/v1/cost-actuals/", month="2026-05", actual_cost="10.5"),
    ),
    Rule(
        "tests passed within tests run",
        "tests_passed",
        quality_page,
        lambda w: cost_api(w, "/api/v1/quality-records/", **QUALITY),
    ),
    Rule(
        "quality week has started",
        "week",
        lambda w: quality_page(w, week="2026-W50"),
        lambda w: cost_api(w, "/api/v1/quality-records/", **{**QUALITY, "tests_passed": 1, "week": "2026-W50"}),
    ),
]


# --- Governed re-baselines (issue 7) ------------------------------------------------------------------------------


def propose_page(w: World, **overrides):
    p = Project.objects.get(pk=w.a.pk)
    data = {"planned_start": "2026-04-01", "planned_end": "2027-09-30", "bac": "15000000", "reason": "Scope"}
    data.update({"version": p.version, **overrides})
    return form_errors(w.page(w.pm).post(reverse("projects:rebaseline", kwargs={"code": p.code}), data))


def propose_api(w: World, **overrides):
    data = {"project": w.a.pk, "planned_start": "2026-04-01", "planned_end": "2027-09-30", "bac": 15000000}
    data.update({"reason": "Scope", **overrides})
    return api_errors(w.api(w.pm).post("/api/v1/rebaseline-proposals/", data, format="json"))


def pending_proposal(w: World):
    from projects.services.baseline_proposals import propose_rebaseline

    change = ChangeRequest.objects.create(project=w.a, title="Scope change", status="approved")
    return propose_rebaseline(
        actor=w.pm,
        project=w.a,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 9, 30),
        bac=Decimal("15000000"),
        reason="Scope",
        change_request=change,
    )


def decide_page(w: World, data: dict):
    from projects.models import BaselineProposal

    proposal = BaselineProposal.objects.get(project=w.a)
    url = reverse("projects:rebaseline_decide", kwargs={"code": w.a.code, "pk": proposal.pk})
    return form_errors(w.page(w.pmo).post(url, {**data, "version": proposal.version}), "decide_form")


def decide_api(w: World, data: dict):
    from projects.models import BaselineProposal

    proposal = BaselineProposal.objects.get(project=w.a)
    url = f"/api/v1/rebaseline-proposals/{proposal.pk}/decide/"
    return api_errors(w.api(w.pmo).post(url, {**data, "version": proposal.version}, format="json"))


RULES += [
    Rule(
        "a re-baseline proposal cites an approved change request",
        "change_request",
        lambda w: propose_page(w),
        lambda w: propose_api(w),
    ),
    Rule(
        "one re-baseline awaits the PMO's decision at a time",
        None,
        lambda w: propose_page(w, change_request=ChangeRequest.objects.get(project=w.a).pk),
        lambda w: propose_api(w, change_request=ChangeRequest.objects.get(project=w.a).pk),
        setup=pending_proposal,
    ),
    Rule(
        "a rejected re-baseline needs a comment",
        "comment",
        lambda w: decide_page(w, {"decision": "reject", "comment": " "}),
        lambda w: decide_api(w, {"approve": False, "comment": " "}),
        setup=pending_proposal,
    ),
]


def _counts() -> tuple[int, ...]:
    models = (Project, StatusReport, Milestone, Issue, Risk, ChangeRequest, ActionItem, AuditEntry)
    return tuple(m.objects.count() for m in models)


def _state(w: World) -> tuple:
    return (
        _counts(),
        tuple(Project.objects.order_by("pk").values_list("version", "state", "pm_id")),
        tuple(StatusReport.objects.order_by("pk").values_list("version", "state")),
        tuple(ChangeRequest.objects.order_by("pk").values_list("version", "status")),
        tuple(Risk.objects.order_by("pk").values_list("version", "status")),
    )


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_page_and_api_refuse_with_the_same_field_and_words(world, rule):
    if rule.setup:
        rule.setup(world)
    before = _state(world)
    page = rule.page(world)
    assert _state(world) == before, "the page wrote something"
    api = rule.api(world)
    assert _state(world) == before, "the API wrote something"
    assert page.get(rule.field), f"page: nothing at {rule.field!r}: {page}"
    assert api.get(rule.field), f"API: nothing at {rule.field!r}: {api}"
    # The same words (the page may add its own hint after the service's message, never a different one).
    assert set(api[rule.field]) <= set(page[rule.field]), (page, api)


def test_a_member_cannot_hand_their_issue_to_someone_else(world):
    """The page does not offer the owner field to a member; the API refuses it at ``owner``."""
    issue = own_issue(world)
    response = world.page(world.member).post(
        reverse("projects:issue_edit", kwargs={"code": world.a.code, "pk": issue.pk}),
        {
            "title": issue.title,
            "priority": issue.priority,
            "status": "in_progress",
            "escalation_level": issue.escalation_level,
            "owner": world.pm.pk,
            "version": issue.version,
        },
    )
    assert response.status_code in (200, 302)
    issue.refresh_from_db()
    assert issue.owner == world.member
    errors = item_api(world, world.member, "issues", {"owner": world.pm.username, "version": issue.version}, issue.pk)
    assert "owner" in errors
    issue.refresh_from_db()
    assert issue.owner == world.member


# --- The item rules whose page refusal is an alert or a field of an item row ------------------------------------


def item_parity_table(project, pm_user) -> dict[str, tuple]:
    """rule → (field, message, page request, API request).

    The page request is (URL name, item or None, POST data), the API request (method, path, body). A field of
    ``None`` is the object as a whole: an alert or a message on the page, ``non_field_errors`` in the API. (A member
    handing their item over has no page path: the page disables the owner field; see the API and service tests.)
    """
    outsider = UserFactory(username="olga_outsider", role="Member")
    decided = ChangeRequest.objects.create(project=project, title="Decided", status="approved", decided_by=pm_user)
    proposal = ChangeRequest.objects.create(project=project, title="Proposal")
    issue = IssueFactory(project=project, owner=pm_user)
    new_issue = valid_data("issue", project, pm_user)
    api_issue = {"project": project.pk, "title": "X"}
    change_path = f"/api/v1/change-requests/{decided.pk}/"
    return {
        "resolved before raised": (
            "resolved_on",
            RESOLVED_BEFORE_RAISED,
            ("issue_create", None, {**new_issue, "raised_on": "2026-05-10", "resolved_on": "2026-05-01"}),
            ("post", "/api/v1/issues/", {**api_issue, "raised_on": "2026-05-10", "resolved_on": "2026-05-01"}),
        ),
        "owner outside the project": (
            "owner",
            PERSON_MESSAGE,
            ("issue_create", None, {**new_issue, "owner": outsider.pk}),
            ("post", "/api/v1/issues/", {**api_issue, "owner": outsider.username}),
        ),
        "attendee outside the project": (
            "attendees",
            ATTENDEES_MESSAGE,
            ("meeting_create", None, {**valid_data("meeting", project, pm_user), "attendees": [outsider.pk]}),
            (
                "post",
                "/api/v1/meetings/",
                {"project": project.pk, "title": "X", "held_on": "2026-05-20", "attendees": [outsider.username]},
            ),
        ),
        "approved other than by deciding": (
            "status",
            DECIDE_WITH_ACTION,
            ("change_edit", proposal, {**valid_data("change", project, pm_user), "status": "approved", "version": 1}),
            ("patch", f"/api/v1/change-requests/{proposal.pk}/", {"status": "approved", "version": 1}),
        ),
        "a decided change request edited": (
            None,
            DECIDED_IS_KEPT,
            ("change_edit", decided, {**valid_data("change", project, pm_user), "version": 1}),
            ("patch", change_path, {"title": "X", "version": 1}),
        ),
        "a decided change request deleted": (
            None,
            DECIDED_NOT_DELETED,
            ("change_delete", decided, {}),
            ("delete", change_path, None),
        ),
        "an update without the version": (
            "version",
            VERSION_REQUIRED,
            ("issue_edit", issue, new_issue),
            ("patch", f"/api/v1/issues/{issue.pk}/", {"title": "X"}),
        ),
    }


ITEM_RULES = [
    "resolved before raised",
    "owner outside the project",
    "attendee outside the project",
    "approved other than by deciding",
    "a decided change request edited",
    "a decided change request deleted",
    "an update without the version",
]


@pytest.mark.parametrize("rule", ITEM_RULES)
def test_item_pages_and_api_refuse_with_the_same_field_and_words(client, pm_user, rule):
    project = ProjectFactory(pm=pm_user, code="PRJ-ITEMS-001")
    field, message, (urlname, item, data), (method, path, body) = item_parity_table(project, pm_user)[rule]
    with translation.override("en"):
        words = str(message)
    history = AuditEntry.objects.count()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(pm_user)

    page = client.post(item_url(urlname, project, item.pk if item else None), data, follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    assert escape(words) in html, rule
    if field and field != "version":  # the hidden version's error is shown above the form
        slug = urlname.split("_")[0]
        assert f'id="{slug}-{item.pk if item else "new"}-{field}_error"' in html

    api = APIClient()
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    api.force_login(pm_user)
    response = getattr(api, method)(path, body, format="json")
    assert (response.status_code, response.json()) == (400, {field or "non_field_errors": [words]}), rule
    assert AuditEntry.objects.count() == history  # nothing written either way
