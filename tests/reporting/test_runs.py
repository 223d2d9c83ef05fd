"""Report runs: who may request, see and download them (executives and PMO all, a PM their projects', a
stakeholder what is sent to them), the state machine, and the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import roles
from core.exceptions import InvalidTransition, NotAllowed, RuleError
from reporting import storage
from reporting.models import ReportRun
from reporting.selectors.runs import runs_for
from reporting.services import pipeline, runs, schedules
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_dir(settings, tmp_path):
    settings.PMO_REPORTS_DIR = str(tmp_path / "reports")


@pytest.fixture
def world(pm_user, other_pm, pmo_user, exec_user, django_capture_on_commit_callbacks):
    mine = ProjectFactory(pm=pm_user, code="PRJ-R-001")
    theirs = ProjectFactory(pm=other_pm, code="PRJ-R-002")
    secret = ProjectFactory(pm=other_pm, code="PRJ-R-003", confidential=True)
    stakeholder = user_with_role(roles.STAKEHOLDER, "stake1")
    with django_capture_on_commit_callbacks(execute=False):
        r_mine = runs.request_run(actor=pm_user, kind="weekly_status", project=mine)
        r_theirs = runs.request_run(actor=other_pm, kind="weekly_status", project=theirs)
        r_secret = runs.request_run(actor=pmo_user, kind="weekly_status", project=secret)
        r_qcd = runs.request_run(actor=exec_user, kind="qcd")
        schedule = schedules.create_schedule(
            actor=pmo_user, name="weekly", kind="weekly_status", project=theirs, weekday=4, hour=18
        )
    schedules.add_recipient(actor=pmo_user, schedule=schedule, user=stakeholder)
    r_sched = ReportRun.objects.create(kind="weekly_status", project=theirs, as_of=r_mine.as_of, schedule=schedule)
    return {
        "stakeholder": stakeholder,
        "runs": {"mine": r_mine, "theirs": r_theirs, "secret": r_secret, "qcd": r_qcd, "sched": r_sched},
        "projects": {"mine": mine, "theirs": theirs, "secret": secret},
    }


def _visible(user, world) -> set[str]:
    ids = set(runs_for(user).values_list("pk", flat=True))
    return {name for name, run in world["runs"].items() if run.pk in ids}


def test_executives_and_pmo_see_every_run(world, pmo_user, exec_user):
    assert _visible(pmo_user, world) == set(world["runs"])
    assert _visible(exec_user, world) == set(world["runs"])


def test_a_pm_sees_their_projects_runs_only(world, pm_user, other_pm):
    assert _visible(pm_user, world) == {"mine"}
    assert _visible(other_pm, world) == {"theirs", "secret", "sched"}


def test_a_stakeholder_has_no_login_and_sees_no_run_in_the_portal(world, member_user, norole_user):
    # Stakeholders receive their project's PDF by e-mail (tests/reporting/test_schedules.py); in the portal: nothing.
    assert _visible(world["stakeholder"], world) == set()
    assert _visible(member_user, world) == set()
    assert _visible(norole_user, world) == set()


def test_a_pm_may_not_request_another_pms_report(world, pm_user):
    with pytest.raises(NotAllowed):
        runs.request_run(actor=pm_user, kind="weekly_status", project=world["projects"]["theirs"])


def test_a_hidden_project_answers_like_a_missing_one(world, pm_user):
    with pytest.raises(RuleError) as exc:
        runs.request_run(actor=pm_user, kind="weekly_status", project=world["projects"]["secret"])
    assert list(exc.value.errors) == ["project"]


def test_only_executives_and_pmo_request_a_qcd_report(world, pm_user):
    with pytest.raises(NotAllowed):
        runs.request_run(actor=pm_user, kind="qcd")


def test_a_weekly_report_needs_its_project(world, pmo_user):
    with pytest.raises(RuleError) as exc:
        runs.request_run(actor=pmo_user, kind="weekly_status", project=None)
    assert list(exc.value.errors) == ["project"]


def test_a_member_may_not_request_reports(world, member_user):
    with pytest.raises(NotAllowed):
        runs.request_run(actor=member_user, kind="weekly_status", project=world["projects"]["mine"])


def test_a_request_is_queued_after_the_commit(pm_user, django_capture_on_commit_callbacks):
    project = ProjectFactory(pm=pm_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = runs.request_run(actor=pm_user, kind="weekly_status", project=project)
    assert run.state == "queued" and run.requested_by == pm_user
    assert len(callbacks) == 1


def test_only_a_failed_run_can_be_retried(world, pm_user):
    with pytest.raises(InvalidTransition):
        runs.retry(actor=pm_user, run=world["runs"]["mine"])


def test_a_done_run_is_not_claimed_again(world):
    run = world["runs"]["mine"]
    assert pipeline.execute(run.pk, final=True) == "done"
    assert pipeline.execute(run.pk, final=True) == "skipped"
    run.refresh_from_db()
    assert run.attempts == 1


def test_download_is_for_those_who_may_see_the_run(world, client, pm_user, other_pm):
    run = world["runs"]["mine"]
    pipeline.execute(run.pk, final=True)
    url = reverse("reporting:run_download", kwargs={"pk": run.pk})
    client.force_login(other_pm)
    assert client.get(url).status_code == 404
    client.force_login(pm_user)
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and response["X-Content-SHA256"] == storage.sha256(body)


def test_the_reports_page_requests_and_polls(client, pm_user, django_capture_on_commit_callbacks):
    project = ProjectFactory(pm=pm_user, code="PRJ-R-010")
    client.force_login(pm_user)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("reporting:reports"), {"kind": "weekly_status", "project": project.pk, "language": "ja"}
        )
    assert response.status_code == 302
    run = ReportRun.objects.get(project=project)
    page = client.get(reverse("reporting:reports")).content.decode()
    assert f'id="run-{run.pk}"' in page and 'hx-trigger="every 2s"' in page
    row = client.get(reverse("reporting:run_row", kwargs={"pk": run.pk})).content.decode()
    assert 'data-state="queued"' in row


def test_the_reports_page_shows_a_refusal_at_the_field(client, pm_user, other_pm):
    theirs = ProjectFactory(pm=other_pm)
    client.force_login(pm_user)
    response = client.post(
        reverse("reporting:reports"), {"kind": "weekly_status", "project": theirs.pk, "language": "ja"}
    )
    assert response.status_code == 400
    assert not ReportRun.objects.exists()
    assert response.context["form"].non_field_errors()


def test_a_hidden_run_row_is_a_404(world, client, pm_user):
    client.force_login(pm_user)
    run = world["runs"]["secret"]
    assert client.get(reverse("reporting:run_row", kwargs={"pk": run.pk})).status_code == 404
