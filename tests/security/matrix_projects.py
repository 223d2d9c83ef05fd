"""Permission matrix of the projects app (see matrix_common.py), checked against projects/permissions.py.

Roles: anon norole member pm other_pm pmo exec. "This project" is confidential: ``other_pm`` and ``norole`` do not
see it (404); ``member`` is its member and reads it; ``exec`` reads everything and changes nothing.
"""

# Reads ------------------------------------------------------------------------------------------------------------
ROLE_READ = "login 403 ok ok ok ok ok"  # every user with a role (project_q / organisation_q / person_q)
PROJECT_READ = "login 404 ok ok 404 ok ok"  # can_view_project on a confidential project
# Writes -----------------------------------------------------------------------------------------------------------
MANAGE = "login 404 403 ok 404 ok 403"  # can_manage_project: its PM / deputy, or the PMO
PMO_ONLY_ON_PROJECT = "login 404 403 403 404 ok 403"  # can_review_status, can_decide_rebaseline, archive
CREATE = "login 403 403 ok ok ok 403"  # can_create_project, can_import: PM or PMO
PMO_ONLY = "login 403 403 403 403 ok 403"  # can_manage_people, can_run_surveys, can_manage_organisation
PROJECT_ARG_READ = "login 403 ok ok 404 ok ok"  # a fragment that checks the role before the project

ITEM_KINDS = {
    "milestone": "milestone",
    "issue": "issue",
    "risk": "risk",
    "change": "change",
    "meeting": "meeting",
    "action": "action",
}

PAGES: dict = {
    "projects:list": {"GET": ROLE_READ},
    "projects:create": {"GET": CREATE, "POST": CREATE, "PUT": CREATE},
    "projects:work": {"GET": ROLE_READ},
    "projects:import": {"GET": CREATE, "POST": CREATE},
    "projects:import_confirm": {"POST": CREATE},
    "projects:import_sample": {"GET": CREATE, "kwargs": {"kind": "=projects", "fmt": "=csv"}},
    "projects:export": {"GET": ROLE_READ, "kwargs": {"fmt": "=csv"}},
    "projects:issue_list": {"GET": ROLE_READ},
    "projects:risk_list": {"GET": ROLE_READ},
    "projects:action_list": {"GET": ROLE_READ},
    "projects:issue_export": {"GET": ROLE_READ, "kwargs": {"fmt": "=xlsx"}},
    "projects:risk_export": {"GET": ROLE_READ, "kwargs": {"fmt": "=csv"}},
    "projects:action_export": {"GET": ROLE_READ, "kwargs": {"fmt": "=csv"}},
    "projects:people": {"GET": ROLE_READ, "POST": PMO_ONLY},
    "projects:person_detail": {
        "GET": "login 404 ok ok ok ok ok",
        "POST": "login 404 403 403 403 ok 403",
        "kwargs": {"pk": "person"},
    },
    "projects:heatmap": {"GET": ROLE_READ},
    "projects:demand": {"GET": ROLE_READ},
    "projects:surveys": {"GET": "login 403 403 403 403 ok ok", "POST": PMO_ONLY},  # results: PMO and executives
    "projects:survey_home_panel": {"GET": ROLE_READ},
    # Only the PMs invited to the round answer it (can_answer_surveys); for anyone else the round is not there.
    "projects:survey_answer": {
        "GET": "login 404 404 ok ok 404 404",
        "POST": "login 404 404 ok ok 404 404",
        "kwargs": {"pk": "survey"},
    },
    "projects:survey_close": {"POST": "login 403 403 403 403 ok 403", "kwargs": {"pk": "survey"}},
    "projects:warnings": {"GET": ROLE_READ},
    "projects:warnings_home_panel": {"GET": ROLE_READ},
    "projects:detail": {"GET": PROJECT_READ},
    "projects:edit": {"GET": MANAGE, "POST": MANAGE, "PUT": MANAGE},
    # Every baseline and proposal is shown to whoever sees the project; only its managers propose.
    "projects:rebaseline": {"GET": PROJECT_READ, "POST": MANAGE, "PUT": MANAGE},
    # POST only (GET and PUT answer 405 once the project is visible).
    "projects:rebaseline_decide": {
        "GET": "login 404 405 405 404 405 405",
        "PUT": "login 404 405 405 404 405 405",
        "POST": PMO_ONLY_ON_PROJECT,
        "kwargs": {"pk": "proposal"},
        "data": {"POST": {"decision": "reject", "comment": "matrix", "version": "@proposal.version"}},
    },
    "projects:rebaseline_withdraw": {
        "GET": "login 404 405 405 404 405 405",
        "PUT": "login 404 405 405 404 405 405",
        "POST": MANAGE,
        "kwargs": {"pk": "proposal"},
    },
    "projects:archive": {
        "POST": PMO_ONLY_ON_PROJECT,
        "data": {"POST": {"version": "@project.version", "reason": "matrix"}},
    },
    "projects:status_detail": {"GET": PROJECT_READ},
    "projects:status_edit": {"GET": MANAGE, "POST": MANAGE},
    "projects:status_suggest": {"GET": MANAGE},
    # POST only; the report's actions check the right to act before the method (a GET from a reader is a 403).
    "projects:status_submit": {"GET": "login 404 403 405 404 405 403", "POST": MANAGE},
    "projects:status_review": {
        "GET": "login 404 405 405 404 405 405",
        "POST": PMO_ONLY_ON_PROJECT,
        "data": {"POST": {"decision": "accept", "comment": "matrix", "version": "@report.version"}},
    },
    "projects:status_reopen": {"GET": "login 404 403 405 404 405 403", "POST": MANAGE},
    "projects:members": {"GET": PROJECT_READ, "POST": MANAGE},
    "projects:member_remove": {"POST": MANAGE, "kwargs": {"pk": "membership"}},
    "projects:history": {"GET": PROJECT_READ},
    "projects:resources": {"GET": PROJECT_READ, "POST": MANAGE},
    "projects:warnings_panel": {"GET": PROJECT_ARG_READ},
    "projects:costs": {"GET": PROJECT_READ, "POST": MANAGE},
    "projects:milestones": {"GET": PROJECT_READ},
    "projects:issues": {"GET": PROJECT_READ},
    "projects:risks": {"GET": PROJECT_READ},
    "projects:changes": {"GET": PROJECT_READ},
    "projects:meetings": {"GET": PROJECT_READ},
    "projects:risk_convert": {"POST": MANAGE, "kwargs": {"pk": "risk"}},
    "projects:change_decide": {"POST": MANAGE, "kwargs": {"pk": "change"}},
}
for _prefix, _key in (
    ("milestone", "milestone"),
    ("issue", "issue"),
    ("risk", "risk"),
    ("change", "change"),
    ("meeting", "meeting"),
    ("action", "action"),
):
    PAGES[f"projects:{_prefix}_create"] = {"GET": MANAGE, "POST": MANAGE}
    PAGES[f"projects:{_prefix}_row"] = {"GET": PROJECT_READ, "kwargs": {"pk": _key}}
    PAGES[f"projects:{_prefix}_edit"] = {"GET": MANAGE, "POST": MANAGE, "kwargs": {"pk": _key}}
    PAGES[f"projects:{_prefix}_delete"] = {"POST": MANAGE, "kwargs": {"pk": _key}}
# Issues and action items: the member who owns one updates it (can_edit_assigned); the portfolio's issue and action
# item are owned by the member.
ASSIGNED = "login 404 ok ok 404 ok 403"
PAGES["projects:issue_edit"] = {"GET": ASSIGNED, "POST": ASSIGNED, "kwargs": {"pk": "issue"}}
PAGES["projects:action_edit"] = {"GET": ASSIGNED, "POST": ASSIGNED, "kwargs": {"pk": "action"}}

# The API ----------------------------------------------------------------------------------------------------------
API_READ = "login 403 ok ok ok ok ok"  # a list: each role sees its own rows
API_OBJECT_READ = "login 403 ok ok 404 ok ok"  # an object of the confidential project
API_MANAGE = "login 403 403 ok 404 ok 403"
API_PMO_ON_PROJECT = "login 403 403 403 404 ok 403"
API_CREATE_ITEM = "login 403 403 ok ok ok 403"  # other_pm may create in *their* projects; the body decides (400)
API_PMO_ONLY = "login 403 403 403 403 ok 403"
API_ORG_READ = "login 403 ok ok ok ok ok"

API_OBJECTS = {
    "projects": "project",
    "status-reports": "report",
    "milestones": "milestone",
    "issues": "issue",
    "risks": "risk",
    "change-requests": "change",
    "meetings": "meeting",
    "action-items": "action",
    "rebaseline-proposals": "proposal",
    "cost-plans": "cost_plan",
    "cost-actuals": "cost_actual",
    "quality-records": "quality",
    "people": "person",
    "allocations": "allocation",
    "org-units": "org_unit",
    "programs": "program",
}
API_PREFIXES = tuple(API_OBJECTS)

API: dict = {}
for _prefix in (
    "milestones",
    "issues",
    "risks",
    "change-requests",
    "meetings",
    "action-items",
    "cost-plans",
    "cost-actuals",
    "quality-records",
):
    API[f"GET /api/v1/{_prefix}/"] = API_READ
    API[f"POST /api/v1/{_prefix}/"] = API_CREATE_ITEM
    API[f"GET /api/v1/{_prefix}/{{id}}/"] = API_OBJECT_READ
    for _method in ("PUT", "PATCH", "DELETE"):
        API[f"{_method} /api/v1/{_prefix}/{{id}}/"] = API_MANAGE
for _method in ("PUT", "PATCH"):  # the member owns the issue and the action item
    API[f"{_method} /api/v1/issues/{{id}}/"] = "login 403 ok ok 404 ok 403"
    API[f"{_method} /api/v1/action-items/{{id}}/"] = "login 403 ok ok 404 ok 403"
API.update(
    {
        "POST /api/v1/risks/{id}/convert-to-issue/": API_MANAGE,
        "POST /api/v1/change-requests/{id}/decide/": API_MANAGE,
        "GET /api/v1/projects/": API_READ,
        "POST /api/v1/projects/": "login 403 403 ok 403 ok 403",  # a PM creates only projects they run
        "GET /api/v1/projects/{id}/": API_OBJECT_READ,
        "PUT /api/v1/projects/{id}/": API_MANAGE,
        "PATCH /api/v1/projects/{id}/": API_MANAGE,
        "POST /api/v1/projects/{id}/archive/": API_PMO_ON_PROJECT,
        "POST /api/v1/projects/{id}/unarchive/": API_PMO_ON_PROJECT,
        "POST /api/v1/projects/{id}/rebaseline/": API_MANAGE,
        "GET /api/v1/status-reports/": API_READ,
        "POST /api/v1/status-reports/": "login 403 403 ok 400 ok 403",  # other_pm: the project is not there (400)
        "GET /api/v1/status-reports/{id}/": API_OBJECT_READ,
        "PUT /api/v1/status-reports/{id}/": API_MANAGE,
        "PATCH /api/v1/status-reports/{id}/": API_MANAGE,
        "POST /api/v1/status-reports/{id}/submit/": API_MANAGE,
        "POST /api/v1/status-reports/{id}/reopen/": API_MANAGE,
        "POST /api/v1/status-reports/{id}/review/": API_PMO_ON_PROJECT,
        "GET /api/v1/rebaseline-proposals/": API_READ,
        "POST /api/v1/rebaseline-proposals/": "login 403 403 ok 400 ok 403",
        "GET /api/v1/rebaseline-proposals/{id}/": API_OBJECT_READ,
        "POST /api/v1/rebaseline-proposals/{id}/decide/": API_PMO_ON_PROJECT,
        "POST /api/v1/rebaseline-proposals/{id}/withdraw/": API_MANAGE,
        "GET /api/v1/people/": API_ORG_READ,
        "POST /api/v1/people/": API_PMO_ONLY,
        "GET /api/v1/people/{id}/": API_ORG_READ,
        "PUT /api/v1/people/{id}/": API_PMO_ONLY,
        "PATCH /api/v1/people/{id}/": API_PMO_ONLY,
        "GET /api/v1/allocations/": API_READ,
        "POST /api/v1/allocations/": API_CREATE_ITEM,
        "GET /api/v1/allocations/{id}/": API_OBJECT_READ,
        "PUT /api/v1/allocations/{id}/": API_MANAGE,
        "PATCH /api/v1/allocations/{id}/": API_MANAGE,
        "GET /api/v1/org-units/": API_ORG_READ,
        "POST /api/v1/org-units/": API_PMO_ONLY,
        "GET /api/v1/org-units/{id}/": API_ORG_READ,
        "PUT /api/v1/org-units/{id}/": API_PMO_ONLY,
        "PATCH /api/v1/org-units/{id}/": API_PMO_ONLY,
        "DELETE /api/v1/org-units/{id}/": API_PMO_ONLY,  # the PMO: 400, still in use (PROTECT)
        "GET /api/v1/programs/": API_ORG_READ,
        "POST /api/v1/programs/": API_PMO_ONLY,
        "GET /api/v1/programs/{id}/": API_ORG_READ,
        "PUT /api/v1/programs/{id}/": API_PMO_ONLY,
        "PATCH /api/v1/programs/{id}/": API_PMO_ONLY,
        "DELETE /api/v1/programs/{id}/": API_PMO_ONLY,
    }
)

#: Bodies that get past parsing, so that the permission decides (an empty body is refused as input first).
API_BODIES = {
    "POST /api/v1/projects/": {
        "code": "PRJ-MATRIX",
        "name": "Matrix",
        "org_unit": "@org_unit.pk",
        "pm": "bob_pm",
        "planned_start": "2026-04-01",
        "planned_end": "2026-12-31",
        "bac": "1000000",
    },
    "POST /api/v1/status-reports/": {
        "project": "@project.pk",
        "week": "2026-W46",
        "overall_rag": "green",
        "schedule_rag": "green",
        "cost_rag": "green",
        "quality_rag": "green",
        "scope_rag": "green",
        "percent_complete": "30",
        "summary": "順調",
    },
    "POST /api/v1/rebaseline-proposals/": {
        "project": "@project.pk",
        "planned_start": "2026-04-01",
        "planned_end": "2027-09-30",
        "bac": "14000000",
        "reason": "matrix",
    },
}


def build(portfolio) -> None:
    """A program, and the survey round opened by the PMO through the service (it invites the active PMs)."""
    import datetime as dt

    from projects.models import Program
    from projects.services import surveys

    objects = portfolio["objects"]
    objects["program"] = Program.objects.create(code="PG-SEC", name="セキュリティ施策")
    objects["survey"].delete()
    objects["survey"] = surveys.open_round(
        actor=portfolio["users"]["pmo"],
        title="満足度調査",
        closes_on=dt.date.today() + dt.timedelta(days=30),
        question="満足していますか",
    )
