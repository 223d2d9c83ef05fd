"""Random data posted to every form of the projects app (issue 12): never a 500. Hypothesis draws each field's
value (text with any characters, numbers, dates, empty, very long) for the fields the page's own form names, as
the project's PM (who may post everywhere the forms are); every post is rolled back."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security import matrix_projects
from tests.security.test_permission_matrix import _page_url, page_patterns

pytestmark = pytest.mark.slow

EXAMPLES = 4
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", "0", "-1", "1e309", "NaN", "2026-W99", "9999-99-99", "<script>alert(1)</script>", "=1+1"]),
    st.just("x" * 5000),
)


def _fields(client, url: str) -> list[str]:
    response = client.get(url)
    if response.status_code != 200:
        return []
    names = set(FIELD.findall(response.content.decode(errors="replace")))
    return sorted(names - {"csrfmiddlewaretoken", "next", "language"})


def _fuzz_form(client, name: str, url: str, fields: list[str], failures: list[str]) -> None:
    @given(data=st.fixed_dictionaries(dict.fromkeys(fields, VALUES)))
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def post(data):
        with transaction.atomic():
            response = client.post(url, data)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            failures.append(f"{name} {url}: {response.status_code} for {data!r}"[:400])

    post()


def test_random_posts_to_every_projects_form_never_answer_500(portfolio, role_clients):
    matrix_projects.build(portfolio)
    client = role_clients["pm"]
    patterns = page_patterns()
    failures: list[str] = []
    posted = 0
    for name, entry in matrix_projects.PAGES.items():
        if "POST" not in entry or name not in patterns:
            continue
        url = _page_url(name, patterns[name], entry, portfolio)
        fields = _fields(client, url) or sorted(entry.get("data", {}).get("POST", {})) or ["version"]
        posted += 1

        _fuzz_form(client, name, url, fields, failures)
    assert posted >= 20, f"only {posted} forms found: the walk is broken"
    assert not failures, f"{len(failures)} posts answered 5xx:\n  " + "\n  ".join(failures[:30])
