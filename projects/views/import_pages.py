"""Import pages: upload an .xlsx/.csv of projects or milestones, preview every row with its errors, confirm.

The preview runs every row through the services without writing (``projects.services.imports.preview``) and keeps
the file's rows (strings only, see ``projects.imports.Sheet``) in the session under a random token; the confirmation
names that token, and the rows are checked again as they are written, all or nothing. Nothing the browser sends
back is trusted beyond the token.
"""

from __future__ import annotations

import secrets

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

SESSION_KEY = "projects_import_preview"
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
            request.session.pop(SESSION_KEY, None)
            return render(request, UPLOAD_TEMPLATE, _upload_context(form))
        outcome = import_services.preview(actor=request.user, sheet=form.sheet)
        token = ""
        if outcome.validation.is_valid and not outcome.file_errors:
            token = secrets.token_urlsafe(24)
            request.session[SESSION_KEY] = {"token": token, "sheet": form.sheet.to_json()}
        else:
            request.session.pop(SESSION_KEY, None)
        context = _preview_context(outcome.validation, token=token, file_errors=outcome.file_errors)
        return render(request, PREVIEW_TEMPLATE, context)


class ImportConfirmView(ImportAccessMixin, View):
    """POST only: write the previewed rows, all or nothing, after checking them again."""

    def post(self, request):
        form = ImportConfirmForm(request.POST)
        stored = request.session.get(SESSION_KEY)
        if (
            not form.is_valid()
            or not stored
            or not secrets.compare_digest(str(stored.get("token", "")), form.cleaned_data["token"])
        ):
            messages.error(request, _("This preview has expired or was replaced. Upload the file again."))
            return redirect("projects:import")
        try:
            sheet = imports.Sheet.from_json(stored["sheet"])
        except (KeyError, TypeError, ValueError):
            request.session.pop(SESSION_KEY, None)
            messages.error(request, _("This preview has expired or was replaced. Upload the file again."))
            return redirect("projects:import")

        outcome = import_services.run_import(actor=request.user, sheet=sheet)
        request.session.pop(SESSION_KEY, None)
        if not outcome.ok:
            context = _preview_context(outcome.validation, file_errors=outcome.file_errors)
            context["rechecked"] = True
            return render(request, PREVIEW_TEMPLATE, context)
        count = len(outcome.created)
        if sheet.kind == imports.PROJECTS:
            text = ngettext("%(count)s project imported.", "%(count)s projects imported.", count)
        elif sheet.kind == imports.MILESTONES:
            text = ngettext("%(count)s milestone imported.", "%(count)s milestones imported.", count)
        elif sheet.kind == imports.COSTS:
            text = ngettext("%(count)s month of costs imported.", "%(count)s months of costs imported.", count)
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
