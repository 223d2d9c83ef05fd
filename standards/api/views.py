"""API viewsets of the standards app. Reads start from ``restrict(user, "view")`` (an invisible object is a 404);
writes go through ``standards.services`` (``RuleError`` → 400 per field, ``NotAllowed`` → 403, ``StaleEdit`` → 409,
by ``core.api.exception_handler``). Refused users get 403 before their input is parsed."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import CONFLICT_RESPONSE
from core.exceptions import InvalidTransition
from core.uploads import serve_upload
from standards import filters, permissions, selectors
from standards.api import serializers as s
from standards.api.base import ReadViewSet, _parse
from standards.api.records import ChecklistRunViewSet, GateReviewViewSet
from standards.models import (
    Blueprint,
    Checklist,
    StandardDocument,
    VersionState,
)
from standards.services import blueprints as bp_services
from standards.services import checklists as cl_services
from standards.services import common
from standards.services import documents as doc_services


class DocumentViewSet(ReadViewSet):
    """Standard documents. The PMO creates, edits the draft, publishes, starts new versions and retires."""

    serializer_class = s.DocumentSerializer
    filterset_class = filters.DocumentFilterSet
    queryset = StandardDocument.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StandardDocument.objects.none()
        return (
            selectors.documents(self.request.user)
            .select_related("current_version__created_by", "current_version__published_by")
            .order_by("code")
        )

    @extend_schema(request=s.DocumentCreateSerializer, responses={201: s.DocumentSerializer})
    def create(self, request):
        self.require_pmo()
        data = _parse(s.DocumentCreateSerializer, request)
        return self.respond(doc_services.create_document(actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=s.DocumentUpdateSerializer, responses={200: s.DocumentSerializer, 409: CONFLICT_RESPONSE})
    def partial_update(self, request, pk=None):
        document = self.get_object()
        self.require_pmo()
        data = dict(_parse(s.DocumentUpdateSerializer, request))
        version = data.pop("version")
        doc_services.update_document(actor=request.user, document=document, expected_version=version, **data)
        return self.respond(document)

    @extend_schema(responses={200: s.DocumentVersionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        document = self.get_object()
        return Response(
            s.DocumentVersionSerializer(selectors.document_versions(request.user, document), many=True).data
        )

    @extend_schema(request=s.DraftSerializer, responses={200: s.DocumentVersionSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["patch"])
    def draft(self, request, pk=None):
        """Edit the draft version (its ``version`` is the draft's own); a published version is never edited."""
        document = self.get_object()
        self.require_pmo()
        data = dict(_parse(s.DraftSerializer, request))
        draft = document.versions.filter(state=VersionState.DRAFT).first()
        if draft is None:
            raise InvalidTransition(str(common.PUBLISHED_IS_FROZEN))
        version = data.pop("version")
        if data.get("file") is None:
            data.pop("file", None)
        doc_services.update_draft(actor=request.user, version=draft, expected_version=version, **data)
        draft.refresh_from_db()
        return Response(s.DocumentVersionSerializer(draft).data)

    @extend_schema(request=s.VersionOnlySerializer, responses={200: s.DocumentSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        document = self.get_object()
        self.require_pmo()
        data = _parse(s.VersionOnlySerializer, request)
        doc_services.publish(actor=request.user, document=document, expected_version=data["version"])
        return self.respond(document)

    @extend_schema(request=s.NewVersionSerializer, responses={201: s.DocumentVersionSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        document = self.get_object()
        self.require_pmo()
        data = _parse(s.NewVersionSerializer, request)
        draft = doc_services.new_version(actor=request.user, document=document, change_note=data["change_note"])
        return Response(s.DocumentVersionSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StateChangeSerializer, responses={200: s.DocumentSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        document = self.get_object()
        self.require_pmo()
        data = _parse(s.StateChangeSerializer, request)
        doc_services.retire(actor=request.user, document=document, expected_version=data["version"],
                            reason=data["note"])  # fmt: skip
        return self.respond(document)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)/file")
    def file(self, request, pk=None, number=None):
        """The attached file of one version (attachment, ``nosniff``)."""
        document = self.get_object()
        version = selectors.document_versions(request.user, document).filter(number=number).first()
        if version is None or not version.file_name:
            raise Http404
        return serve_upload(version.file_name, download_name=version.file_original_name,
                            content_type=version.file_content_type)  # fmt: skip


class ChecklistViewSet(ReadViewSet):
    """Checklists with their current version's items; the PMO builds, versions and retires them."""

    serializer_class = s.ChecklistSerializer
    filterset_class = filters.ChecklistFilterSet
    queryset = Checklist.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Checklist.objects.none()
        return (
            Checklist.objects.restrict(self.request.user, "view")
            .select_related("owner", "category", "current_version")
            .prefetch_related("current_version__items")
            .order_by("code")
        )

    @extend_schema(request=s.ChecklistCreateSerializer, responses={201: s.ChecklistSerializer})
    def create(self, request):
        self.require_pmo()
        data = _parse(s.ChecklistCreateSerializer, request)
        return self.respond(cl_services.create_checklist(actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=s.ChecklistUpdateSerializer, responses={200: s.ChecklistSerializer, 409: CONFLICT_RESPONSE})
    def partial_update(self, request, pk=None):
        checklist = self.get_object()
        self.require_pmo()
        data = dict(_parse(s.ChecklistUpdateSerializer, request))
        version = data.pop("version")
        cl_services.update_checklist(actor=request.user, checklist=checklist, expected_version=version, **data)
        return self.respond(checklist)

    @extend_schema(responses={200: s.ChecklistVersionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        checklist = self.get_object()
        versions = selectors.checklist_versions(request.user, checklist).prefetch_related("items")
        return Response(s.ChecklistVersionSerializer(versions, many=True).data)

    @extend_schema(request=s.ItemCreateSerializer, responses={201: s.ChecklistItemSerializer})
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        """Add an item to the draft (a draft copying the current version is created when there is none)."""
        checklist = self.get_object()
        self.require_pmo()
        data = _parse(s.ItemCreateSerializer, request)
        item = cl_services.add_item_to_draft(actor=request.user, checklist=checklist, **data)
        return Response(s.ChecklistItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReorderSerializer, responses={200: s.ChecklistVersionSerializer})
    @action(detail=True, methods=["post"])
    def reorder(self, request, pk=None):
        checklist = self.get_object()
        self.require_pmo()
        data = _parse(s.ReorderSerializer, request)
        draft = checklist.versions.filter(state=VersionState.DRAFT).first()
        if draft is None:
            raise InvalidTransition(str(common.PUBLISHED_IS_FROZEN), field="items")
        cl_services.reorder_items(actor=request.user, version=draft, item_ids=data["items"])
        return Response(s.ChecklistVersionSerializer(draft).data)

    @extend_schema(request=s.VersionOnlySerializer, responses={200: s.ChecklistSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        checklist = self.get_object()
        self.require_pmo()
        data = _parse(s.VersionOnlySerializer, request)
        cl_services.publish(actor=request.user, checklist=checklist, expected_version=data["version"])
        return self.respond(checklist)

    @extend_schema(request=s.NewVersionSerializer, responses={201: s.ChecklistVersionSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        checklist = self.get_object()
        self.require_pmo()
        data = _parse(s.NewVersionSerializer, request)
        draft = cl_services.new_version(actor=request.user, checklist=checklist, change_note=data["change_note"])
        return Response(s.ChecklistVersionSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StateChangeSerializer, responses={200: s.ChecklistSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        checklist = self.get_object()
        self.require_pmo()
        data = _parse(s.StateChangeSerializer, request)
        cl_services.retire(actor=request.user, checklist=checklist, expected_version=data["version"],
                           reason=data["note"])  # fmt: skip
        return self.respond(checklist)


class BlueprintViewSet(ReadViewSet):
    """Blueprints with their lines. ``instantiate`` creates a project from a published one."""

    serializer_class = s.BlueprintSerializer
    filterset_class = filters.BlueprintFilterSet
    queryset = Blueprint.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Blueprint.objects.none()
        return (
            Blueprint.objects.restrict(self.request.user, "view")
            .select_related("owner")
            .prefetch_related("milestones", "checklists__checklist", "risks", "documents__document")
            .order_by("code")
        )

    @extend_schema(request=s.BlueprintCreateSerializer, responses={201: s.BlueprintSerializer})
    def create(self, request):
        self.require_pmo()
        data = _parse(s.BlueprintCreateSerializer, request)
        return self.respond(bp_services.create_blueprint(actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=s.BlueprintUpdateSerializer, responses={200: s.BlueprintSerializer, 409: CONFLICT_RESPONSE})
    def partial_update(self, request, pk=None):
        blueprint = self.get_object()
        self.require_pmo()
        data = dict(_parse(s.BlueprintUpdateSerializer, request))
        version = data.pop("version")
        bp_services.update_blueprint(actor=request.user, blueprint=blueprint, expected_version=version, **data)
        return self.respond(blueprint)

    @extend_schema(request=s.BlueprintLineSerializer, responses={201: s.BlueprintSerializer})
    @action(detail=True, methods=["post"])
    def lines(self, request, pk=None):
        blueprint = self.get_object()
        self.require_pmo()
        data = dict(_parse(s.BlueprintLineSerializer, request, user=request.user))
        adders = {"milestone": bp_services.add_milestone, "checklist": bp_services.add_checklist,
                  "risk": bp_services.add_risk, "document": bp_services.add_document}  # fmt: skip
        adders[data.pop("kind")](actor=request.user, blueprint=blueprint, **data)
        return self.respond(blueprint, status.HTTP_201_CREATED)

    @extend_schema(request=s.VersionOnlySerializer, responses={200: s.BlueprintSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        blueprint = self.get_object()
        self.require_pmo()
        data = _parse(s.VersionOnlySerializer, request)
        bp_services.publish_blueprint(actor=request.user, blueprint=blueprint, expected_version=data["version"])
        return self.respond(blueprint)

    @extend_schema(request=s.StateChangeSerializer, responses={200: s.BlueprintSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        blueprint = self.get_object()
        self.require_pmo()
        data = _parse(s.StateChangeSerializer, request)
        bp_services.retire_blueprint(actor=request.user, blueprint=blueprint, expected_version=data["version"],
                                     reason=data["note"])  # fmt: skip
        return self.respond(blueprint)

    @extend_schema(request=s.InstantiateSerializer, responses={201: s.InstantiatedSerializer})
    @action(detail=True, methods=["post"])
    def instantiate(self, request, pk=None):
        """Create a project from this (published) blueprint, everything in one transaction."""
        blueprint = self.get_object()
        if not permissions.can_instantiate(request.user, blueprint) and blueprint.status == "published":
            raise PermissionDenied()
        data = _parse(s.InstantiateSerializer, request, user=request.user)
        project = bp_services.instantiate_blueprint(actor=request.user, blueprint=blueprint, **data)
        return Response(s.InstantiatedSerializer(project).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("standards/documents", DocumentViewSet, "standard-document"),
    ("standards/checklists", ChecklistViewSet, "standard-checklist"),
    ("standards/blueprints", BlueprintViewSet, "standard-blueprint"),
    ("checklist-runs", ChecklistRunViewSet, "checklist-run"),
    ("gate-reviews", GateReviewViewSet, "gate-review"),
]
