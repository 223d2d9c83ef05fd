"""A checked import is confirmed once: a double click 30 ms apart, or five concurrent confirmations, import it exactly
once (the preview row is locked for the whole import); the others are told it was imported, never a 500.

Milestones are the kind to show it with: nothing in the database refuses a second copy of a milestone, so only the
preview's state stands between a double click and a doubled schedule."""

from __future__ import annotations

import csv
import io
import threading
import time

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from projects import imports
from projects.models import ImportPreview, ImportPreviewState, Milestone
from projects.services import imports as import_services
from tests.factories import ProjectFactory

ROWS = [
    ["project", "name", "baseline_date", "weight"],
    ["PRJ-ONCE-1", "要件定義完了", "2026-06-30", "1"],
    ["PRJ-ONCE-1", "基本設計完了", "2026-08-31", "2"],
    ["PRJ-ONCE-1", "総合テスト完了", "2026-12-15", "2"],
]


def _csv() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(ROWS)
    return out.getvalue().encode()


def _sheet() -> imports.Sheet:
    grid = [(n, row) for n, row in enumerate(ROWS, start=1)]
    return imports.sheet_from_grid(imports.MILESTONES, "m.csv", grid)


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs it)")


@pytest.mark.django_db(transaction=True)
def test_five_concurrent_confirmations_import_once(pm_user):
    _needs_postgres()
    ProjectFactory(code="PRJ-ONCE-1", pm=pm_user)
    token = import_services.keep_preview(actor=pm_user, sheet=_sheet()).token
    outcomes: list[str] = []
    barrier = threading.Barrier(5)

    def confirm():
        try:
            barrier.wait(timeout=10)
            outcome = import_services.confirm_import(actor=pm_user, token=token)
            outcomes.append("imported" if outcome.ok else "refused")
        except import_services.AlreadyImported:
            outcomes.append("already")
        except Exception as exc:  # noqa: BLE001 - any other answer is the failure this test looks for
            outcomes.append(repr(exc))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=confirm) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already"] * 4 + ["imported"], outcomes
    assert Milestone.objects.count() == 3
    preview = ImportPreview.objects.get(token=token)
    assert preview.state == ImportPreviewState.IMPORTED and preview.imported_count == 3


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_the_page_imports_once(pm_user):
    _needs_postgres()
    ProjectFactory(code="PRJ-ONCE-1", pm=pm_user)
    first = Client()
    first.force_login(pm_user)
    first.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = first.post(reverse("projects:import"), {"kind": "milestones", "file": _file()})
    assert response.context["can_confirm"], response.context["errors"]
    token = response.context["confirm_form"]["token"].value()
    answers: dict[int, object] = {}

    def click(index: int, delay: float):
        time.sleep(delay)
        try:
            answers[index] = first.post(reverse("projects:import_confirm"), {"token": token})
        finally:
            close_old_connections()

    threads = [threading.Thread(target=click, args=(i, 0.03 * i)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Milestone.objects.count() == 3
    assert all(answer.status_code == 302 for answer in answers.values()), answers
    # The session's messages: a success and an "already imported" (whichever click came second). Both clicks share
    # one session, so the second answer may also carry the first one's message: compare the distinct texts.
    texts = {str(m) for answer in answers.values() for m in get_messages(answer.wsgi_request)}
    assert "3 milestones imported." in texts
    assert any(t.startswith("This file was already imported (3 rows, at ") for t in texts), texts
    assert len(texts) == 2, texts
    # And a third click, later, says the same and writes nothing.
    again = first.post(reverse("projects:import_confirm"), {"token": token}, follow=True)
    assert again.status_code == 200 and "This file was already imported" in again.content.decode()
    assert Milestone.objects.count() == 3


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("m.csv", _csv())


@pytest.mark.django_db
def test_a_preview_is_only_its_uploaders_and_expires(pm_user, other_pm, pmo_user, frozen_now):
    ProjectFactory(code="PRJ-ONCE-1", pm=pm_user)
    preview = import_services.keep_preview(actor=pm_user, sheet=_sheet())
    for stranger in (other_pm, pmo_user):
        with pytest.raises(import_services.PreviewExpired):
            import_services.confirm_import(actor=stranger, token=preview.token)
    with pytest.raises(import_services.PreviewExpired):
        import_services.confirm_import(actor=pm_user, token="not-a-token")
    later = frozen_now + import_services.PREVIEW_VALID * 1.5
    with time_machine.travel(later, tick=False), pytest.raises(import_services.PreviewExpired):
        import_services.confirm_import(actor=pm_user, token=preview.token)
    assert not Milestone.objects.exists()
    # A day later the next upload clears the old preview away.
    with time_machine.travel(frozen_now + import_services.PREVIEW_KEPT * 1.1, tick=False):
        import_services.keep_preview(actor=pm_user, sheet=_sheet())
    assert not ImportPreview.objects.filter(pk=preview.pk).exists()


@pytest.mark.django_db
def test_a_preview_refused_on_the_recheck_cannot_be_confirmed_again(pm_user):
    project = ProjectFactory(code="PRJ-ONCE-1", pm=pm_user)
    preview = import_services.keep_preview(actor=pm_user, sheet=_sheet())
    project.pm = ProjectFactory().pm  # the project changes hands between the preview and the confirmation
    project.save(update_fields=["pm"])
    outcome = import_services.confirm_import(actor=pm_user, token=preview.token)
    assert not outcome.ok and not Milestone.objects.exists()
    preview.refresh_from_db()
    assert preview.state == ImportPreviewState.REFUSED
    with pytest.raises(import_services.PreviewExpired):
        import_services.confirm_import(actor=pm_user, token=preview.token)
