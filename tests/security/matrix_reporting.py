"""Permission matrix of the reporting app (see matrix_common.py), checked against reporting/permissions.py.

Roles: anon norole member pm other_pm pmo exec. The run is this (confidential) project's weekly status report,
requested by its PM: readers of its own project's reports (member, PM) and the PMO and executives see it;
``other_pm`` does not (404). Schedules are the PMO's; executives read them. Reports are requested by the PMO,
executives and PMs (can_request_any), never by a member.
"""

ROLE_READ = "login 403 ok ok ok ok ok"
PMO_EXEC = "login 403 403 403 403 ok ok"
PMO_ONLY = "login 403 403 403 403 ok 403"
RUN_READ = "login 403 ok ok 404 ok ok"
PROJECT_READ = "login 403 ok ok 404 ok ok"

PAGES: dict = {
    "reporting:dashboard": {"GET": ROLE_READ},
    "reporting:portfolio_export": {"GET": ROLE_READ, "kwargs": {"fmt": "=csv"}},  # can_export_portfolio
    "reporting:kpis": {"GET": PMO_EXEC},  # projects.permissions.can_view_kpis
    "reporting:reports": {
        "GET": ROLE_READ,
        # A member may not request reports (can_request_any): 403 as from the API, nothing queued; other_pm names a
        # project that is not there for them: a form error at the field.
        "POST": "login 403 403 ok ok ok ok",
        "data": {"POST": {"kind": "weekly_status", "project": "@project.pk", "language": "ja"}},
    },
    "reporting:run_row": {"GET": RUN_READ, "kwargs": {"pk": "run"}},
    # Still queued: no file yet, for everybody who sees the run.
    "reporting:run_download": {"GET": "login 403 404 404 404 404 404", "kwargs": {"pk": "run"}},
    # can_retry_run: the PMO, or who requested it (the run is queued, not failed: refused with a message); the member
    # and the executive may not retry: 403, as from the API. Nothing changes.
    "reporting:run_retry": {"POST": "login 403 403 ok 404 ok 403", "kwargs": {"pk": "run"}},
    "reporting:schedules": {"GET": PMO_EXEC, "POST": PMO_ONLY},
    "reporting:schedule": {"GET": PMO_EXEC, "POST": PMO_ONLY, "kwargs": {"pk": "schedule"}},
    "reporting:project_rag_panel": {"GET": PROJECT_READ},
    "reporting:project_evm_panel": {"GET": PROJECT_READ},
    "reporting:project_milestones_panel": {"GET": PROJECT_READ},
}

API_OBJECTS = {"reports": "run", "report-schedules": "schedule", "portfolio": "project"}
API_PREFIXES = tuple(API_OBJECTS)
API: dict = {
    # A user without a role gets an empty list (run_q: no rows) rather than the 403 of the other lists; nothing leaks.
    "GET /api/v1/reports/": "login ok ok ok ok ok ok",
    "POST /api/v1/reports/": "login 400 403 ok 400 ok ok",  # norole and other_pm: the project is not there (400)
    "GET /api/v1/reports/{id}/": "login 404 ok ok 404 ok ok",
    "POST /api/v1/reports/{id}/retry/": "login 404 403 ok 404 ok 403",
    "GET /api/v1/report-schedules/": PMO_EXEC,
    # norole and other_pm name a project that is not there for them: refused as input (400) before the role.
    "POST /api/v1/report-schedules/": "login 400 403 403 400 ok 403",
    "GET /api/v1/report-schedules/{id}/": PMO_EXEC,
    # An empty PUT is refused as input (400) before the executive's missing right; PATCH shows the 403.
    "PUT /api/v1/report-schedules/{id}/": "login 403 403 403 403 ok 400",
    "PATCH /api/v1/report-schedules/{id}/": PMO_ONLY,
    "POST /api/v1/report-schedules/{id}/recipients/": PMO_ONLY,
    "DELETE /api/v1/report-schedules/{id}/recipients/{recipient_id}/": PMO_ONLY,
    "GET /api/v1/portfolio/": "login ok ok ok ok ok ok",  # norole: an empty table (projects.restrict), no 403
}
API_PARAMS = {
    "/api/v1/report-schedules/{id}/recipients/{recipient_id}/": {"id": "schedule", "recipient_id": "recipient"},
}
API_BODIES = {
    "POST /api/v1/reports/": {"kind": "weekly_status", "project": "@project.pk", "language": "ja"},
    "POST /api/v1/report-schedules/": {
        "name": "マトリクス",
        "kind": "weekly_status",
        "project": "@project.pk",
        "weekday": 0,
        "hour": 9,
    },
}


def build(portfolio) -> None:
    """The PM's weekly status report run of this project, and a PMO schedule of it with the member as recipient."""
    from reporting.services import runs, schedules

    objects, users = portfolio["objects"], portfolio["users"]
    project = objects["project"]
    run = runs.request_run(actor=users["pm"], kind="weekly_status", project=project)
    schedule = schedules.create_schedule(
        actor=users["pmo"], name="週次報告", kind="weekly_status", weekday=0, hour=9, project=project
    )
    recipient = schedules.add_recipient(actor=users["pmo"], schedule=schedule, user=users["member"])
    objects.update(run=run, schedule=schedule, recipient=recipient)
