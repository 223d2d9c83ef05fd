"""Create, show, edit and delete one item of any kind (htmx row forms, or full pages without htmx).

Every kind shares the same endpoints (``<kind>_create``, ``<kind>_row``, ``<kind>_edit``, ``<kind>_delete``):

* With htmx (``HX-Request``), an Edit button ``hx-get``s the row form, which replaces the display row
  (``hx-target="closest tr"``, ``hx-swap="outerHTML"``); Save ``hx-post``s and gets the display row back, or the
  form again with its errors (status 200 so htmx swaps it); Cancel ``hx-get``s the display row. "Add" inserts an
  empty form row in place of a hidden placeholder row (``<tr id="issue-new" hidden>``); the response to a
  successful save is the placeholder again followed by the new row.
* Without htmx, the same URLs give a full page with the form, and a successful POST redirects to the tab.

The form parses; the kind's service decides. Its ``RuleError`` is shown at the form's fields, ``NotAllowed`` is a
403 and ``StaleEdit`` gives the form again saying who changed the item in the meantime.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.forms import add_rule_error
from projects import services
from projects.models import Meeting
from projects.views.items.kinds import ACTION
from projects.views.items.mixins import ItemViewMixin, is_htmx


class ItemCreateView(ItemViewMixin, View):
    """GET: an empty form (``?cancel=1``: the placeholder row back); POST: create through the kind's service."""

    manage_required = True

    def get(self, request, *args, **kwargs):
        if request.GET.get("cancel"):
            if is_htmx(request):
                return HttpResponse(self.placeholder())
            return redirect(self.tab_url())
        initial = {}
        if self.kind is ACTION and request.GET.get("meeting", "").isdigit():
            meetings = Meeting.objects.restrict(request.user, "view").filter(project=self.project)
            initial["meeting"] = meetings.filter(pk=request.GET["meeting"]).first()
        return self.form_response(self.make_form(initial=initial))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.form_response(form)
        try:
            obj = self.kind.create_item(actor=request.user, project=self.project, data=form.service_data)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_response(form)
        if is_htmx(request):
            return self.row_response(obj, with_placeholder=True)
        messages.success(
            request, _("%(item)s “%(name)s” added.") % {"item": capfirst(self.kind.verbose_name), "name": obj}
        )
        return redirect(self.tab_url(obj))


class ItemRowView(ItemViewMixin, View):
    """The display row of one item (what Cancel restores); without htmx, the tab."""

    def get(self, request, *args, **kwargs):
        item = self.get_item(kwargs["pk"])
        if not is_htmx(request):
            return redirect(self.tab_url(item))
        return self.row_response(item)


class ItemEditView(ItemViewMixin, View):
    """GET: the item's form; POST: update through the kind's service with the version the form was opened at."""

    def get(self, request, *args, **kwargs):
        item = self.get_item(kwargs["pk"])
        if not self.may_edit(item, self.kind, exact=True):
            raise PermissionDenied
        return self.form_response(self.make_form(item=item), item=item)

    def post(self, request, *args, **kwargs):
        item = self.get_item(kwargs["pk"])
        if not self.may_edit(item, self.kind, exact=True):
            raise PermissionDenied
        form = self.make_form(request.POST, item=item)
        if not form.is_valid():
            return self.form_response(form, item=item)
        try:
            self.kind.update_item(
                actor=request.user, item=item, expected_version=form.expected_version, data=form.service_data
            )
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_response(form, item=item)
        except StaleEdit as exc:
            return self.stale_response(exc, kwargs["pk"])
        if is_htmx(request):
            return self.row_response(item)
        messages.success(
            request, _("%(item)s “%(name)s” saved.") % {"item": capfirst(self.kind.verbose_name), "name": item}
        )
        return redirect(self.tab_url(item))

    def stale_response(self, exc: StaleEdit, pk: int) -> HttpResponse:
        """The form again, filled with what was typed, saying who changed the item in the meantime.

        It now carries the current version, so saving again (after checking) goes through.
        """
        current = self.get_item(pk)
        data = self.request.POST.copy()
        data["version"] = str(current.version)
        form = self.make_form(data, item=current)
        form.is_valid()
        form.add_error(None, exc.message)
        return self.form_response(form, item=current)


class ItemDeleteView(ItemViewMixin, View):
    manage_required = True

    def post(self, request, *args, **kwargs):
        item = self.get_item(kwargs["pk"])
        name = str(item)
        try:
            services.delete_item(actor=request.user, obj=item)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            if is_htmx(request):
                return self.row_response(item)
            messages.error(request, exc.message)
            return redirect(self.tab_url(item))
        if is_htmx(request):
            return HttpResponse("")
        messages.success(
            request, _("%(item)s “%(name)s” deleted.") % {"item": capfirst(self.kind.verbose_name), "name": name}
        )
        return redirect(self.tab_url())
