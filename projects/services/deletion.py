"""Deleting a whole project or a weekly status report (the other items go through ``items.delete_item``)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit as history
from core.exceptions import InvalidTransition
from projects.models import Project, ReportState, StatusReport
from projects.services.metrics import refresh_project_snapshot

logger = logging.getLogger(__name__)


@transaction.atomic
def delete_project(*, actor, project: Project) -> None:
    """Delete a project with everything in it (baselines, reports, items and its history).

    ``Project.baseline`` protects the current baseline, so it is cleared first; the baselines then go with the
    project by cascade.
    """
    code = project.code
    Project.objects.filter(pk=project.pk).update(baseline=None)
    project.baseline = None
    project.delete()
    logger.info("%s deleted project %s", getattr(actor, "username", actor), code)


@transaction.atomic
def delete_status_report(*, actor, report: StatusReport) -> None:
    """Delete a draft that was never submitted; a submitted report is part of the record and stays."""
    locked = StatusReport.objects.select_for_update().get(pk=report.pk)
    if locked.state != ReportState.DRAFT or locked.revisions.exists():
        raise InvalidTransition(_("Only a draft that was never submitted can be deleted."))
    project = report.project
    history.record(project=project, actor=actor, action="delete", obj=report)
    report.delete()
    refresh_project_snapshot(project=project)
