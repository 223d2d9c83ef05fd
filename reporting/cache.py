"""The executive dashboard's summary cache: counts, totals, roll-ups and the six chart figures of one filter.

What is cached: everything on the dashboard except the table page (always live, one query). The key is the filter
(minus sort and page), who may see what (``all`` for the roles that see every project, else the user's id), the
language (figures hold translated labels), today's date (stale flags, trend window, issue ages) and the portfolio
version — so a cached summary is never served after a change it does not show.

The portfolio version is the ``PortfolioVersion`` row in the database (one cheap query per dashboard request), so
every web process sees the same version whatever the cache backend (local memory per process or Redis). It is
bumped after commit (``transaction.on_commit``) of any change to a model the dashboard reads — projects (their
cached figures included), status reports, milestones, risks, issues, baselines, memberships, org units, programs —
and of any audit entry, which every service writes with its change (so a service's ``queryset.update()`` counts
too). Bumping after commit is what makes it correct: a request that read the old version while the change was
committing may store newer figures under the old key (harmless), and one that reads the new version sees the change.
A process-local counter is bumped at once as well, so the same process never serves its own stale figures even
before commit (and in tests, whose transactions never commit).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from core import roles
from reporting.models import PortfolioVersion

logger = logging.getLogger(__name__)

#: Safety net only: a summary is invalidated by the version, not by time.
TIMEOUT = 15 * 60
_local = itertools.count(1)
_local_value = 0


def _bump_local() -> None:
    global _local_value
    _local_value = next(_local)


def new_generation() -> None:
    """Make this process forget every summary it cached (the test suite calls it before each test: a test's rolled
    back data must never be served to the next one)."""
    _bump_local()


def _bump_database() -> None:
    try:
        if not PortfolioVersion.objects.filter(pk=1).update(counter=F("counter") + 1):
            current_version()
    except Exception:  # noqa: BLE001 - never fail a committed change; the TTL bounds staleness
        logger.warning("could not bump the portfolio version", exc_info=True)


def bump_pending(using: str | None = None) -> bool:
    """Whether the current transaction already bumps the database version when it commits."""
    return any(func is _bump_database for _sids, func, _robust in transaction.get_connection(using).run_on_commit)


def bump(**kwargs) -> None:
    """Invalidate every cached dashboard summary once the current transaction commits (one bump per transaction,
    however many rows it writes)."""
    _bump_local()
    if not bump_pending():
        transaction.on_commit(_bump_database)


def current_version() -> str:
    """The portfolio version (one query; the row is created on first use with a fresh epoch)."""
    row = PortfolioVersion.objects.filter(pk=1).values_list("epoch", "counter").first()
    if row is None:
        try:
            with transaction.atomic():
                obj = PortfolioVersion.objects.create(pk=1, epoch=secrets.token_hex(8), counter=0)
            row = (obj.epoch, obj.counter)
        except IntegrityError:  # created meanwhile by another request
            row = PortfolioVersion.objects.filter(pk=1).values_list("epoch", "counter").get()
    return f"{row[0]}.{row[1]}.{_local_value}"


def scope(user) -> str:
    return "all" if roles.sees_everything(user) else f"u{user.pk}"


def summary_key(*, user, params: dict[str, Any]) -> str:
    payload = json.dumps(
        {
            "scope": scope(user),
            "params": sorted((k, str(v)) for k, v in params.items() if v not in (None, "")),
            "lang": translation.get_language(),
            "today": timezone.localdate().isoformat(),
            "version": current_version(),
        },
        sort_keys=True,
    )
    return "reporting:summary:" + hashlib.sha256(payload.encode()).hexdigest()


def cached_summary(*, user, params: dict[str, Any], build: Callable[[], dict]) -> dict:
    """The summary for this user and filter: from the cache, else built and stored."""
    key = summary_key(user=user, params=params)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def watched_models() -> list:
    from core.models import AuditEntry
    from projects.models import (
        Baseline,
        Issue,
        Meeting,
        Milestone,
        OrgUnit,
        Program,
        Project,
        ProjectMembership,
        Risk,
        StatusReport,
        SurveyAnswer,
    )
    from standards.models import ChecklistRun

    # The dashboard's models, and what else the KPI page counts (meetings, survey answers, checklist runs).
    return [
        AuditEntry, Baseline, Issue, Meeting, Milestone, OrgUnit, Program, Project, ProjectMembership, Risk,
        StatusReport, SurveyAnswer, ChecklistRun,
    ]  # fmt: skip


def connect() -> None:
    """Connect the bump to every write of the watched models (from ``ReportingConfig.ready``)."""
    for model in watched_models():
        uid = f"reporting-cache-{model._meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=uid + "-save", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=uid + "-delete", weak=False)
