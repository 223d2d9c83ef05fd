"""A checklist run (answer, complete; read-only once completed) and a gate review (decide, submit again)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.forms import add_rule_error
from standards import permissions, selectors
from standards.forms.blueprints import GateDecisionForm
from standards.models import Answer, GateState
from standards.services import gates as gate_services
from standards.services import runs as run_services
from standards.views.base import StandardsMixin, call_with_message, get_or_404, int_or_none


class RunView(StandardsMixin, TemplateView):
    """The run page: every item with its answer controls (one form), "Save answers" and "Complete"."""

    template_name = "standards/run_detail.html"

    def load(self):
        self.run = get_or_404(selectors.runs(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not hasattr(self, "run"):
            self.load()
        run = self.run
        errors = kwargs.get("item_errors", {})
        posted = kwargs.get("posted", {})
        rows = []
        for item, answer in selectors.run_items(run):
            key = str(item.pk)
            rows.append({
                "item": item, "answer": answer, "errors": errors.get(item.pk, {}),
                "value": posted.get(key, {}).get("answer", answer.answer if answer else ""),
                "note": posted.get(key, {}).get("note", answer.note if answer else ""),
                "evidence_url": posted.get(key, {}).get("evidence_url", answer.evidence_url if answer else ""),
            })  # fmt: skip
        ctx.update(run=run, rows=rows, today=timezone.localdate(), answers=Answer.choices, can_answer=permissions.can_answer_run(
            self.request.user, run) and not run.is_completed and run.state != "cancelled",
            run_errors=kwargs.get("run_errors", []),
            gate=run.gate_reviews.select_related("decided_by").first())  # fmt: skip
        return ctx

    def post(self, request, pk: int):
        self.load()
        run, user = self.run, request.user
        if not permissions.can_answer_run(user, run):
            raise PermissionDenied
        items = {item.pk: item for item, _a in selectors.run_items(run)}
        posted, item_errors, run_errors = {}, {}, []
        try:
            with transaction.atomic():
                for item_id, item in items.items():
                    key = str(item_id)
                    value = request.POST.get(f"answer-{key}", "")
                    note = request.POST.get(f"note-{key}", "").strip()
                    url = request.POST.get(f"evidence-{key}", "").strip()
                    posted[key] = {"answer": value, "note": note, "evidence_url": url}
                    if not value:
                        if note or url:
                            item_errors[item_id] = {"answer": [_("Choose an answer for this item.")]}
                        continue
                    try:
                        run_services.answer_item(actor=user, run=run, item=item, answer=value, note=note,
                                                 evidence_url=url)  # fmt: skip
                    except RuleError as exc:
                        if isinstance(exc, NotAllowed):
                            raise
                        if exc.code == "transition":
                            raise
                        item_errors[item_id] = exc.errors
                if item_errors:
                    raise RuleError(_("Some answers need correcting; nothing was saved."))
                if request.POST.get("complete"):
                    run.refresh_from_db()
                    run_services.complete_run(actor=user, run=run, expected_version=run.version)
        except NotAllowed:
            raise PermissionDenied from None
        except (RuleError, StaleEdit) as exc:
            run_errors = [exc.message]
            self.run = get_or_404(selectors.runs(user), pk=pk)
            ctx = self.get_context_data(item_errors=item_errors, posted=posted, run_errors=run_errors)
            return self.render_to_response(ctx, status=400)
        if request.POST.get("complete"):
            messages.success(request, _("Checklist run completed."))
        else:
            messages.success(request, _("Answers saved."))
        return redirect(run.get_absolute_url())


GATE_ACTIONS = {
    "create": gettext_lazy("Gate review opened"),
    "gate_approved": gettext_lazy("Approved"),
    "gate_conditional": gettext_lazy("Approved with conditions"),
    "gate_rejected": gettext_lazy("Rejected"),
    "gate_reopen": gettext_lazy("Submitted again"),
}


class GateView(StandardsMixin, TemplateView):
    template_name = "standards/gate_detail.html"

    def load(self):
        self.review = get_or_404(selectors.gate_reviews(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not hasattr(self, "review"):
            self.load()
        review, user = self.review, self.request.user
        can_decide = permissions.can_decide_gate(user, review) and review.state == GateState.PENDING
        ctx.update(review=review, can_decide=can_decide,
                   form=kwargs.get("form") or GateDecisionForm(initial={"version": review.version}),
                   run_ready=review.run is None or review.run.is_completed,
                   can_reopen=permissions.can_reopen_gate(user, review) and review.state == GateState.REJECTED,
                   history=[(entry, GATE_ACTIONS.get(entry.action, entry.action))
                            for entry in selectors.gate_history(review)])  # fmt: skip
        return ctx

    def post(self, request, pk: int):
        self.load()
        review, user = self.review, request.user
        if request.POST.get("reopen"):
            return call_with_message(request, lambda: gate_services.reopen_gate(
                actor=user, review=review, expected_version=int_or_none(request.POST.get("version"))),
                success=_("The gate review awaits a decision again."), redirect_to=review.get_absolute_url())  # fmt: skip
        if not permissions.can_decide_gate(user, review):
            raise PermissionDenied
        form = GateDecisionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                gate_services.decide_gate(actor=user, review=review, decision=d["decision"],
                                          expected_version=d["version"], reason=d["reason"],
                                          conditions=d["conditions"], conditions_due=d["conditions_due"])  # fmt: skip
                messages.success(request, _("Decision recorded."))
                return redirect(review.get_absolute_url())
            except NotAllowed:
                raise PermissionDenied from None
            except RuleError as exc:
                add_rule_error(form, exc)
            except StaleEdit as exc:
                form.add_error(None, exc.message)
        return self.render_to_response(self.get_context_data(form=form), status=400)
