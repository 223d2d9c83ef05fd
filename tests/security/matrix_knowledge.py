"""Permission matrix of the knowledge app (see matrix_common.py), checked against knowledge/permissions.py.

Roles: anon norole member pm other_pm pmo exec. The lesson is published, written by ``pm`` from this
(confidential) project and not anonymised: readers of the project (member, PMO, executives) and its author see
it; ``other_pm`` does not (404). Its author and the PMO edit and retire it; the PMO curates (merge, promote).
``draft`` is a draft by ``pm``: only its author and the PMO see it.
"""

READ_LESSON = "login 404 ok ok 404 ok ok"
AUTHOR_OR_PMO = "login 404 403 ok 404 ok 403"
CURATE = "login 404 403 403 404 ok 403"
DRAFT_AUTHOR_OR_PMO = "login 404 404 ok 404 ok 404"

PAGES: dict = {
    "knowledge:index": {"GET": "login 403 ok ok ok ok ok"},
    "knowledge:create": {
        "GET": "login 403 ok ok ok ok 403",
        "POST": "login 403 ok ok ok ok 403",
        "PUT": "login 403 ok ok ok ok 403",
    },  # may_write_lessons: PMO, PM, member
    "knowledge:detail": {"GET": READ_LESSON, "kwargs": {"pk": "lesson"}},
    "knowledge:edit": {"GET": AUTHOR_OR_PMO, "POST": AUTHOR_OR_PMO, "PUT": AUTHOR_OR_PMO, "kwargs": {"pk": "lesson"}},
    "knowledge:publish": {
        "POST": DRAFT_AUTHOR_OR_PMO,
        "kwargs": {"pk": "draft"},
        "data": {"POST": {"version": "@draft.version"}},
    },
    "knowledge:retire": {
        "POST": AUTHOR_OR_PMO,
        "kwargs": {"pk": "lesson"},
        "data": {"POST": {"version": "@lesson.version", "reason": "matrix"}},
    },
    "knowledge:merge": {"GET": CURATE, "POST": CURATE, "PUT": CURATE, "kwargs": {"pk": "lesson"}},
    # Whoever reads a published lesson may vote; the author's own vote is refused by the service with a message.
    "knowledge:vote": {"POST": READ_LESSON, "kwargs": {"pk": "lesson"}, "data": {"POST": {"helpful": "1"}}},
    "knowledge:promote": {"GET": CURATE, "POST": CURATE, "PUT": CURATE, "kwargs": {"pk": "lesson"}},
    "knowledge:attach": {"POST": AUTHOR_OR_PMO, "kwargs": {"pk": "lesson"}},
    # No attachment in the portfolio: a missing one answers 404 to everybody, never more.
    "knowledge:attachment": {
        "GET": "login 404 404 404 404 404 404",
        "kwargs": {"pk": "lesson", "attachment": "=999999"},
    },
    # (Removing asks for the right to edit the lesson first: readers who may not edit it get 403.)
    "knowledge:attachment_remove": {
        "POST": "login 404 403 404 404 404 403",
        "kwargs": {"pk": "lesson", "attachment": "=999999"},
    },
    "knowledge:project_panel": {"GET": "login 404 ok ok 404 ok ok"},
    "knowledge:home_panel": {"GET": "login 403 ok ok ok ok ok"},  # the work page's panel: everyone with a role
    "knowledge:close": {"GET": "login 404 403 ok 404 ok 403", "POST": "login 404 403 ok 404 ok 403"},
}

API_OBJECTS = {"knowledge/lessons": "lesson"}
API_PREFIXES = tuple(API_OBJECTS)
API_READ_LESSON = "login 403 ok ok 404 ok ok"
API_AUTHOR_OR_PMO = "login 403 403 ok 404 ok 403"
API_CURATE = "login 403 403 403 404 ok 403"
API: dict = {
    "GET /api/v1/knowledge/lessons/": "login 403 ok ok ok ok ok",
    "POST /api/v1/knowledge/lessons/": "login 403 ok ok ok ok 403",
    "GET /api/v1/knowledge/lessons/{id}/": API_READ_LESSON,
    "PUT /api/v1/knowledge/lessons/{id}/": API_AUTHOR_OR_PMO,
    "PATCH /api/v1/knowledge/lessons/{id}/": API_AUTHOR_OR_PMO,
    "POST /api/v1/knowledge/lessons/{id}/publish/": "login 403 404 ok 404 ok 404",
    "POST /api/v1/knowledge/lessons/{id}/retire/": API_AUTHOR_OR_PMO,
    "POST /api/v1/knowledge/lessons/{id}/merge/": API_CURATE,
    "POST /api/v1/knowledge/lessons/{id}/promote/": API_CURATE,
    "GET /api/v1/knowledge/lessons/{id}/rollouts/": API_READ_LESSON,
    "POST /api/v1/knowledge/lessons/{id}/vote/": "login 403 ok 403 404 ok ok",  # can_vote: not the author
}
API_PARAMS = {"/api/v1/knowledge/lessons/{id}/publish/": {"id": "draft"}}
API_BODIES = {
    "POST /api/v1/knowledge/lessons/": {"title": "マトリクスの教訓", "kind": "lesson", "situation": "状況"},
    "POST /api/v1/knowledge/lessons/{id}/publish/": {"version": "@draft.version"},
    "POST /api/v1/knowledge/lessons/{id}/retire/": {"version": "@lesson.version", "reason": "matrix"},
    "POST /api/v1/knowledge/lessons/{id}/vote/": {"helpful": True},
}


def build(portfolio) -> None:
    """A published lesson of this project by its PM, and a draft by the same PM."""
    from knowledge.services import lessons

    pm, project = portfolio["users"]["pm"], portfolio["objects"]["project"]
    fields = {
        "situation": "結合試験の直前",
        "what_happened": "環境が足りなかった",
        "root_cause": "計画漏れ",
        "recommendation": "早めに確保する",
    }
    lesson = lessons.create_lesson(
        actor=pm, title="試験環境は早めに", source_project=project, tags=["試験"], publish=True, **fields
    )
    draft = lessons.create_lesson(actor=pm, title="下書きの教訓", source_project=project, **fields)
    portfolio["objects"].update(lesson=lesson, draft=draft)
