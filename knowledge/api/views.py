"""``/api/v1/knowledge/lessons/``: list (``?search=`` and the filters of ``LessonFilterSet``), read, write, and the
workflow actions. Same permissions as the pages: reads start from ``selectors.lessons(user)`` (a hidden lesson is a
404, like a missing one); every write is a ``knowledge.services`` call, whose ``RuleError`` / ``NotAllowed`` /
``StaleEdit`` the shared exception handler turns into 400 per field / 403 / 409.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import CONFLICT_RESPONSE
from core.exceptions import RuleError
from knowledge import permissions, selectors, services
from knowledge.api import serializers as s
from knowledge.filters import LessonFilterSet
from knowledge.models import Lesson
from knowledge.services.promotion import promotable_checklists
from projects.api.permissions import HasPortalRole


class LessonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Lessons learned, success patterns, failure cases and tips. Without ``state``, the list holds published
    lessons, best match first when ``search`` is given. Lessons are never deleted: retire or merge them."""

    queryset = Lesson.objects.all()
    serializer_class = s.LessonSerializer
    permission_classes = [HasPortalRole]
    filter_backends = [DjangoFilterBackend]
    filterset_class = LessonFilterSet

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Lesson.objects.none()
        return selectors.lessons(self.request.user)

    def filter_queryset(self, queryset):
        """The filters (and their "published unless asked" default) shape lists; one lesson is found by id alone."""
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def fresh(self, lesson: Lesson) -> Lesson:
        return selectors.lessons(self.request.user).get(pk=lesson.pk)

    def respond(self, lesson: Lesson, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.fresh(lesson)).data, status=code)

    def create(self, request, *args, **kwargs):
        if not permissions.may_write_lessons(request.user):
            raise PermissionDenied(gettext("You may not do this with this lesson."))
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {"title": "", **body.service_data()}  # a missing title gets the service's "required" at its field
        lesson = services.create_lesson(actor=request.user, publish=body.validated_data.get("publish", False), **data)
        return self.respond(lesson, status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.LessonSerializer, 409: CONFLICT_RESPONSE})
    def update(self, request, *args, **kwargs):
        lesson = self.get_object()
        if not permissions.can_edit_lesson(request.user, lesson):
            raise PermissionDenied(gettext("You may not do this with this lesson."))
        body = self.get_serializer(lesson, data=request.data, partial=kwargs.get("partial", False))
        body.is_valid(raise_exception=True)
        services.update_lesson(
            actor=request.user,
            lesson=lesson,
            expected_version=body.validated_data.get("version"),
            **body.service_data(),
        )
        return self.respond(lesson)

    @extend_schema(request=s.PublishSerializer, responses={200: s.LessonSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        lesson = self.get_object()
        if not permissions.can_publish_lesson(request.user, lesson):
            raise PermissionDenied(gettext("You may not do this with this lesson."))
        body = s.PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        extra = {"anonymised": body.validated_data["anonymised"]} if "anonymised" in body.validated_data else {}
        services.publish_lesson(
            actor=request.user, lesson=lesson, expected_version=body.validated_data["version"], **extra
        )
        return self.respond(lesson)

    @extend_schema(request=s.RetireSerializer, responses={200: s.LessonSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        lesson = self.get_object()
        if not permissions.can_retire_lesson(request.user, lesson):
            raise PermissionDenied(gettext("You may not do this with this lesson."))
        body = s.RetireSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.retire_lesson(
            actor=request.user,
            lesson=lesson,
            expected_version=body.validated_data["version"],
            reason=body.validated_data["reason"],
        )
        return self.respond(lesson)

    @extend_schema(request=s.MergeSerializer, responses={200: s.LessonSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge this lesson (a duplicate) into ``into``; answers the lesson that stays."""
        lesson = self.get_object()
        if not permissions.can_merge_lesson(request.user, lesson):
            raise PermissionDenied(gettext("You may not do this with this lesson."))
        body = s.MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        into = selectors.lessons(request.user).filter(pk=body.validated_data["into"]).first()
        if into is None:
            raise RuleError(gettext("There is no such lesson."), field="into")
        services.merge_lesson(
            actor=request.user,
            lesson=lesson,
            into=into,
            expected_version=body.validated_data["version"],
            reason=body.validated_data["reason"],
        )
        return self.respond(into)

    @extend_schema(request=s.VoteSerializer, responses={200: s.LessonSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        """ "Was this helpful?": one vote per person, changeable."""
        lesson = self.get_object()
        body = s.VoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.vote(actor=request.user, lesson=lesson, helpful=body.validated_data["helpful"])
        return self.respond(lesson)

    @extend_schema(request=s.PromoteSerializer, responses={201: s.RolloutSerializer})
    @action(detail=True, methods=["post"])
    def promote(self, request, pk=None):
        """The PMO rolls the lesson out into a checklist (an item of its draft version, linked back)."""
        lesson = self.get_object()
        if not permissions.can_curate(request.user):
            raise PermissionDenied(gettext("You may not do this with this lesson."))
        body = s.PromoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ref = body.validated_data["checklist"].strip()
        checklists = promotable_checklists(request.user)
        checklist = checklists.filter(code=ref).first() or (
            checklists.filter(pk=int(ref)).first() if ref.isdigit() else None
        )
        if checklist is None:
            raise RuleError(gettext("There is no such checklist."), field="checklist")
        rollout = services.promote_lesson(
            actor=request.user,
            lesson=lesson,
            checklist=checklist,
            text=body.validated_data["text"],
            guidance=body.validated_data["guidance"],
            required=body.validated_data["required"],
        )
        return Response(s.RolloutSerializer(rollout).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.RolloutsSerializer})
    @action(detail=True, methods=["get"])
    def rollouts(self, request, pk=None):
        """Where the lesson was rolled out, and (``reuse``) how many projects have run a checklist holding it."""
        lesson = self.get_object()
        body = {"rollouts": selectors.rollouts(lesson), "reuse": selectors.projects_reusing(lesson)}
        return Response(s.RolloutsSerializer(body).data)


ROUTES = [("knowledge/lessons", LessonViewSet, "knowledge-lesson")]
