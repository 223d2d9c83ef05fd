"""Reads of the PM satisfaction survey: aggregates only. A round with fewer than ``MIN_ANSWERS_SHOWN`` answers shows
nothing of its answers (not even their number to people who could watch it change), only how many PMs were asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q

from projects.models import SurveyAnswer, SurveyInvitation, SurveyRound, SurveyState
from projects.models.surveys import MIN_ANSWERS_SHOWN


@dataclass
class RoundResult:
    survey: SurveyRound
    invited: int = 0
    answered: int = 0
    mean: Decimal | None = None
    distribution: list[tuple[int, int]] = field(default_factory=list)  # (score, count), 5 → 1
    comments: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.mean is not None

    @property
    def too_few(self) -> bool:
        return not self.shown


def round_results(rounds: list[SurveyRound]) -> list[RoundResult]:
    """Results of ``rounds`` in three queries however many rounds and answers."""
    ids = [r.pk for r in rounds]
    invited = {
        row["round"]: row
        for row in SurveyInvitation.objects.filter(round__in=ids)
        .values("round")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(answered=True)))
    }
    counts = {f"s{n}": Count("id", filter=Q(score=n)) for n in range(1, 6)}
    answers = {
        row["round"]: row
        for row in SurveyAnswer.objects.filter(round__in=ids)
        .values("round")
        .annotate(n=Count("id"), mean=Avg("score"), **counts)
    }
    shown = [pk for pk, row in answers.items() if row["n"] >= MIN_ANSWERS_SHOWN]
    comments: dict[int, list[str]] = {}
    for round_id, text in (
        SurveyAnswer.objects.filter(round__in=shown).exclude(comment="").order_by("id").values_list("round", "comment")
    ):
        comments.setdefault(round_id, []).append(text)
    out = []
    for survey in rounds:
        inv = invited.get(survey.pk, {})
        result = RoundResult(survey, invited=inv.get("invited", 0), answered=inv.get("answered", 0))
        row = answers.get(survey.pk)
        if row and row["n"] >= MIN_ANSWERS_SHOWN:
            result.mean = Decimal(str(row["mean"])).quantize(Decimal("0.01"))
            result.distribution = [(n, row[f"s{n}"]) for n in range(5, 0, -1)]
            result.comments = comments.get(survey.pk, [])
        out.append(result)
    return out


def pending_invitation(user) -> SurveyInvitation | None:
    """The open round ``user`` has not answered yet (for their home page)."""
    from django.utils import timezone

    return (
        SurveyInvitation.objects.filter(
            user=user, answered=False, round__state=SurveyState.OPEN, round__closes_on__gte=timezone.localdate()
        )
        .select_related("round")
        .order_by("-round__opened_on")
        .first()
    )
