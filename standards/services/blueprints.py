"""Blueprints (project templates): the PMO builds them; "new project from blueprint" creates a project with all of
it in one transaction, through projects' services (a failure leaves nothing behind).

A blueprint's lines may change while it is a draft or published (projects already created keep what they copied;
every change is audited); a retired blueprint is final. Publishing checks it is usable: at least one milestone, every
phase checklist has a phase-gate milestone in its phase, every checklist and document it names is published.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, RuleError, Rules
from core.locking import check_version, lock
from core.unset import UNSET, given
from projects.models import ProjectState
from projects.services.items import create_milestone, create_risk
from projects.services.projects import create_project
from standards import permissions
from standards.models import (
    Blueprint,
    BlueprintChecklist,
    BlueprintDocument,
    BlueprintMilestone,
    BlueprintRisk,
    ProjectChecklistPlan,
    ProjectDocumentLink,
    Schedule,
    StandardStatus,
)
from standards.services.common import record_create, require_not_retired, require_pmo, save_changes, validate
from standards.services.gates import open_gate_review
from standards.services.runs import create_due_run, ensure_weekly_runs

BLUEPRINT_FIELDS = ["code", "name", "project_type", "description", "language"]
LINE_MODELS = {
    "milestone": BlueprintMilestone,
    "checklist": BlueprintChecklist,
    "risk": BlueprintRisk,
    "document": BlueprintDocument,
}


@transaction.atomic
def create_blueprint(*, actor, code: str, name: str, project_type: str, description: str = "",
                     language: str = "ja") -> Blueprint:  # fmt: skip
    require_pmo(actor)
    blueprint = Blueprint(code=(code or "").strip().upper(), name=name, project_type=project_type,
                          description=description, language=language, owner=actor)  # fmt: skip
    rules = Rules()
    validate(blueprint, BLUEPRINT_FIELDS, rules)
    rules.raise_if_any()
    blueprint.save()
    record_create(actor=actor, obj=blueprint, fields=BLUEPRINT_FIELDS)
    return blueprint


@transaction.atomic
def update_blueprint(*, actor, blueprint: Blueprint, expected_version: int | None, name: str = UNSET,
                     project_type: str = UNSET, description: str = UNSET, language: str = UNSET) -> Blueprint:  # fmt: skip
    require_pmo(actor)
    current = lock(blueprint)
    require_not_retired(current)
    check_version(current, expected_version)
    values = given(name=name, project_type=project_type, description=description, language=language)
    candidate = Blueprint(**{f.attname: getattr(current, f.attname) for f in Blueprint._meta.concrete_fields})
    for key, value in values.items():
        setattr(candidate, key, value)
    rules = Rules()
    validate(candidate, values, rules, unique=False)
    rules.raise_if_any()
    save_changes(actor=actor, obj=blueprint, current=current, values=values)
    return blueprint


def _line_rules(rules: Rules, line, fields) -> None:
    validate(line, fields, rules, unique=False)


def _save_line(*, actor, blueprint: Blueprint, line, fields: list[str], rules: Rules) -> object:
    rules.raise_if_any()
    line.save()
    audit.record(actor=actor, action="add_line", obj=blueprint,
                 changes={line._meta.model_name: [None, str(line)]})  # fmt: skip
    blueprint.version += 1
    blueprint.save(update_fields=["version", "updated_at"])
    return line


def _editable(actor, blueprint: Blueprint) -> Blueprint:
    require_pmo(actor)
    current = lock(blueprint)
    require_not_retired(current)
    return current


@transaction.atomic
def add_milestone(*, actor, blueprint: Blueprint, name: str, phase: str, offset_days: int,
                  weight: Decimal = Decimal(1), is_phase_gate: bool = False) -> BlueprintMilestone:  # fmt: skip
    current = _editable(actor, blueprint)
    line = BlueprintMilestone(blueprint=current, name=name, phase=phase, offset_days=offset_days, weight=weight,
                              is_phase_gate=is_phase_gate)  # fmt: skip
    rules = Rules()
    _line_rules(rules, line, ["name", "phase", "offset_days", "weight"])
    if is_phase_gate and current.milestones.filter(phase=phase, is_phase_gate=True).exists():
        rules.add("is_phase_gate", _("This phase already has a phase-gate milestone."))
    return _save_line(actor=actor, blueprint=current, line=line, fields=[], rules=rules)


@transaction.atomic
def add_checklist(*, actor, blueprint: Blueprint, checklist, schedule: str, phase: str = "",
                  required: bool = True) -> BlueprintChecklist:  # fmt: skip
    current = _editable(actor, blueprint)
    phase = "" if schedule == Schedule.WEEKLY else phase
    line = BlueprintChecklist(blueprint=current, checklist=checklist, schedule=schedule, phase=phase,
                              required=required)  # fmt: skip
    rules = Rules()
    _line_rules(rules, line, ["schedule", "phase"])
    if schedule == Schedule.PHASE and not phase:
        rules.add("phase", _("Choose the phase at which this checklist runs."))
    if checklist is None or checklist.status == StandardStatus.RETIRED:
        rules.add("checklist", _("Choose a checklist that is not retired."))
    elif current.checklists.filter(checklist=checklist, schedule=schedule, phase=phase).exists():
        rules.add("checklist", _("This checklist is already planned at this point."))
    return _save_line(actor=actor, blueprint=current, line=line, fields=[], rules=rules)


@transaction.atomic
def add_risk(*, actor, blueprint: Blueprint, title: str, probability: int = 3, impact: int = 3, cause: str = "",
             effect: str = "", response: str = "mitigate", mitigation: str = "") -> BlueprintRisk:  # fmt: skip
    current = _editable(actor, blueprint)
    line = BlueprintRisk(blueprint=current, title=title, probability=probability, impact=impact, cause=cause,
                         effect=effect, response=response, mitigation=mitigation)  # fmt: skip
    rules = Rules()
    _line_rules(rules, line, ["title", "probability", "impact", "cause", "effect", "response", "mitigation"])
    return _save_line(actor=actor, blueprint=current, line=line, fields=[], rules=rules)


@transaction.atomic
def add_document(*, actor, blueprint: Blueprint, document, note: str = "") -> BlueprintDocument:
    current = _editable(actor, blueprint)
    line = BlueprintDocument(blueprint=current, document=document, note=note)
    rules = Rules()
    _line_rules(rules, line, ["note"])
    if document is None or document.status == StandardStatus.RETIRED:
        rules.add("document", _("Choose a document that is not retired."))
    elif current.documents.filter(document=document).exists():
        rules.add("document", _("This document is already recommended."))
    return _save_line(actor=actor, blueprint=current, line=line, fields=[], rules=rules)


@transaction.atomic
def remove_line(*, actor, blueprint: Blueprint, kind: str, line_id: int) -> None:
    """Remove one line (milestone, checklist, risk, document) of the blueprint; projects keep what they copied."""
    current = _editable(actor, blueprint)
    model = LINE_MODELS.get(kind)
    line = model.objects.filter(blueprint=current, pk=line_id).first() if model else None
    if line is None:
        raise RuleError(_("There is no such line in this blueprint."), field="line")
    text = str(line)
    line.delete()
    audit.record(actor=actor, action="remove_line", obj=current, changes={kind: [text, None]})
    current.version += 1
    current.save(update_fields=["version", "updated_at"])


@transaction.atomic
def publish_blueprint(*, actor, blueprint: Blueprint, expected_version: int | None) -> Blueprint:
    require_pmo(actor)
    current = lock(blueprint)
    require_not_retired(current)
    check_version(current, expected_version)
    if current.status == StandardStatus.PUBLISHED:
        raise InvalidTransition(_("This blueprint is already published."))
    rules = Rules()
    milestones = list(current.milestones.all())
    rules.check(bool(milestones), "milestones", _("Add at least one milestone before publishing."))
    gates = {m.phase for m in milestones if m.is_phase_gate}
    for line in current.checklists.select_related("checklist"):
        if line.checklist.status != StandardStatus.PUBLISHED:
            rules.add("checklists", _("Publish the checklist %(code)s first.") % {"code": line.checklist.code})
        if line.schedule == Schedule.PHASE and line.phase not in gates:
            rules.add("checklists", _("The checklist %(code)s runs at a phase without a phase-gate milestone.")
                      % {"code": line.checklist.code})  # fmt: skip
    for line in current.documents.select_related("document"):
        if line.document.status != StandardStatus.PUBLISHED:
            rules.add("documents", _("Publish the document %(code)s first.") % {"code": line.document.code})
    rules.raise_if_any()
    save_changes(actor=actor, obj=blueprint, current=current, action="publish",
                 values={"status": StandardStatus.PUBLISHED, "published_at": timezone.now()})  # fmt: skip
    return blueprint


@transaction.atomic
def retire_blueprint(*, actor, blueprint: Blueprint, expected_version: int | None, reason: str = "") -> Blueprint:
    require_pmo(actor)
    current = lock(blueprint)
    require_not_retired(current)
    check_version(current, expected_version)
    save_changes(actor=actor, obj=blueprint, current=current, values={"status": StandardStatus.RETIRED},
                 action="retire", comment=reason)  # fmt: skip
    return blueprint


@transaction.atomic
def instantiate_blueprint(*, actor, blueprint: Blueprint, code: str, name: str, org_unit, pm, planned_start: dt.date,
                          planned_end: dt.date, bac: Decimal, deputy_pm=None, description: str = "",
                          customer: str = "", sponsor: str = "", program=None, confidential: bool = False,
                          state: str = ProjectState.PROPOSED, today: dt.date | None = None):  # fmt: skip
    """A new project from a published blueprint: milestones, risks, checklist plans and due runs, gate reviews and
    recommended documents, all through the services, in one transaction."""
    current = lock(blueprint)
    if not permissions.can_instantiate(actor, current):
        if current.status != StandardStatus.PUBLISHED:
            raise InvalidTransition(_("Only a published blueprint can create projects."))
        raise NotAllowed(_("You may not create projects."))
    milestones = list(current.milestones.order_by("offset_days", "id"))
    rules = Rules()
    if isinstance(planned_start, dt.date) and isinstance(planned_end, dt.date) and milestones:
        last = planned_start + dt.timedelta(days=milestones[-1].offset_days)
        if last > planned_end:
            rules.add("planned_end", _("The blueprint's last milestone falls on %(date)s, after the planned end.")
                      % {"date": last.isoformat()})  # fmt: skip
    if state not in (ProjectState.PROPOSED, ProjectState.ACTIVE):
        rules.add("state", _("A new project starts proposed or active."))
    rules.raise_if_any()
    first_phase = milestones[0].phase if milestones else "initiation"
    project = create_project(
        actor=actor, code=code, name=name, org_unit=org_unit, pm=pm, deputy_pm=deputy_pm, planned_start=planned_start,
        planned_end=planned_end, bac=bac, description=description, customer=customer, sponsor=sponsor,
        program=program, confidential=confidential, state=state, project_type=current.project_type,
        phase=first_phase, reason=_("Created from blueprint %(code)s") % {"code": current.code},
    )  # fmt: skip
    gates = {}
    for line in milestones:
        milestone = create_milestone(
            actor=actor, project=project, name=line.name, phase=line.phase, weight=line.weight,
            baseline_date=planned_start + dt.timedelta(days=line.offset_days), is_phase_gate=line.is_phase_gate,
        )  # fmt: skip
        if line.is_phase_gate:
            gates[line.phase] = milestone
    for risk in current.risks.all():
        create_risk(actor=actor, project=project, title=risk.title, probability=risk.probability, impact=risk.impact,
                    cause=risk.cause, effect=risk.effect, response=risk.response, mitigation_plan=risk.mitigation,
                    owner=pm)  # fmt: skip
    gate_runs = {}
    for line in current.checklists.select_related("checklist").order_by("id"):
        ProjectChecklistPlan.objects.create(project=project, checklist=line.checklist, schedule=line.schedule,
                                            phase=line.phase, required=line.required, blueprint=current)  # fmt: skip
        if line.schedule == Schedule.PHASE:
            milestone = gates.get(line.phase)
            run = create_due_run(actor=actor, project=project, checklist=line.checklist, schedule=Schedule.PHASE,
                                 required=line.required, phase=line.phase, milestone=milestone,
                                 due_date=milestone.baseline_date if milestone else None)  # fmt: skip
            if line.required and line.phase not in gate_runs:
                gate_runs[line.phase] = run
    for phase, milestone in gates.items():
        open_gate_review(actor=actor, milestone=milestone, run=gate_runs.get(phase))
    for line in current.documents.select_related("document"):
        link = ProjectDocumentLink.objects.create(project=project, document=line.document, note=line.note)
        audit.record(project=project, actor=actor, action="create", obj=link,
                     changes={"document": [None, line.document.code]})  # fmt: skip
    audit.record(project=project, actor=actor, action="instantiate", obj=current,
                 changes={"project": [None, project.code]})  # fmt: skip
    if state == ProjectState.ACTIVE:
        ensure_weekly_runs(today=today, project=project)
    return project
