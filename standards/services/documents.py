"""Standard documents, their versions and categories. Only the PMO writes; nothing is deleted.

Life cycle: a new document starts with a draft version 1; publishing a draft makes it the current version (the one
it replaces becomes superseded, still readable and downloadable) and the document published; ``new_version`` copies
the current version into a new draft. A published or superseded version is never edited. Retired is final.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import InvalidTransition, RuleError, Rules
from core.locking import check_version, lock
from core.unset import UNSET, given
from core.uploads import validate_upload
from standards.models import Category, DocumentVersion, StandardDocument, StandardStatus, VersionState
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
from standards.services.files import discards_uploads, store

DOCUMENT_FIELDS = ["code", "title", "kind", "category", "language"]
DRAFT_FIELDS = ["body", "change_note"]


@transaction.atomic
def create_category(*, actor, name: str, description: str = "", position: int = 0) -> Category:
    require_pmo(actor)
    category = Category(name=name, description=description, position=position)
    rules = Rules()
    validate(category, ["name", "description", "position"], rules)
    rules.raise_if_any()
    category.save()
    record_create(actor=actor, obj=category, fields=["name", "description", "position"])
    return category


@transaction.atomic
def update_category(*, actor, category: Category, expected_version: int | None, name: str = UNSET,
                    description: str = UNSET, position: int = UNSET) -> Category:  # fmt: skip
    require_pmo(actor)
    current = lock(category)
    check_version(current, expected_version)
    values = given(name=name, description=description, position=position)
    rules = Rules()
    candidate = Category(pk=current.pk, **{**{f: getattr(current, f) for f in ("name", "description", "position")},
                                           **values})  # fmt: skip
    candidate._state.adding = False  # an existing row: the uniqueness of its name excludes itself
    validate(candidate, values, rules)
    rules.raise_if_any()
    save_changes(actor=actor, obj=category, current=current, values=values)
    return category


@transaction.atomic
def move_category(*, actor, category: Category, direction: str) -> Category:
    """Move a category one place up or down the library's order (position, then name). With distinct positions the
    two neighbours swap theirs; when positions tie, the order is renumbered 1, 2, 3… first. Each category whose
    position changes gets its version bumped and an audit entry; at either end nothing moves and nothing is written."""
    require_pmo(actor)
    if direction not in ("up", "down"):
        raise RuleError(_("Move the category up or down."), field="direction")
    ordered = list(Category.objects.select_for_update().order_by("position", "name", "pk"))
    index = next((i for i, c in enumerate(ordered) if c.pk == category.pk), None)
    if index is None:
        raise RuleError(_("There is no such category."), field="category")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return category
    mine, theirs = ordered[index], ordered[other]
    if len({c.position for c in ordered}) == len(ordered):
        wanted = {mine.pk: theirs.position, theirs.pk: mine.position}
    else:
        ordered[index], ordered[other] = theirs, mine
        wanted = {c.pk: number for number, c in enumerate(ordered, start=1)}
    for current in ordered:
        number = wanted.get(current.pk, current.position)
        if current.position != number:
            target = category if current.pk == category.pk else current
            save_changes(actor=actor, obj=target, current=current, values={"position": number})
    category.refresh_from_db()
    return category


def _attach(version: DocumentVersion, file) -> None:
    info = validate_upload(file)
    version.file_name = store(file, prefix="standards/documents")
    version.file_original_name = info.original_name
    version.file_content_type = info.content_type
    version.file_size = info.size
    version.file_sha256 = info.sha256


@discards_uploads
@transaction.atomic
def create_document(
    *,
    actor,
    code: str,
    title: str,
    kind: str,
    category: Category | None = None,
    language: str = "ja",
    body: str = "",
    change_note: str = "",
    file=None,
) -> StandardDocument:
    """A new document with its draft version 1 (a body and/or an attached file)."""
    require_pmo(actor)
    document = StandardDocument(
        code=(code or "").strip().upper(), title=title, kind=kind, category=category, language=language, owner=actor
    )
    draft = DocumentVersion(number=1, body=body, change_note=change_note, created_by=actor)
    rules = Rules()
    validate(document, DOCUMENT_FIELDS, rules)
    validate(draft, DRAFT_FIELDS, rules)
    rules.raise_if_any()
    if file is not None:
        _attach(draft, file)
    document.save()
    draft.document = document
    draft.save()
    record_create(actor=actor, obj=document, fields=DOCUMENT_FIELDS)
    record_create(actor=actor, obj=draft, fields=["number", *DRAFT_FIELDS, "file_original_name"])
    return document


@transaction.atomic
def update_document(*, actor, document: StandardDocument, expected_version: int | None, title: str = UNSET,
                    kind: str = UNSET, category: Category | None = UNSET, language: str = UNSET) -> StandardDocument:  # fmt: skip
    """The document's own fields (not its content, which lives in versions)."""
    require_pmo(actor)
    current = lock(document)
    require_not_retired(current)
    check_version(current, expected_version)
    values = given(title=title, kind=kind, category=category, language=language)
    candidate = StandardDocument(
        **{f.attname: getattr(current, f.attname) for f in StandardDocument._meta.concrete_fields}
    )
    for key, value in values.items():
        setattr(candidate, key, value)
    rules = Rules()
    validate(candidate, values, rules, unique=False)
    rules.raise_if_any()
    save_changes(actor=actor, obj=document, current=current, values=values)
    return document


@discards_uploads
@transaction.atomic
def update_draft(*, actor, version: DocumentVersion, expected_version: int | None, body: str = UNSET,
                 change_note: str = UNSET, file=UNSET, remove_file: bool = False) -> DocumentVersion:  # fmt: skip
    """Edit a draft version; a published one is refused (make a new version)."""
    require_pmo(actor)
    parent = lock(version.document)
    require_not_retired(parent)
    current = lock(version)
    require_draft(current)
    check_version(current, expected_version)
    values = given(body=body, change_note=change_note)
    rules = Rules()
    validate(DocumentVersion(**{**{n: getattr(current, n) for n in DRAFT_FIELDS}, **values}), values, rules)
    rules.raise_if_any()
    if file is not UNSET and file is not None:
        _attach(version, file)
        values.update({n: getattr(version, n) for n in ("file_name", "file_original_name", "file_content_type",
                                                        "file_size", "file_sha256")})  # fmt: skip
    elif remove_file:
        values.update(file_name="", file_original_name="", file_content_type="", file_size=None, file_sha256="")
    save_changes(actor=actor, obj=version, current=current, values=values)
    return version


@transaction.atomic
def new_version(*, actor, document: StandardDocument, change_note: str = "") -> DocumentVersion:
    """A new draft copying the current (published) version; refused while a draft exists."""
    require_pmo(actor)
    current = lock(document)
    require_not_retired(current)
    if current.versions.filter(state=VersionState.DRAFT).exists():
        raise InvalidTransition(DRAFT_EXISTS)
    source = current.versions.order_by("-number").first()
    draft = DocumentVersion(
        document=current,
        number=(source.number + 1) if source else 1,
        body=source.body if source else "",
        change_note=change_note,
        created_by=actor,
    )
    if source is not None:
        for name in ("file_name", "file_original_name", "file_content_type", "file_size", "file_sha256"):
            setattr(draft, name, getattr(source, name))
    draft.save()
    record_create(actor=actor, obj=draft, fields=["number", "change_note"])
    return draft


@transaction.atomic
def publish(*, actor, document: StandardDocument, expected_version: int | None) -> DocumentVersion:
    """Publish the draft: it becomes current, the previous current one superseded, the document published."""
    require_pmo(actor)
    current = lock(document)
    require_not_retired(current)
    check_version(current, expected_version)
    draft = current.versions.select_for_update().filter(state=VersionState.DRAFT).first()
    if draft is None:
        raise InvalidTransition(NOTHING_TO_PUBLISH)
    if not draft.body.strip() and not draft.file_name:
        raise RuleError(_("Write a body or attach a file before publishing."), field="body")
    if draft.number > 1 and not draft.change_note.strip():
        raise RuleError(_("Say what changed in this version (the change note)."), field="change_note")
    current.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.SUPERSEDED)
    now = timezone.now()
    save_changes(actor=actor, obj=draft, current=draft,
                 values={"state": VersionState.PUBLISHED, "published_at": now, "published_by": actor},
                 action="publish")  # fmt: skip
    save_changes(actor=actor, obj=document, current=current,
                 values={"status": StandardStatus.PUBLISHED, "current_version": draft}, action="publish")  # fmt: skip
    return draft


@transaction.atomic
def retire(*, actor, document: StandardDocument, expected_version: int | None, reason: str = "") -> StandardDocument:
    """Retire the document (final): it leaves the library; its versions stay readable to the PMO."""
    require_pmo(actor)
    current = lock(document)
    require_not_retired(current)
    check_version(current, expected_version)
    save_changes(actor=actor, obj=document, current=current, values={"status": StandardStatus.RETIRED},
                 action="retire", comment=reason)  # fmt: skip
    return document
