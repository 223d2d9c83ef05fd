"""Notifications: once per event, e-mailed once in the recipient's language, switchable per kind."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from core import notifications
from core.models import Notification, NotificationSetting, UserPreference
from core.tasks import send_notification_email
from projects import notifications as project_notifications
from projects import services
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def project(pm_user):
    return ProjectFactory(code="PRJ-N", pm=pm_user)


def test_one_event_notifies_each_user_once_and_emails_once(pmo_user, project, django_capture_on_commit_callbacks):
    pmo_user.email = "pmo@example.com"
    pmo_user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks() as callbacks:
        first = notifications.notify(
            kind=project_notifications.REPORT_MISSING,
            recipients=[pmo_user],
            event_key="e1",
            params={"code": "X", "week": "W"},
        )
        again = notifications.notify(
            kind=project_notifications.REPORT_MISSING,
            recipients=[pmo_user],
            event_key="e1",
            params={"code": "X", "week": "W"},
        )
    assert len(first) == 1 and again == [] and Notification.objects.count() == 1
    assert len(callbacks) == 1  # one e-mail queued
    send_notification_email.apply(args=[first[0].pk])
    send_notification_email.apply(args=[first[0].pk])  # a retried or duplicated task
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pmo@example.com"]


def test_email_in_the_recipients_language(pm_user):
    pm_user.email = "pm@example.com"
    pm_user.save(update_fields=["email"])
    UserPreference.objects.create(user=pm_user, language="en")
    (n,) = notifications.notify(
        kind=project_notifications.REPORT_RETURNED,
        recipients=[pm_user],
        event_key="r1",
        params={"code": "PRJ-N", "week": "2026-W48", "comment": "数値を確認"},
    )
    send_notification_email.apply(args=[n.pk])
    assert "PRJ-N: the report for 2026-W48 was returned: 数値を確認" in mail.outbox[0].body
    assert notifications.render(n, "en").startswith("PRJ-N: the report")


def test_each_kind_can_be_switched_off(pm_user, django_capture_on_commit_callbacks):
    pm_user.email = "pm@example.com"
    pm_user.save(update_fields=["email"])
    notifications.set_choices(user=pm_user, choices={project_notifications.REPORT_MISSING: (True, False)})
    with django_capture_on_commit_callbacks() as callbacks:
        notifications.notify(kind=project_notifications.REPORT_MISSING, recipients=[pm_user], event_key="m1", params={})
    assert len(callbacks) == 0 and Notification.objects.filter(recipient=pm_user).count() == 1
    notifications.set_choices(user=pm_user, choices={project_notifications.REPORT_MISSING: (False, False)})
    assert notifications.notify(kind=project_notifications.REPORT_MISSING, recipients=[pm_user], event_key="m2") == []
    assert NotificationSetting.objects.get(user=pm_user).by_email is False


def test_missing_report_reminder_once_per_project_and_week(project, pm_user):
    before = dt.datetime(2026, 11, 27, 16, 0, tzinfo=TOKYO)
    after = dt.datetime(2026, 11, 27, 18, 0, tzinfo=TOKYO)
    assert project_notifications.remind_missing_reports(now=before) == 0
    assert project_notifications.remind_missing_reports(now=after) == 1
    assert project_notifications.remind_missing_reports(now=after) == 0  # the job runs hourly: still one
    n = Notification.objects.get(recipient=pm_user)
    assert n.kind == project_notifications.REPORT_MISSING and n.params["week"] == "2026-W48"


def test_an_escalated_issue_notifies_the_pmo(project, pm_user, pmo_user, exec_user):
    issue = services.create_issue(actor=pm_user, project=project, title="Vendor down", escalation_level="pmo")
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [pmo_user.username]
    services.update_issue(actor=pm_user, issue=issue, expected_version=issue.version, escalation_level="executive")
    assert Notification.objects.filter(recipient=exec_user, kind=project_notifications.ISSUE_ESCALATED).count() == 1


def test_bell_list_and_settings_pages(client, pm_user):
    notifications.notify(
        kind=project_notifications.REPORT_MISSING,
        recipients=[pm_user],
        event_key="p1",
        params={"code": "X", "week": "W"},
    )
    client.force_login(pm_user)
    home = client.get(reverse("profile")).content.decode()
    assert 'data-testid="notifications"' in home and "text-bg-danger" in home
    page = client.get(reverse("notifications"))
    assert page.status_code == 200 and len(page.context["items"]) == 1
    client.post(reverse("notifications"))
    assert notifications.unread_count(pm_user) == 0
    response = client.post(reverse("notification_settings"), {"portal-report_missing": "on", "language": "en"})
    assert response.status_code == 302
    assert NotificationSetting.objects.get(user=pm_user, kind="report_missing").by_email is False
    assert UserPreference.objects.get(user=pm_user).language == "en"
