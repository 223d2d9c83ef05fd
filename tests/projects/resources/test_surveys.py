"""The PM satisfaction survey: who opens, who answers, once, anonymously; results only from 3 answers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core import roles
from core.exceptions import InvalidTransition, NotAllowed, RuleError
from core.models import AuditEntry, Notification
from projects import survey_selectors
from projects.models import SurveyAnswer, SurveyInvitation
from projects.services import surveys as svc
from tests.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def survey(pmo_user, pm_user, other_pm):
    return svc.open_round(actor=pmo_user, title="Q4", closes_on=TODAY + dt.timedelta(days=7))


def test_opening_invites_every_active_pm_and_notifies_them(survey, pm_user, other_pm):
    assert set(SurveyInvitation.objects.values_list("user__username", flat=True)) == {"bob_pm", "carol_pm"}
    n = Notification.objects.get(recipient=pm_user, kind="survey_opened")
    assert n.url == reverse("projects:survey_answer", kwargs={"pk": survey.pk})


def test_only_the_pmo_opens(pm_user):
    with pytest.raises(NotAllowed):
        svc.open_round(actor=pm_user, title="x", closes_on=TODAY)


@pytest.mark.parametrize(
    ("title", "closes_on", "field"),
    [("", TODAY, "title"), ("x", TODAY - dt.timedelta(days=1), "closes_on"), ("x", None, "closes_on")],
)
def test_open_rules(pmo_user, title, closes_on, field):
    with pytest.raises(RuleError) as exc:
        svc.open_round(actor=pmo_user, title=title, closes_on=closes_on)
    assert field in exc.value.fields


def test_one_round_open_at_a_time(survey, pmo_user):
    with pytest.raises(RuleError):
        svc.open_round(actor=pmo_user, title="again", closes_on=TODAY)


def test_answer_once_and_store_no_user(survey, pm_user):
    before = AuditEntry.objects.count()
    svc.answer_round(actor=pm_user, survey=survey, score=4, comment="good")
    answer = SurveyAnswer.objects.get()
    assert {f.name for f in SurveyAnswer._meta.get_fields()} == {"id", "round", "score", "comment"}
    assert answer.score == 4
    assert SurveyInvitation.objects.get(user=pm_user).answered
    assert AuditEntry.objects.count() == before  # an audit entry would name the PM
    with pytest.raises(InvalidTransition):
        svc.answer_round(actor=pm_user, survey=survey, score=5)


@pytest.mark.parametrize("score", [0, 6, "x", None, True])
def test_score_is_1_to_5(survey, pm_user, score):
    with pytest.raises(RuleError) as exc:
        svc.answer_round(actor=pm_user, survey=survey, score=score)
    assert exc.value.fields == ["score"]
    assert not SurveyAnswer.objects.exists()


def test_not_invited_cannot_answer(survey, pmo_user):
    with pytest.raises(NotAllowed):
        svc.answer_round(actor=pmo_user, survey=survey, score=3)


def test_closed_round_takes_no_answer(survey, pmo_user, pm_user):
    svc.close_round(actor=pmo_user, survey=survey, expected_version=1)
    with pytest.raises(InvalidTransition):
        svc.answer_round(actor=pm_user, survey=survey, score=3)
    with pytest.raises(InvalidTransition):
        svc.close_round(actor=pmo_user, survey=survey, expected_version=2)


def test_results_hidden_below_three_answers(pmo_user, pm_user, other_pm):
    third = user_with_role(roles.PM, "dan_pm")
    survey = svc.open_round(actor=pmo_user, title="Q4", closes_on=TODAY)
    svc.answer_round(actor=pm_user, survey=survey, score=2, comment="secret")
    svc.answer_round(actor=other_pm, survey=survey, score=4)
    [r] = survey_selectors.round_results([survey])
    assert (r.invited, r.answered, r.mean, r.comments) == (3, 2, None, [])
    svc.answer_round(actor=third, survey=survey, score=5)
    [r] = survey_selectors.round_results([survey])
    assert r.mean == Decimal("3.67")
    assert r.comments == ["secret"]
    assert dict(r.distribution) == {5: 1, 4: 1, 3: 0, 2: 1, 1: 0}


def test_answer_page_and_home_panel(client, survey, pm_user, pmo_user):
    client.force_login(pm_user)
    panel = client.get(reverse("projects:survey_home_panel"))
    assert b"survey-panel" in panel.content
    url = reverse("projects:survey_answer", kwargs={"pk": survey.pk})
    bad = client.post(url, {"score": "9"})
    assert bad.status_code == 400 and b'aria-describedby="id_score_error"' in bad.content
    assert client.post(url, {"score": "5", "comment": "<script>x</script>"}).status_code == 302
    assert client.get(reverse("projects:survey_home_panel")).content == b""
    client.force_login(pmo_user)
    assert client.get(url).status_code == 404  # not invited: like a missing round
    page = client.get(reverse("projects:surveys"))
    assert page.status_code == 200 and b"<script>x" not in page.content


def test_survey_pages_permissions(client, survey, pm_user, member_user):
    client.force_login(pm_user)
    assert client.get(reverse("projects:surveys")).status_code == 403
    assert client.post(reverse("projects:survey_close", kwargs={"pk": survey.pk})).status_code == 403
    client.force_login(member_user)
    assert client.get(reverse("projects:survey_home_panel")).content == b""
