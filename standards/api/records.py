"""API viewsets of a project's standards records: checklist runs (answered and completed by the project's managers)
and gate reviews (decided by the approvers). Reads are restricted to the projects the user sees (404 otherwise)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from core.api import CONFLICT_RESPONSE
from standards import filters, permissions, selectors
from standards.api import serializers as s
from standards.api.base import ReadViewSet, _parse
from standards.models import ChecklistItem, ChecklistRun, GateReview
from standards.services import gates as gate_services
from standards.services import runs as run_services


class ChecklistRunViewSet(ReadViewSet):
    """Checklist runs of the projects the user sees; the project's managers start, answer and complete them."""

    serializer_class = s.RunSerializer
    filterset_class = filters.RunFilterSet
    queryset = ChecklistRun.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChecklistRun.objects.none()
        return (
            selectors.runs(self.request.user)
            .prefetch_related("answers__answered_by")
            .order_by("project__code", "due_date", "id")
        )

    def _require_answer(self, run) -> None:
        if not permissions.can_answer_run(self.request.user, run):
            raise PermissionDenied()

    @extend_schema(request=s.AnswerInputSerializer, responses={200: s.RunSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        run = self.get_object()
        self._require_answer(run)
        data = _parse(s.AnswerInputSerializer, request)
        item = ChecklistItem.objects.filter(pk=data.pop("item")).first() or ChecklistItem(pk=0)
        run_services.answer_item(actor=request.user, run=run, item=item, **data)
        return self.respond(run)

    @extend_schema(request=s.VersionOnlySerializer, responses={200: s.RunSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        run = self.get_object()
        self._require_answer(run)
        data = _parse(s.VersionOnlySerializer, request)
        run_services.complete_run(actor=request.user, run=run, expected_version=data["version"])
        return self.respond(run)


class GateReviewViewSet(ReadViewSet):
    """Gate reviews; approvers decide (``decide``), the project's managers ask again after a rejection."""

    serializer_class = s.GateReviewSerializer
    filterset_class = filters.GateReviewFilterSet
    queryset = GateReview.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GateReview.objects.none()
        return selectors.gate_reviews(self.request.user).order_by("project__code", "milestone__baseline_date", "id")

    @extend_schema(request=s.GateDecisionSerializer, responses={200: s.GateReviewSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        review = self.get_object()
        if not permissions.can_decide_gate(request.user, review):
            raise PermissionDenied()
        data = _parse(s.GateDecisionSerializer, request)
        gate_services.decide_gate(actor=request.user, review=review, expected_version=data.pop("version"), **data)
        return self.respond(review)

    @extend_schema(request=s.VersionOnlySerializer, responses={200: s.GateReviewSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        review = self.get_object()
        if not permissions.can_reopen_gate(request.user, review):
            raise PermissionDenied()
        data = _parse(s.VersionOnlySerializer, request)
        gate_services.reopen_gate(actor=request.user, review=review, expected_version=data["version"])
        return self.respond(review)
