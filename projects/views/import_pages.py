"""Import pages: upload an .xlsx/.csv of projects or milestones, preview every row with its errors, confirm.

The preview runs every row through the services without writing (``projects.services.imports.preview``) and keeps
the file's rows (strings only, see ``projects.imports.Sheet``) as an ``ImportPreview`` of the user under a random
token; the confirmation names that token, and the rows are checked again as they are written, all or nothing, once:
a double click or a second tab finds the preview imported and says so. Nothing the browser sends back is trusted
beyond the token.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from core.mixins import RoleRequiredMixin
from projects import imports, permissions
from projects.forms.import_forms import ImportConfirmForm, ImportUploadForm
from projects.services import imports as import_services

UPLOAD_TEMPLATE = "projects/import/upload.html"
PREVIEW_TEMPLATE = "projects/import/preview.html"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportAccessMixin(RoleRequiredMixin):
    """PMO or PM (``permissions.can_import``); anyone else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _preview_context(validation: imports.Validation, *, token: str = "", file_errors=()) -> dict:
    sheet = validation.sheet
    columns = sheet.columns
    table = [
        {
            "number": row.number,
            "ok": not row.errors,
            "cells": [(row.values.get(c.key, ""), c.key in row.error_columns) for c in columns],
            "errors": row.errors,
        }
        for row in validation.rows
    ]
    return {
        "validation": validation,
        "sheet": sheet,
        "kind_label": dict(imports.KIND_CHOICES)[sheet.kind],
        "headers": [sheet.headers[c.key] for c in columns],
        "table": table,
        "errors": validation.errors,
        "file_errors": list(file_errors),
        "can_confirm": bool(token) and validation.is_valid and not file_errors,
        "confirm_form": ImportConfirmForm(initial={"token": token}) if token else None,
        "upload_form": ImportUploadForm(initial={"kind": sheet.kind}),
    }


def _upload_context(form: ImportUploadForm) -> dict:
    return {
        "form": form,
        "column_sets": [(kind, label, imports.COLUMNS[kind]) for kind, label in imports.KIND_CHOICES],
        "max_rows": imports.MAX_ROWS,
        "max_mb": imports.MAX_UPLOAD_BYTES // (1024 * 1024),
    }


class ImportView(ImportAccessMixin, View):
    """GET: the upload form. POST: read and check the file, then show the preview."""

    def get(self, request):
        return render(request, UPLOAD_TEMPLATE, _upload_context(ImportUploadForm()))

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, UPLOAD_TEMPLATE, _upload_context(form))
        outcome = import_services.preview(actor=request.user, sheet=form.sheet)
        token = ""
        if outcome.validation.is_valid and not outcome.file_errors:
            token = import_services.keep_preview(actor=request.user, sheet=form.sheet).token
        context = _preview_context(outcome.validation, token=token, file_errors=outcome.file_errors)
        return render(request, PREVIEW_TEMPLATE, context)


class ImportConfirmView(ImportAccessMixin, View):
    """POST only: write the previewed rows, all or nothing, after checking them again."""

    def post(self, request):
        form = ImportConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("This preview has expired or was replaced. Upload the file again."))
            return redirect("projects:import")
        try:
            outcome = import_services.confirm_import(actor=request.user, token=form.cleaned_data["token"])
        except import_services.AlreadyImported as exc:
            messages.info(request, exc.message)
            return redirect(reverse("projects:list"))
        except import_services.PreviewExpired as exc:
            messages.error(request, exc.message)
            return redirect("projects:import")
        if not outcome.ok:
            context = _preview_context(outcome.validation, file_errors=outcome.file_errors)
            context["rechecked"] = True
            return render(request, PREVIEW_TEMPLATE, context)
        kind = outcome.validation.sheet.kind
        count = len(outcome.created)
        if kind == imports.PROJECTS:
            text = ngettext("%(count)s project imported.", "%(count)s projects imported.", count)
        elif kind == imports.MILESTONES:
            text = ngettext("%(count)s milestone imported.", "%(count)s milestones imported.", count)
        elif kind == imports.COSTS:
            text = ngettext("%(count)s month of costs imported.", "%(count)s months of costs imported.", count)
        elif kind == "allocations":
            text = ngettext("%(count)s booking imported.", "%(count)s bookings imported.", count)
        else:
            text = ngettext("%(count)s quality record imported.", "%(count)s quality records imported.", count)
        messages.success(request, text % {"count": count})
        return redirect(reverse("projects:list"))


class ImportSampleView(ImportAccessMixin, View):
    """A sample file generated on the fly, its header row in the page's language (both languages import)."""

    def get(self, request, kind: str, fmt: str):
        if kind not in imports.KINDS or fmt not in ("xlsx", "csv"):
            raise Http404
        language = translation.get_language() or "ja"
        language = "ja" if language.startswith("ja") else "en"
        if fmt == "xlsx":
            content, content_type = imports.sample_xlsx(kind, request.user, language), XLSX_TYPE
        else:
            content, content_type = imports.sample_csv(kind, request.user, language), "text/csv; charset=utf-8"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
        response["Cache-Control"] = "no-store"
        return response
