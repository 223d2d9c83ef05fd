"""Closing a project asks its PM for a lesson (or a recorded reason to skip it)."""

from __future__ import annotations

import pytest

from core.exceptions import InvalidTransition, NotAllowed, RuleError
from knowledge import services
from knowledge.models import ClosureSkip
from projects import services as project_services
from projects.models import Project

pytestmark = pytest.mark.django_db


def close(actor, project):
    project = Project.objects.get(pk=project.pk)
    return project_services.update_project(actor=actor, project=project, expected_version=project.version,
                                           state="closed")  # fmt: skip


def test_closing_without_a_lesson_is_refused_at_state_with_a_link(author, open_project):
    with pytest.raises(RuleError) as caught:
        close(author, open_project)
    assert set(caught.value.errors) == {"state"}
    assert f"/knowledge/close/{open_project.code}/" in caught.value.message
    assert Project.objects.get(pk=open_project.pk).state == "active"


def test_a_lesson_from_the_project_lets_it_close(author, open_project, make_lesson):
    make_lesson("closing", source_project=open_project, publish=False)
    close(author, open_project)
    assert Project.objects.get(pk=open_project.pk).state == "closed"


def test_a_recorded_skip_lets_it_close(author, open_project):
    with pytest.raises(RuleError) as caught:
        services.skip_closing_lesson(actor=author, project=open_project, reason="  ")
    assert set(caught.value.errors) == {"reason"}
    services.skip_closing_lesson(actor=author, project=open_project, reason="PoC cancelled early")
    with pytest.raises(InvalidTransition):
        services.skip_closing_lesson(actor=author, project=open_project, reason="again")
    close(author, open_project)
    assert ClosureSkip.objects.get(project=open_project).skipped_by == author


def test_only_the_projects_managers_skip(reader, open_project):
    with pytest.raises(NotAllowed):
        services.skip_closing_lesson(actor=reader, project=open_project, reason="x")


def test_the_closing_page_records_a_lesson_or_a_skip(author, reader, open_project, client):
    client.force_login(reader)
    assert client.get(f"/knowledge/close/{open_project.code}/").status_code == 403
    client.force_login(author)
    page = client.get(f"/knowledge/close/{open_project.code}/")
    assert page.status_code == 200
    response = client.post(f"/knowledge/close/{open_project.code}/", {"skip": "1", "reason": ""})
    assert response.status_code == 200
    assert 'aria-describedby="id_reason_error"' in response.content.decode()
    response = client.post(
        f"/knowledge/close/{open_project.code}/",
        {
            "kind": "lesson",
            "title": "移行は2回リハーサルする",
            "what_happened": "w",
            "recommendation": "r",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    lesson = open_project.lessons.get()
    assert (lesson.phase, lesson.state) == (open_project.phase, "published")
    close(author, open_project)


def test_the_project_edit_page_shows_the_refusal_at_state(author, open_project, client):
    client.force_login(author)
    response = client.get(f"/projects/{open_project.code}/edit/")
    form = response.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(version=open_project.version, state="closed")
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None and name not in data:
            data[name] = value
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    response = client.post(f"/projects/{open_project.code}/edit/", data)
    assert response.status_code == 200
    assert f"/knowledge/close/{open_project.code}/" in " ".join(response.context["form"].errors.get("state", []))
    body = response.content.decode()
    link = f'<a href="/knowledge/close/{open_project.code}/" class="alert-link">'
    assert link in body, "the message's link is a real link on the page"
    assert body[body.index(link) - 400 : body.index(link)].count('id="id_state_error"') == 1  # at the state field


def test_the_link_is_built_safely_and_the_api_gets_plain_text(author, open_project):
    from django.template import Context, Template

    from knowledge.services.closing import LinkedMessage

    hostile = LinkedMessage("plain <b>", lead="<script>x</script>", url='/x/"onmouseover="y', link_text="<i>go</i>")
    html = Template("{{ m }}").render(Context({"m": hostile}))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;onmouseover" in html and "<i>" not in html
    assert str(hostile) == "plain <b>" and isinstance(str(hostile), LinkedMessage)
    with pytest.raises(RuleError) as caught:
        close(author, open_project)
    import json

    assert "<a" not in json.dumps(caught.value.errors)  # the API's 400 body: the text with the address
