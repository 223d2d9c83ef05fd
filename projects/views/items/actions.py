"""The item actions that are not edits: turning a risk into an issue, deciding a change request.

Their buttons post the version the row was shown at; a refusal of the service (already converted or decided,
stale version) is an error message on the tab, a refusal of permission a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.exceptions import NotAllowed, RuleError, StaleEdit
from projects import services
from projects.views.items.kinds import CHANGE, RISK
from projects.views.items.mixins import ItemViewMixin, is_htmx, posted_version


class RiskConvertView(ItemViewMixin, View):
    """Turn an open risk into a linked issue (the risk becomes materialised), then show the new issue."""

    manage_required = True
    kind = RISK

    def post(self, request, *args, **kwargs):
        risk = self.get_item(kwargs["pk"])
        try:
            issue = services.convert_risk_to_issue(
                actor=request.user, risk=risk, expected_version=posted_version(request)
            )
        except NotAllowed:
            raise PermissionDenied from None
        except (RuleError, StaleEdit) as exc:
            messages.error(request, exc.message)
            return redirect(self.tab_url(risk))
        messages.success(
            request, _("Risk “%(name)s” is now an issue: complete its due date and owner.") % {"name": risk}
        )
        url = reverse("projects:issues", kwargs={"code": self.project.code})
        return redirect(f"{url}#issue-{issue.pk}")


class ChangeDecideView(ItemViewMixin, View):
    """Approve or reject a proposed change request (PMO or the project's PM)."""

    manage_required = True
    kind = CHANGE

    def post(self, request, *args, **kwargs):
        change = self.get_item(kwargs["pk"])
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            messages.error(request, _("Choose approve or reject."))
            return redirect(self.tab_url(change))
        try:
            services.decide_change_request(
                actor=request.user,
                change_request=change,
                approve=decision == "approve",
                comment=request.POST.get("comment", "")[:2000],
                expected_version=posted_version(request),
            )
        except NotAllowed:
            raise PermissionDenied from None
        except (RuleError, StaleEdit) as exc:
            messages.error(request, exc.message)
            return redirect(self.tab_url(change))
        if is_htmx(request):
            return self.row_response(change)
        if decision == "approve":
            messages.success(request, _("Change request “%(name)s” approved.") % {"name": change})
        else:
            messages.success(request, _("Change request “%(name)s” rejected.") % {"name": change})
        return redirect(self.tab_url(change))
