"""The PM satisfaction survey: the PMO opens a round (every active PM is invited, by e-mail and on their home page),
each PM answers once, the PMO closes the round. See ``projects.models.surveys`` for how answers stay anonymous.

An answer is deliberately *not* written to the audit log: an entry names its actor and its time, which is exactly
what the survey promises not to keep. The invitation's ``answered`` flag is the only trace, without a time.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, roles
from core.exceptions import InvalidTransition, NotAllowed, Rules
from core.locking import check_version, lock
from projects import permissions
from projects.models import SurveyAnswer, SurveyInvitation, SurveyRound, SurveyState

MAX_COMMENT = 2000


def survey_recipients() -> list:
    """Active users with the PM role: who is asked."""
    User = get_user_model()
    return list(User.objects.filter(is_active=True, groups__name=roles.PM).distinct().order_by("username"))


@transaction.atomic
def open_round(
    *, actor, title: str, closes_on: dt.date | None, question: str = "", today: dt.date | None = None
) -> SurveyRound:
    """Open a round and invite every active PM. One round is open at a time."""
    if not permissions.can_run_surveys(actor):
        raise NotAllowed(_("Only the PMO can run the satisfaction survey."))
    today = today or timezone.localdate()
    title, question = (title or "").strip(), (question or "").strip()
    rules = Rules()
    rules.check(bool(title), "title", _("Give the round a title."))
    rules.check(len(title) <= 200, "title", _("Use at most 200 characters."))
    rules.check(len(question) <= 300, "question", _("Use at most 300 characters."))
    if closes_on is None:
        rules.add("closes_on", _("Give the day the round closes."))
    elif closes_on < today:
        rules.add("closes_on", _("The round cannot close before today."))
    elif closes_on > today + dt.timedelta(days=90):
        rules.add("closes_on", _("A round stays open at most 90 days."))
    if SurveyRound.objects.select_for_update().filter(state=SurveyState.OPEN).exists():
        rules.add(None, _("A round is already open: close it before opening another."))
    rules.raise_if_any()
    survey = SurveyRound.objects.create(
        title=title,
        question=question or str(_("How satisfied are you with the PMO's support?")),
        opened_on=today,
        closes_on=closes_on,
        opened_by=actor,
    )
    pms = survey_recipients()
    SurveyInvitation.objects.bulk_create([SurveyInvitation(round=survey, user=u) for u in pms])
    audit.record(
        actor=actor,
        action="open",
        obj=survey,
        changes={"closes_on": [None, closes_on.isoformat()], "invited": [None, len(pms)]},
    )
    from projects import notifications

    notifications.survey_opened(survey, pms)
    return survey


@transaction.atomic
def close_round(*, actor, survey: SurveyRound, expected_version: int | None) -> SurveyRound:
    if not permissions.can_run_surveys(actor):
        raise NotAllowed(_("Only the PMO can run the satisfaction survey."))
    current = lock(survey)
    check_version(current, expected_version)
    if current.state != SurveyState.OPEN:
        raise InvalidTransition(_("This round is already closed."))
    current.state = SurveyState.CLOSED
    current.closed_at = timezone.now()
    current.version += 1
    current.save()
    audit.record(actor=actor, action="close", obj=current, changes={"state": [SurveyState.OPEN, SurveyState.CLOSED]})
    return current


def is_accepting(survey: SurveyRound, today: dt.date | None = None) -> bool:
    return survey.state == SurveyState.OPEN and (today or timezone.localdate()) <= survey.closes_on


@transaction.atomic
def answer_round(*, actor, survey: SurveyRound, score, comment: str = "", today: dt.date | None = None) -> None:
    """Record ``actor``'s anonymous answer (once per round). Nothing returned names the answer. ``today`` (default:
    the real day) is for building past rounds in the demo."""
    invitation = SurveyInvitation.objects.select_for_update().filter(round=survey, user=actor).first()
    if invitation is None or not permissions.can_answer_surveys(actor):
        raise NotAllowed(_("You are not invited to this survey round."))
    current = lock(survey)
    if not is_accepting(current, today):
        raise InvalidTransition(_("This round is closed: answers are no longer accepted."))
    if invitation.answered:
        raise InvalidTransition(_("You have already answered this round. Thank you!"))
    rules = Rules()
    if isinstance(score, bool) or str(score).strip() not in {"1", "2", "3", "4", "5"}:
        rules.add("score", _("Choose a score from 1 to 5."))
    comment = (comment or "").strip()
    rules.check(len(comment) <= MAX_COMMENT, "comment", _("Use at most %(n)s characters.") % {"n": MAX_COMMENT})
    rules.raise_if_any()
    SurveyAnswer.objects.create(round=current, score=int(str(score).strip()), comment=comment)
    invitation.answered = True
    invitation.save(update_fields=["answered"])
