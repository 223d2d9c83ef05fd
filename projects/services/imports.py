"""Writing an imported file: every row or nothing, through the ordinary services so history is recorded.

``run_import`` validates the rows again inside the transaction (the database may have changed since the preview)
and writes only when every row is valid. A clash that slips past validation (another user creating the same code at
the same moment) rolls everything back and comes back as a file-level error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from core import audit as history
from projects import importing
from projects.models import Milestone, Project
from projects.services.items import create_item
from projects.services.projects import create_project


@dataclass
class ImportOutcome:
    validation: importing.Validation
    created: list[Any] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.created) and not self.file_errors and self.validation.is_valid


def import_projects(*, actor, rows: list[dict[str, Any]], filename: str = "") -> list[Project]:
    """Create each project with its first baseline (``rows`` are ``importing`` cleaned project rows)."""
    created = []
    with transaction.atomic():
        for row in rows:
            project = create_project(actor=actor, data=dict(row["data"]), baseline=dict(row["baseline"]))
            history.record(
                project=project,
                actor=actor,
                action="import",
                obj=project,
                comment=_("Imported from %(file)s") % {"file": filename} if filename else "",
            )
            created.append(project)
    return created


def import_milestones(*, actor, rows: list[dict[str, Any]]) -> list[Milestone]:
    """Create each milestone on its project (``rows`` are ``importing`` cleaned milestone rows)."""
    with transaction.atomic():
        return [
            create_item(actor=actor, model=Milestone, project=row["project"], data=dict(row["data"])) for row in rows
        ]


def run_import(*, actor, sheet: importing.Sheet) -> ImportOutcome:
    """Validate ``sheet`` for ``actor`` and, only if every row is valid, write all of it in one transaction."""
    try:
        with transaction.atomic():
            validation = importing.validate(sheet, actor)
            if not validation.is_valid:
                return ImportOutcome(validation=validation)
            if sheet.kind == importing.PROJECTS:
                created = import_projects(actor=actor, rows=validation.cleaned, filename=sheet.filename)
            else:
                created = import_milestones(actor=actor, rows=validation.cleaned)
            return ImportOutcome(validation=validation, created=created)
    except DatabaseError:
        # IntegrityError included: the transaction is rolled back, nothing is written.
        return ImportOutcome(
            validation=importing.validate(sheet, actor),
            file_errors=[_("The data changed while importing, so nothing was imported. Upload the file again.")],
        )
