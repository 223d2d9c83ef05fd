"""The standards share of ``seed_demo``: the standard set in Japanese and in English (documents with an attached
workbook and a second version, a phase-gate checklist per phase, the weekly quality check, the delivery pre-check,
two blueprints each), and checklist runs and gate reviews in various states on the demo's active projects (approved,
approved with conditions, rejected, awaiting a decision, in progress). It adds no project: the projects demo owns
them. Everything is written through the standards services, as the PMO, the PMs and the executive."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry
from projects.demo.context import Clock
from projects.models import Milestone, Project, ProjectState
from standards.demo import content as c
from standards.demo.clock import story
from standards.models import (
    Answer,
    Blueprint,
    BlueprintChecklist,
    BlueprintDocument,
    BlueprintMilestone,
    BlueprintRisk,
    Category,
    Checklist,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistRun,
    ChecklistVersion,
    DocumentVersion,
    GateReview,
    GateState,
    ProjectChecklistPlan,
    ProjectDocumentLink,
    RunState,
    StandardDocument,
)
from standards.services import blueprints as bp
from standards.services import checklists as cl
from standards.services import documents as docs
from standards.services import gates, runs

User = get_user_model()
PHASES = list(c.GATES)


def _plan_workbook(lang: str) -> SimpleUploadedFile:
    """A small xlsx (openpyxl) attached to the plan template."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "WBS"
    sheet.append(["No.", "作業" if lang == "ja" else "Task", "担当" if lang == "ja" else "Owner",
                  "開始" if lang == "ja" else "Start", "終了" if lang == "ja" else "End"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    name = "プロジェクト計画書_WBS.xlsx" if lang == "ja" else "project-plan-WBS.xlsx"
    return SimpleUploadedFile(name, buffer.getvalue())


def _publish_checklist(pmo, *, code, title, purpose, items, lang, category) -> Checklist:
    checklist = cl.create_checklist(actor=pmo, code=code, title=title, purpose=purpose, language=lang,
                                    category=category)  # fmt: skip
    draft = checklist.versions.get()
    for text, required in items:
        cl.add_item(actor=pmo, version=draft, text=text, required=required)
    checklist.refresh_from_db()
    cl.publish(actor=pmo, checklist=checklist, expected_version=checklist.version)
    checklist.refresh_from_db()
    return checklist


def _standard_set(pmo, lang: str, clock: Clock, today: dt.date) -> dict:
    with story(clock, today - dt.timedelta(days=200)):
        first = _first_documents(pmo, lang)
    with story(clock, today - dt.timedelta(days=45)):
        status = first["status"]
        status.refresh_from_db()
        draft = docs.new_version(actor=pmo, document=status, change_note=c.STATUS_NOTE_V2[lang])
        docs.update_draft(actor=pmo, version=draft, expected_version=draft.version, body=c.STATUS_BODY_V2[lang])
        status.refresh_from_db()
        docs.publish(actor=pmo, document=status, expected_version=status.version)
    with story(clock, today - dt.timedelta(days=190)):
        return _checklists_and_blueprints(pmo, lang, first)


def _first_documents(pmo, lang: str) -> dict:
    suffix = "" if lang == "ja" else "-EN"
    cats = [docs.create_category(actor=pmo, name=name, position=i) for i, name in enumerate(c.CATEGORIES[lang])]
    plan_title, status_title = c.DOC_TITLES[lang]
    plan = docs.create_document(actor=pmo, code=f"TPL-PLAN{suffix}", title=plan_title, kind="template",
                                category=cats[0], language=lang, body=c.PLAN_BODY[lang], file=_plan_workbook(lang))  # fmt: skip
    docs.publish(actor=pmo, document=plan, expected_version=plan.version)
    status = docs.create_document(actor=pmo, code=f"GL-STATUS{suffix}", title=status_title, kind="guideline",
                                  category=cats[1], language=lang, body=c.STATUS_BODY_V1[lang])  # fmt: skip
    docs.publish(actor=pmo, document=status, expected_version=status.version)
    return {"cats": cats, "plan": plan, "status": status}


def _checklists_and_blueprints(pmo, lang: str, first: dict) -> dict:
    suffix = "" if lang == "ja" else "-EN"
    cats, plan, status = first["cats"], first["plan"], first["status"]
    gates_by_phase = {}
    for phase, (stem, ja_title, ja_items, en_title, en_items) in c.GATES.items():
        gates_by_phase[phase] = _publish_checklist(
            pmo, code=f"GATE-{stem}{suffix}", title=ja_title if lang == "ja" else en_title, purpose="phase_gate",
            items=ja_items if lang == "ja" else en_items, lang=lang, category=cats[2],
        )  # fmt: skip
    weekly = _publish_checklist(pmo, code=f"WEEKLY-QUALITY{suffix}", title=c.WEEKLY[lang][0], purpose="weekly_quality",
                                items=c.WEEKLY[lang][1], lang=lang, category=cats[2])  # fmt: skip
    delivery = _publish_checklist(pmo, code=f"DELIVERY-PRECHECK{suffix}", title=c.DELIVERY[lang][0],
                                  purpose="delivery", items=c.DELIVERY[lang][1], lang=lang, category=cats[2])  # fmt: skip
    blueprints = []
    for code, name, ptype, description, milestones, risks in c.BLUEPRINTS[lang]:
        blueprint = bp.create_blueprint(actor=pmo, code=code, name=name, project_type=ptype, description=description,
                                        language=lang)  # fmt: skip
        gate_phases = []
        for ms_name, phase, offset, weight, gate in milestones:
            bp.add_milestone(actor=pmo, blueprint=blueprint, name=ms_name, phase=phase, offset_days=offset,
                             weight=Decimal(weight), is_phase_gate=gate)  # fmt: skip
            if gate:
                gate_phases.append(phase)
        for phase in gate_phases:
            bp.add_checklist(actor=pmo, blueprint=blueprint, checklist=gates_by_phase[phase], schedule="phase",
                             phase=phase)  # fmt: skip
        bp.add_checklist(actor=pmo, blueprint=blueprint, checklist=weekly, schedule="weekly")
        if "deployment" in gate_phases:
            bp.add_checklist(actor=pmo, blueprint=blueprint, checklist=delivery, schedule="phase", phase="deployment")
        for title, p, i, response, mitigation in risks:
            bp.add_risk(actor=pmo, blueprint=blueprint, title=title, probability=p, impact=i, response=response,
                        mitigation=mitigation)  # fmt: skip
        bp.add_document(actor=pmo, blueprint=blueprint, document=plan)
        bp.add_document(actor=pmo, blueprint=blueprint, document=status)
        blueprint.refresh_from_db()
        bp.publish_blueprint(actor=pmo, blueprint=blueprint, expected_version=blueprint.version)
        blueprints.append(blueprint)
    return {"gates": gates_by_phase, "weekly": weekly, "delivery": delivery, "blueprints": blueprints}


def _answer_all(actor, run: ChecklistRun, rng: random.Random, *, complete: bool) -> None:
    run.refresh_from_db()
    version = run.checklist_version or run.checklist.current_version
    for item in version.items.order_by("position"):
        if not item.required and rng.random() < 0.3:
            continue
        answer = Answer.DONE if item.required or rng.random() < 0.7 else Answer.NOT_APPLICABLE
        runs.answer_item(actor=actor, run=run, item=item, answer=answer,
                         evidence_url="https://intra.example.co.jp/pmo/evidence/" + str(item.pk))  # fmt: skip
    if complete:
        run.refresh_from_db()
        runs.complete_run(actor=actor, run=run, expected_version=run.version)


def _demo_projects(sets, users, today: dt.date, rng: random.Random, clock: Clock) -> int:
    """Gate runs and reviews on the existing demo projects: past gates done and approved, the current one pending
    a decision, one rejected; this week's quality check on every active project (some completed)."""
    pmo, executive = users["pmo"], users["exec"]
    projects = list(Project.objects.filter(state=ProjectState.ACTIVE, archived_at__isnull=True).order_by("code")[:12])
    state = {"conditional": False}
    for index, project in enumerate(projects):
        lang = "en" if any(ch.isascii() and ch.isalpha() for ch in project.name[:3]) else "ja"
        chosen = sets[lang]
        current = PHASES.index(project.phase) if project.phase in PHASES else len(PHASES)
        gate_phases = set(Milestone.objects.filter(project=project, is_phase_gate=True).values_list("phase", flat=True))
        start = project.baseline.planned_start if project.baseline_id else today - dt.timedelta(days=120)
        with story(clock, min(start, today - dt.timedelta(days=1))):
            for phase in PHASES[: current + 1]:
                if phase in gate_phases:
                    runs.add_checklist_plan(actor=pmo, project=project, checklist=chosen["gates"][phase],
                                            schedule="phase", phase=phase)  # fmt: skip
        with story(clock, today - dt.timedelta(days=today.weekday()), hour=9):
            runs.add_checklist_plan(actor=pmo, project=project, checklist=chosen["weekly"], schedule="weekly",
                                    today=today)  # fmt: skip
        manager = project.pm
        for review in (
            GateReview.objects.filter(project=project).select_related("run").order_by("milestone__baseline_date")
        ):
            if review.run is None:
                continue
            with story(clock, min(review.milestone.baseline_date, today - dt.timedelta(days=1)), hour=15):
                _review_story(review, project, index, lang, manager, executive, rng, today, state)
        weekly = ChecklistRun.objects.filter(project=project, checklist=chosen["weekly"]).first()
        if weekly is not None and index % 2 == 0:
            with story(clock, today, hour=11):
                _answer_all(manager, weekly, rng, complete=True)
    return len(projects)


def _review_story(review, project, index, lang, manager, executive, rng, today, state) -> None:
    """One gate review's story: past gates decided, the current one in a state that depends on ``index``."""
    if review.phase != project.phase:
        _answer_all(manager, review.run, rng, complete=True)
        review.refresh_from_db()
        if index % 4 == 3 and not state["conditional"]:
            conditions = ("ステークホルダー一覧を更新する\n概算見積の根拠を補足する" if lang == "ja"
                          else "Update the stakeholder list\nExplain the basis of the estimate")  # fmt: skip
            gates.decide_gate(actor=executive, review=review, decision="conditional", conditions=conditions,
                              conditions_due=today + dt.timedelta(days=14),
                              expected_version=review.version)  # fmt: skip
            state["conditional"] = True
        else:
            gates.decide_gate(actor=executive, review=review, decision="approved",
                              expected_version=review.version)  # fmt: skip
    elif index % 3 == 0:
        _answer_all(manager, review.run, rng, complete=True)  # awaiting the executive's decision
    elif index % 3 == 1:
        _answer_all(manager, review.run, rng, complete=False)  # in progress
    elif index % 6 == 2:
        _answer_all(manager, review.run, rng, complete=True)
        review.refresh_from_db()
        reason = ("非機能要件の合意が不十分。性能目標を再確認のこと。" if lang == "ja"
                  else "Non-functional requirements are not agreed; confirm the performance targets.")  # fmt: skip
        gates.decide_gate(actor=executive, review=review, decision="rejected", reason=reason,
                          expected_version=review.version)  # fmt: skip


def build_demo(*, today: dt.date, seed: int) -> dict[str, int]:
    users = {u.username: u for u in User.objects.filter(username__in=["pmo", "exec", "pm1", "pm2"])}
    if len(users) < 4:
        return {}
    rng = random.Random(seed)  # noqa: S311 - demo data
    clock = Clock()
    sets = {lang: _standard_set(users["pmo"], lang, clock, today) for lang in ("ja", "en")}
    _demo_projects(sets, users, today, rng, clock)
    return {
        "Standard documents": StandardDocument.objects.count(),
        "Checklists": Checklist.objects.count(),
        "Blueprints": Blueprint.objects.count(),
        "Checklist runs": ChecklistRun.objects.count(),
        "Gate reviews": GateReview.objects.count(),
        "Completed runs": ChecklistRun.objects.filter(state=RunState.COMPLETED).count(),
        "Approved gates": GateReview.objects.filter(state__in=[GateState.APPROVED, GateState.CONDITIONAL]).count(),
    }


def reset_demo() -> None:
    """Delete every standards row (before the projects demo is reset)."""
    GateReview.objects.all().delete()
    ChecklistAnswer.objects.all().delete()
    ChecklistRun.objects.all().delete()
    ProjectChecklistPlan.objects.all().delete()
    ProjectDocumentLink.objects.all().delete()
    for model in (BlueprintChecklist, BlueprintDocument, BlueprintMilestone, BlueprintRisk):
        model.objects.all().delete()
    Blueprint.objects.all().delete()
    Checklist.objects.update(current_version=None)
    ChecklistItem.objects.all().delete()
    ChecklistVersion.objects.all().delete()
    Checklist.objects.all().delete()
    StandardDocument.objects.update(current_version=None)
    DocumentVersion.objects.all().delete()
    StandardDocument.objects.all().delete()
    Category.objects.all().delete()
    AuditEntry.objects.filter(app_label="standards").delete()
