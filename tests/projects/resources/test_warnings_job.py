"""The daily early-warning job: each rule raises its warning once, a warning that stays true is kept (not raised
again), one that no longer holds is resolved, and each recipient gets one digest a day however often it runs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Notification
from core.tasks import send_notification_email
from projects.models import EarlyWarning, WarningKind
from projects.services.warnings import raise_warnings
from tests.factories import IssueFactory, MilestoneFactory, RiskFactory
from tests.projects.resources.conftest import book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def portfolio(project, other_project, person, pmo_user):
    project.spi, project.cpi = Decimal("0.80"), Decimal("0.85")  # SPI red; CPI exactly at the threshold
    project.save()
    MilestoneFactory(
        project=project,
        name="Gate 2",
        is_phase_gate=True,
        baseline_date=dt.date(2026, 11, 16),
        forecast_date=dt.date(2026, 11, 20),
    )
    MilestoneFactory(
        project=project, name="not a gate", baseline_date=dt.date(2026, 11, 2), forecast_date=dt.date(2026, 12, 20)
    )
    # Today is Wed 2026-11-25; N = 5 working days. Due Tue 11-17: 18,19,20,24,25 = 5 (Mon 23 a holiday): not yet.
    IssueFactory(project=project, title="at the limit", due_date=dt.date(2026, 11, 17))
    IssueFactory(project=project, title="one more", due_date=dt.date(2026, 11, 16))
    IssueFactory(project=project, title="closed", due_date=dt.date(2026, 10, 1), status="closed")
    RiskFactory(project=other_project, title="high", probability=5, impact=3, next_review_date=dt.date(2026, 11, 24))
    RiskFactory(
        project=other_project, title="due today", probability=5, impact=5, next_review_date=dt.date(2026, 11, 25)
    )
    RiskFactory(project=other_project, title="medium", probability=2, impact=3, next_review_date=dt.date(2026, 1, 1))
    book(person, project, percent=60)
    book(person, other_project, percent=41)  # 101 %
    book(person, other_project, month=dt.date(2026, 12, 1), percent=100)  # exactly 100 %: fine
    return project


def test_each_rule_raises_its_warning_at_its_edge(portfolio):
    counts = raise_warnings()
    kinds = sorted(EarlyWarning.objects.values_list("kind", "key"))
    titles = {w.params.get("title") or w.params.get("name") for w in EarlyWarning.objects.all()}
    assert (WarningKind.SPI_RED, f"project:{portfolio.pk}") in kinds
    assert not EarlyWarning.objects.filter(kind=WarningKind.CPI_RED).exists()
    assert EarlyWarning.objects.filter(kind=WarningKind.GATE_SLIP).count() == 1
    assert {"Gate 2", "one more", "high"} <= titles
    assert not {"at the limit", "closed", "due today", "medium", "not a gate"} & titles
    over = EarlyWarning.objects.get(kind=WarningKind.OVER_ALLOCATION)
    assert over.key.endswith(":2026-11") and over.params["percent"] == 101 and over.project is None
    assert counts["raised"] == 5


def test_a_warning_that_stays_true_is_kept_and_one_that_ends_is_resolved(portfolio):
    raise_warnings()
    first = EarlyWarning.objects.get(kind=WarningKind.SPI_RED)
    again = raise_warnings()
    assert again["raised"] == 0 and again["kept"] == 5
    assert EarlyWarning.objects.get(kind=WarningKind.SPI_RED).pk == first.pk
    portfolio.spi = Decimal("0.90")
    portfolio.save()
    third = raise_warnings()
    assert third["resolved"] == 1
    assert EarlyWarning.objects.get(pk=first.pk).resolved_at is not None
    assert not EarlyWarning.objects.open().filter(kind=WarningKind.SPI_RED).exists()


def _send_pending():
    for pk in Notification.objects.filter(kind="warning_digest", emailed_at__isnull=True).values_list("pk", flat=True):
        send_notification_email.apply(args=[pk])


def test_one_digest_per_recipient_and_day_and_no_duplicate_email_across_two_runs(
    portfolio, pm_user, other_pm, pmo_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as first:
        raise_warnings()
    _send_pending()
    digests = Notification.objects.filter(kind="warning_digest")
    assert sorted(digests.values_list("recipient__username", flat=True)) == ["alice_pmo", "bob_pm", "carol_pm"]
    assert len(first) == 3 and len(mail.outbox) == 3
    bob = digests.get(recipient=pm_user)
    assert bob.params["subjects"] == portfolio.code and bob.url == reverse("projects:warnings")
    with django_capture_on_commit_callbacks(execute=False) as second:
        raise_warnings()
    _send_pending()
    assert len(second) == 0 and len(mail.outbox) == 3
    assert Notification.objects.filter(kind="warning_digest").count() == 3


def test_warnings_show_on_the_project_panel_home_panel_and_list(client, portfolio, pm_user, pmo_user, member_user):
    raise_warnings()
    client.force_login(pm_user)
    panel = client.get(reverse("projects:warnings_panel", kwargs={"code": portfolio.code}))
    assert b"project-warnings" in panel.content
    home = client.get(reverse("projects:warnings_home_panel"))
    assert b"home-warnings" in home.content and b"PRJ-RES-002" not in home.content  # not their project
    client.force_login(pmo_user)
    listing = client.get(reverse("projects:warnings"))
    assert listing.status_code == 200 and "山田 一郎".encode() in listing.content
    client.force_login(member_user)
    assert client.get(reverse("projects:warnings_home_panel")).content == b""


def test_the_beat_schedule_runs_the_job_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["raise-early-warnings-daily"]
    assert entry["task"] == "projects.tasks.raise_early_warnings"


def test_the_task_calls_the_job(portfolio):
    from projects.tasks import raise_early_warnings

    assert raise_early_warnings.apply().get()["raised"] == 5
