"""The PM satisfaction survey (SPEC.md "PMO KPIs"): the PMO opens a round, each PM answers once (1–5 and a
comment).

Anonymity is a property of the schema, not a promise of the pages:

* ``SurveyAnswer`` has no user, no timestamp and a random primary key, so neither its columns nor its order tie it
  to a person or to the moment an invitation was marked answered;
* ``SurveyInvitation`` records only *that* a PM answered (a boolean, no time), so they are not asked again;
* answers are shown only in aggregate, and not at all below ``MIN_ANSWERS_SHOWN`` answers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: Below this many answers a round shows nothing of its answers (three people cannot be told apart by an average).
MIN_ANSWERS_SHOWN = 3


class SurveyState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyRound(models.Model):
    """One round of the survey, opened by the PMO for every active PM."""

    title = models.CharField(_("title"), max_length=200)
    question = models.CharField(_("question"), max_length=300)
    state = models.CharField(_("state"), max_length=8, choices=SurveyState.choices, default=SurveyState.OPEN)
    opened_on = models.DateField(_("opened on"))
    closes_on = models.DateField(_("closes on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("satisfaction survey round")
        verbose_name_plural = _("satisfaction survey rounds")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opened_on")), name="survey_closes_after_open")
        ]

    def __str__(self) -> str:
        return self.title


class SurveyInvitation(models.Model):
    """A PM asked to answer a round. ``answered`` says only whether they did (never what, never when)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations")
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="survey_invitation_once")]

    def __str__(self) -> str:
        return f"{self.round_id} → {self.user_id}"


class SurveyAnswer(models.Model):
    """One anonymous answer: a score of 1–5 and an optional comment, with nothing that names who gave it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["id"]  # random: the order says nothing about who answered when
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="survey_score_range")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.score}"
