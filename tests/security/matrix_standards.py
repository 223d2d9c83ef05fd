"""Permission matrix of the standards app (see matrix_common.py), checked against standards/permissions.py.

Roles: anon norole member pm other_pm pmo exec. Standards (documents, checklists, blueprints) are the PMO's to
write; everyone with a role reads the published ones. Checklist runs and gate reviews belong to a project and
follow its rules (this project is confidential). Gates are decided by the executives (PMO_GATE_APPROVERS).
"""

import datetime as dt

ROLE_READ = "login 403 ok ok ok ok ok"
PMO_ONLY = "login 403 403 403 403 ok 403"
PROJECT_READ = "login 403 ok ok 404 ok ok"  # norole is refused on the role before the project
MANAGE = "login 403 403 ok 404 ok 403"
CREATE_PROJECT = "login 403 403 ok ok ok 403"  # can_instantiate: whoever may create projects

PAGES: dict = {
    "standards:index": {"GET": ROLE_READ},
    "standards:categories": {"GET": PMO_ONLY, "POST": PMO_ONLY, "PUT": PMO_ONLY},
    "standards:category_edit": {"GET": PMO_ONLY, "POST": PMO_ONLY, "PUT": PMO_ONLY, "kwargs": {"pk": "category"}},
    "standards:category_move": {
        "POST": PMO_ONLY,
        "kwargs": {"pk": "category"},
        "data": {"POST": {"direction": "down"}},
    },
    "standards:plan_checklist": {"GET": MANAGE, "POST": MANAGE, "PUT": MANAGE},
    "standards:compliance": {"GET": "login 403 403 ok ok ok ok"},  # can_view_compliance: PMO, executives, PMs
    "standards:document_new": {"GET": PMO_ONLY, "POST": PMO_ONLY, "PUT": PMO_ONLY},
    # The action URLs get a body that parses: an unreadable button answers 400 to the PMO (tests/standards/
    # test_permissions.py), and the matrix is about who may act.
    "standards:document": {"GET": ROLE_READ, "kwargs": {"pk": "document"}},
    "standards:document_edit": {"GET": PMO_ONLY, "POST": PMO_ONLY, "PUT": PMO_ONLY, "kwargs": {"pk": "document"}},
    "standards:document_action": {
        "POST": PMO_ONLY,
        "kwargs": {"pk": "document"},
        "data": {"POST": {"action": "retire", "version": "@document.version", "note": "matrix"}},
    },
    # The document has no attached file: its download is missing for everybody who may see the document.
    "standards:document_download": {
        "GET": "login 403 404 404 404 404 404",
        "kwargs": {"pk": "document", "number": "=1"},
    },
    "standards:checklist_new": {"GET": PMO_ONLY, "POST": PMO_ONLY, "PUT": PMO_ONLY},
    "standards:checklist": {"GET": ROLE_READ, "kwargs": {"pk": "checklist"}},
    "standards:checklist_edit": {"GET": PMO_ONLY, "POST": PMO_ONLY, "PUT": PMO_ONLY, "kwargs": {"pk": "checklist"}},
    "standards:checklist_action": {
        "POST": PMO_ONLY,
        "kwargs": {"pk": "checklist"},
        "data": {"POST": {"action": "retire", "version": "@checklist.version", "note": "matrix"}},
    },
    "standards:item_add": {"POST": PMO_ONLY, "kwargs": {"pk": "checklist"}},
    "standards:item_reorder": {"POST": PMO_ONLY, "kwargs": {"pk": "checklist"}},
    "standards:item_edit": {
        "GET": PMO_ONLY,
        "POST": PMO_ONLY,
        "PUT": PMO_ONLY,
        "kwargs": {"pk": "checklist", "item_id": "checklist_item"},
    },
    "standards:item_move": {"POST": PMO_ONLY, "kwargs": {"pk": "checklist", "item_id": "checklist_item"}},
    "standards:blueprint_new": {"GET": PMO_ONLY, "POST": PMO_ONLY, "PUT": PMO_ONLY},
    "standards:blueprint": {"GET": ROLE_READ, "kwargs": {"pk": "blueprint"}},
    "standards:blueprint_edit": {"GET": PMO_ONLY, "POST": PMO_ONLY, "PUT": PMO_ONLY, "kwargs": {"pk": "blueprint"}},
    "standards:blueprint_action": {
        "POST": PMO_ONLY,
        "kwargs": {"pk": "blueprint"},
        "data": {"POST": {"action": "retire", "version": "@blueprint.version", "note": "matrix"}},
    },
    "standards:blueprint_line": {"POST": PMO_ONLY, "kwargs": {"pk": "blueprint", "kind": "=milestone"}},
    "standards:blueprint_line_remove": {
        "POST": PMO_ONLY,
        "kwargs": {"pk": "blueprint", "kind": "=milestone", "line_id": "blueprint_line"},
    },
    "standards:instantiate": {
        "GET": CREATE_PROJECT,
        "POST": CREATE_PROJECT,
        "PUT": CREATE_PROJECT,
        "kwargs": {"pk": "blueprint"},
    },
    "standards:run": {"GET": PROJECT_READ, "POST": MANAGE, "kwargs": {"pk": "run"}},
    # The gate: read with the project; decided by the executives (a decision needs a body that parses).
    "standards:gate": {
        "GET": PROJECT_READ,
        "POST": "login 403 403 403 404 403 ok",
        "kwargs": {"pk": "gate"},
        "data": {
            "POST": {"action": "approve", "decision": "approved", "comment": "matrix", "version": "@gate.version"}
        },
    },
    "standards:project_panel": {"GET": PROJECT_READ},
    "standards:home_gates": {"GET": ROLE_READ},
}

API_READ = "login 403 ok ok ok ok ok"
API_PMO_ONLY = "login 403 403 403 403 ok 403"
API_OBJECTS = {
    "standards/documents": "document",
    "standards/checklists": "checklist",
    "standards/blueprints": "blueprint",
    "checklist-runs": "run",
    "gate-reviews": "gate",
}
API_PREFIXES = tuple(API_OBJECTS)

API: dict = {}
for _prefix in ("standards/documents", "standards/checklists", "standards/blueprints"):
    API[f"GET /api/v1/{_prefix}/"] = API_READ
    API[f"POST /api/v1/{_prefix}/"] = API_PMO_ONLY
    API[f"GET /api/v1/{_prefix}/{{id}}/"] = API_READ
    API[f"PATCH /api/v1/{_prefix}/{{id}}/"] = API_PMO_ONLY
    for _action in ("publish", "retire"):
        API[f"POST /api/v1/{_prefix}/{{id}}/{_action}/"] = API_PMO_ONLY
for _prefix in ("standards/documents", "standards/checklists"):
    API[f"POST /api/v1/{_prefix}/{{id}}/new-version/"] = API_PMO_ONLY
    API[f"GET /api/v1/{_prefix}/{{id}}/versions/"] = API_READ
API.update(
    {
        "PATCH /api/v1/standards/documents/{id}/draft/": API_PMO_ONLY,
        "GET /api/v1/standards/documents/{id}/versions/{number}/file/": "login 403 404 404 404 404 404",
        "POST /api/v1/standards/checklists/{id}/items/": API_PMO_ONLY,
        "POST /api/v1/standards/checklists/{id}/reorder/": API_PMO_ONLY,
        "POST /api/v1/standards/blueprints/{id}/lines/": API_PMO_ONLY,
        "POST /api/v1/standards/blueprints/{id}/instantiate/": "login 403 403 ok ok ok 403",
        "GET /api/v1/checklist-runs/": API_READ,
        "GET /api/v1/checklist-runs/{id}/": "login 403 ok ok 404 ok ok",
        "POST /api/v1/checklist-runs/{id}/answer/": "login 403 403 ok 404 ok 403",
        "POST /api/v1/checklist-runs/{id}/complete/": "login 403 403 ok 404 ok 403",
        "GET /api/v1/gate-reviews/": API_READ,
        "GET /api/v1/gate-reviews/{id}/": "login 403 ok ok 404 ok ok",
        "POST /api/v1/gate-reviews/{id}/decide/": "login 403 403 403 404 403 ok",
        "POST /api/v1/gate-reviews/{id}/reopen/": "login 403 403 ok 404 ok 403",
    }
)
API_PARAMS = {"/api/v1/standards/documents/{id}/versions/{number}/file/": {"id": "document", "number": "=1"}}
API_BODIES = {
    "POST /api/v1/gate-reviews/{id}/decide/": {"decision": "approved", "comment": "matrix", "version": "@gate.version"},
}


def build(portfolio) -> None:
    """A published document, checklist (with one item) and blueprint (with one milestone line), a run of the
    checklist in this project, and the gate review of a phase-gate milestone of this project."""
    from projects.models import Milestone
    from standards.services import blueprints as bp
    from standards.services import checklists as cl
    from standards.services import documents as docs
    from standards.services import gates, runs

    objects, users = portfolio["objects"], portfolio["users"]
    pmo, pm = users["pmo"], users["pm"]
    objects["category"] = docs.create_category(actor=pmo, name="セキュリティ")
    document = docs.create_document(actor=pmo, code="GL-SEC", title="セキュリティ指針", kind="guideline", body="本文")
    docs.publish(actor=pmo, document=document, expected_version=document.version)
    checklist = cl.create_checklist(actor=pmo, code="CL-SEC", title="確認表", purpose="weekly_quality")
    item = cl.add_item(actor=pmo, version=checklist.versions.get(), text="確認したか", required=True)
    checklist.refresh_from_db()
    cl.publish(actor=pmo, checklist=checklist, expected_version=checklist.version)
    blueprint = bp.create_blueprint(actor=pmo, code="BP-SEC", name="ひな形", project_type="system_development")
    line = bp.add_milestone(actor=pmo, blueprint=blueprint, name="設計完了", phase="design", offset_days=30)
    blueprint.refresh_from_db()
    bp.publish_blueprint(actor=pmo, blueprint=blueprint, expected_version=blueprint.version)
    project = objects["project"]
    run = runs.create_due_run(
        actor=pm, project=project, checklist=checklist, schedule="weekly", required=True, week="2026-W47",
        due_date=dt.date(2026, 11, 20),
    )  # fmt: skip
    milestone = Milestone.objects.create(
        project=project, name="設計ゲート", phase="design", baseline_date=dt.date(2026, 8, 31), is_phase_gate=True
    )
    gate = gates.open_gate_review(actor=pm, milestone=milestone)
    objects.update(
        document=document, checklist=checklist, checklist_item=item, blueprint=blueprint, blueprint_line=line,
        run=run, gate=gate,
    )  # fmt: skip
