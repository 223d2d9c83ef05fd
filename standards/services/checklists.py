"""Checklists, their versions and ordered items. Only the PMO writes; nothing is deleted but a draft's own items.

Versions follow the documents' life cycle (``standards.services.documents``): items are edited only in the draft
version; ``new_version`` copies the current version (with its items) into a new draft; publishing makes it current.
Runs pin the version they were started on, so a new version never changes them.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.exceptions import InvalidTransition, RuleError, Rules
from core.locking import check_version, lock
from core.unset import UNSET, given
from standards.models import Category, Checklist, ChecklistItem, ChecklistVersion, StandardStatus, VersionState
from standards.services.common import (
    DRAFT_EXISTS,
    NOTHING_TO_PUBLISH,
    record_create,
    require_draft,
    require_not_retired,
    require_pmo,
    save_changes,
    validate,
)

CHECKLIST_FIELDS = ["code", "title", "purpose", "category", "language"]
ITEM_FIELDS = ["text", "guidance", "required", "source_url", "source_label", "source_key"]
SOURCE_URL_SCHEMES = ("http://", "https://", "/")
BAD_SOURCE_URL = gettext_lazy("Give a link starting with http://, https:// or /.")


@transaction.atomic
def create_checklist(*, actor, code: str, title: str, purpose: str, category: Category | None = None,
                     language: str = "ja", description: str = "") -> Checklist:  # fmt: skip
    """A new checklist with an empty draft version 1."""
    require_pmo(actor)
    checklist = Checklist(code=(code or "").strip().upper(), title=title, purpose=purpose, category=category,
                          language=language, owner=actor)  # fmt: skip
    rules = Rules()
    validate(checklist, CHECKLIST_FIELDS, rules)
    rules.raise_if_any()
    checklist.save()
    draft = ChecklistVersion.objects.create(checklist=checklist, number=1, description=description, created_by=actor)
    record_create(actor=actor, obj=checklist, fields=CHECKLIST_FIELDS)
    record_create(actor=actor, obj=draft, fields=["number", "description"])
    return checklist


@transaction.atomic
def update_checklist(*, actor, checklist: Checklist, expected_version: int | None, title: str = UNSET,
                     purpose: str = UNSET, category: Category | None = UNSET, language: str = UNSET) -> Checklist:  # fmt: skip
    require_pmo(actor)
    current = lock(checklist)
    require_not_retired(current)
    check_version(current, expected_version)
    values = given(title=title, purpose=purpose, category=category, language=language)
    candidate = Checklist(**{f.attname: getattr(current, f.attname) for f in Checklist._meta.concrete_fields})
    for key, value in values.items():
        setattr(candidate, key, value)
    rules = Rules()
    validate(candidate, values, rules, unique=False)
    rules.raise_if_any()
    save_changes(actor=actor, obj=checklist, current=current, values=values)
    return checklist


def _copy_into_draft(*, actor, checklist: Checklist, change_note: str = "") -> ChecklistVersion:
    """A new draft copying the latest version and its items (the caller holds the checklist's lock)."""
    source = checklist.versions.order_by("-number").first()
    draft = ChecklistVersion.objects.create(
        checklist=checklist,
        number=(source.number + 1) if source else 1,
        description=source.description if source else "",
        change_note=change_note,
        created_by=actor,
    )
    if source is not None:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(checklist_version=draft, position=item.position, **{n: getattr(item, n) for n in ITEM_FIELDS})
            for item in source.items.all()
        )
    record_create(actor=actor, obj=draft, fields=["number", "change_note"])
    return draft


@transaction.atomic
def new_version(*, actor, checklist: Checklist, change_note: str = "") -> ChecklistVersion:
    require_pmo(actor)
    current = lock(checklist)
    require_not_retired(current)
    if current.versions.filter(state=VersionState.DRAFT).exists():
        raise InvalidTransition(DRAFT_EXISTS)
    return _copy_into_draft(actor=actor, checklist=current, change_note=change_note)


@transaction.atomic
def update_draft(*, actor, version: ChecklistVersion, expected_version: int | None, description: str = UNSET,
                 change_note: str = UNSET) -> ChecklistVersion:  # fmt: skip
    require_pmo(actor)
    require_not_retired(lock(version.checklist))
    current = lock(version)
    require_draft(current)
    check_version(current, expected_version)
    values = given(description=description, change_note=change_note)
    rules = Rules()
    validate(ChecklistVersion(**{"description": current.description, "change_note": current.change_note, **values}),
             values, rules)  # fmt: skip
    rules.raise_if_any()
    save_changes(actor=actor, obj=version, current=current, values=values)
    return version


def _item_rules(rules: Rules, item: ChecklistItem, names) -> None:
    validate(item, [n for n in names if n in ITEM_FIELDS], rules)
    if "text" in names and not (item.text or "").strip():
        rules.add("text", _("Write the item's text."))
    url = (item.source_url or "").strip()
    if "source_url" in names and url and not url.lower().startswith(SOURCE_URL_SCHEMES):
        rules.add("source_url", BAD_SOURCE_URL)


def _locked_draft(actor, version: ChecklistVersion) -> ChecklistVersion:
    require_pmo(actor)
    require_not_retired(lock(version.checklist))
    current = lock(version)
    require_draft(current)
    return current


def _append(*, actor, draft: ChecklistVersion, values: dict) -> ChecklistItem:
    rules = Rules()
    item = ChecklistItem(checklist_version=draft, position=0, **values)
    _item_rules(rules, item, values)
    rules.raise_if_any()
    last = draft.items.aggregate(last=Max("position"))["last"]
    item.position = (last or 0) + 1
    item.save()
    audit.record(actor=actor, action="add_item", obj=draft, changes={"item": [None, item.text]})
    return item


@transaction.atomic
def add_item(*, actor, version: ChecklistVersion, text: str, guidance: str = "", required: bool = False,
             source_url: str = "", source_label: str = "", source_key: str = "") -> ChecklistItem:  # fmt: skip
    """Append an item to a draft version."""
    draft = _locked_draft(actor, version)
    values = {"text": text, "guidance": guidance, "required": required, "source_url": source_url,
              "source_label": source_label, "source_key": source_key}  # fmt: skip
    return _append(actor=actor, draft=draft, values=values)


@transaction.atomic
def add_item_to_draft(*, actor, checklist: Checklist, text: str, guidance: str = "", required: bool = False,
                      source_url: str = "", source_label: str = "", source_key: str = "") -> ChecklistItem:  # fmt: skip
    """Add an item to the checklist's current draft, creating the draft (a copy of the latest version) if none.

    The knowledge base promotes a lesson with this (``source_key`` e.g. ``"knowledge.lesson:42"``)."""
    require_pmo(actor)
    current = lock(checklist)
    require_not_retired(current)
    values = {"text": text, "guidance": guidance, "required": required, "source_url": source_url,
              "source_label": source_label, "source_key": source_key}  # fmt: skip
    rules = Rules()
    _item_rules(rules, ChecklistItem(position=0, **values), values)
    rules.raise_if_any()
    draft = current.versions.filter(state=VersionState.DRAFT).first()
    if draft is None:
        draft = _copy_into_draft(actor=actor, checklist=current)
    return _append(actor=actor, draft=draft, values=values)


@transaction.atomic
def update_item(*, actor, item: ChecklistItem, text: str = UNSET, guidance: str = UNSET, required: bool = UNSET,
                source_url: str = UNSET, source_label: str = UNSET) -> ChecklistItem:  # fmt: skip
    draft = _locked_draft(actor, item.checklist_version)
    current = ChecklistItem.objects.select_for_update().get(pk=item.pk, checklist_version=draft)
    values = given(text=text, guidance=guidance, required=required, source_url=source_url, source_label=source_label)
    candidate = ChecklistItem(**{f.attname: getattr(current, f.attname) for f in ChecklistItem._meta.concrete_fields})
    for key, value in values.items():
        setattr(candidate, key, value)
    rules = Rules()
    _item_rules(rules, candidate, values)
    rules.raise_if_any()
    before = audit.snapshot(current, list(values))
    for key, value in values.items():
        setattr(item, key, value)
    changes = audit.diff(before, audit.snapshot(item, list(values)))
    if changes:
        item.save(update_fields=list(changes))
        audit.record(actor=actor, action="update_item", obj=draft, changes=changes, comment=item.text[:200])
    return item


@transaction.atomic
def remove_item(*, actor, item: ChecklistItem) -> None:
    """Remove an item from a draft (it was never published, so no run can have answered it)."""
    draft = _locked_draft(actor, item.checklist_version)
    ChecklistItem.objects.filter(pk=item.pk, checklist_version=draft).delete()
    audit.record(actor=actor, action="remove_item", obj=draft, changes={"item": [item.text, None]})
    _renumber(draft)


def _renumber(draft: ChecklistVersion) -> None:
    items = list(draft.items.order_by("position", "id"))
    for index, item in enumerate(items, start=1):
        item.position = index
    ChecklistItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def reorder_items(*, actor, version: ChecklistVersion, item_ids: list[int]) -> ChecklistVersion:
    """Put the draft's items in the order of ``item_ids``, which must list every item of the draft exactly once."""
    draft = _locked_draft(actor, version)
    items = {item.pk: item for item in draft.items.all()}
    if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
        raise RuleError(_("The new order must list every item of this version exactly once."), field="items")
    before = [items[pk].position for pk in item_ids]
    for index, pk in enumerate(item_ids, start=1):
        items[pk].position = index
    ChecklistItem.objects.bulk_update(list(items.values()), ["position"])
    if before != list(range(1, len(item_ids) + 1)):
        audit.record(actor=actor, action="reorder", obj=draft, changes={"order": [None, item_ids]})
    return draft


@transaction.atomic
def move_item(*, actor, item: ChecklistItem, direction: str) -> ChecklistItem:
    """Move an item one place ``"up"`` or ``"down"`` (the buttons that work without JavaScript)."""
    if direction not in ("up", "down"):
        raise RuleError(_("Move an item up or down."), field="direction")
    draft = _locked_draft(actor, item.checklist_version)
    order = list(draft.items.order_by("position", "id").values_list("pk", flat=True))
    index = order.index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        reorder_items(actor=actor, version=draft, item_ids=order)
    return item


@transaction.atomic
def publish(*, actor, checklist: Checklist, expected_version: int | None) -> ChecklistVersion:
    require_pmo(actor)
    current = lock(checklist)
    require_not_retired(current)
    check_version(current, expected_version)
    draft = current.versions.select_for_update().filter(state=VersionState.DRAFT).first()
    if draft is None:
        raise InvalidTransition(NOTHING_TO_PUBLISH)
    if not draft.items.exists():
        raise RuleError(_("Add at least one item before publishing."), field="items")
    if draft.number > 1 and not draft.change_note.strip():
        raise RuleError(_("Say what changed in this version (the change note)."), field="change_note")
    current.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.SUPERSEDED)
    save_changes(actor=actor, obj=draft, current=draft, action="publish",
                 values={"state": VersionState.PUBLISHED, "published_at": timezone.now(), "published_by": actor})  # fmt: skip
    save_changes(actor=actor, obj=checklist, current=current, action="publish",
                 values={"status": StandardStatus.PUBLISHED, "current_version": draft})  # fmt: skip
    return draft


@transaction.atomic
def retire(*, actor, checklist: Checklist, expected_version: int | None, reason: str = "") -> Checklist:
    """Retire (final): no new runs; runs already started keep their version and can still be completed."""
    require_pmo(actor)
    current = lock(checklist)
    require_not_retired(current)
    check_version(current, expected_version)
    save_changes(actor=actor, obj=checklist, current=current, values={"status": StandardStatus.RETIRED},
                 action="retire", comment=reason)  # fmt: skip
    return checklist
