"""The vocabulary of the permission matrix (tests/security/matrix_<app>.py) and the checking of one answer.

Every page (URL name, e.g. ``"projects:detail"``) and every API operation (``"PATCH /api/v1/issues/{id}/"``) has
one entry: the expected outcome for each role, in ``ROLES`` order, as seven words::

    "projects:edit": {"GET": "login 404 403 ok 404 ok 403", "POST": "login 404 403 ok 404 ok 403"}

``kwargs`` names the portfolio object each URL argument is taken from (``{"pk": "risk"}``: the risk of this
project; ``"=csv"`` is the literal ``csv``); ``code`` and ``week`` default to this project and its report.

Outcomes:

* ``ok``: the role may: a page answers 200 or redirects elsewhere than the login page; a write is processed
  (201/200/204/302, or 400/409 for the empty body the matrix sends: the role got as far as validation);
* ``login``: anonymous: a page redirects to the login page, the API answers 401 or 403;
* ``403``: refused, the object being visible; ``404``: the object (or page) is hidden from the role;
* ``any``: the same answer for every role, never a refusal nor a 5xx other than 503 (the health check);
* ``405``: the method is not offered; ``400``: refused as bad input before any permission check (documented
  where it happens).
"""

from __future__ import annotations

from dataclasses import dataclass

#: anonymous, user without a role, member of this project, PM of this project, PM of another project, PMO, executive
ROLES = ("anon", "norole", "member", "pm", "other_pm", "pmo", "exec")
OUTCOMES = {"ok", "login", "any", "400", "403", "404", "405"}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def expand(spec: str) -> dict[str, str]:
    words = spec.split()
    assert len(words) == len(ROLES), f"{spec!r}: one outcome per role {ROLES}"
    assert set(words) <= OUTCOMES, f"{spec!r}: outcomes are {sorted(OUTCOMES)}"
    return dict(zip(ROLES, words, strict=True))


@dataclass
class Answer:
    status: int
    location: str = ""


def matches(expected: str, got: str, answer: Answer) -> bool:
    if expected == "400":
        return answer.status == 400
    if expected == "any":
        return answer.status not in (401, 403, 404) and (answer.status < 500 or answer.status == 503)
    return expected == got


def outcome_of(answer: Answer, *, role: str, method: str, api: bool, login_url: str) -> str:
    """The matrix word for one real answer."""
    status = answer.status
    if status == 302 and answer.location.startswith((login_url, "/admin/login/")):
        return "login"  # sent to log in (a user without staff rights at the admin too)
    if role == "anon" and api and status in (401, 403):
        return "login"
    if status in (403, 404, 405):
        return str(status)
    if method == "GET":
        return "ok" if status < 400 else str(status)
    if status in (200, 201, 202, 204, 301, 302, 303, 400, 409):
        return "ok"
    return str(status)
