"""Closing a project asks its PM for at least one lesson (SPEC.md: "Closing a project asks for its lessons").

``closing_guard`` is registered with ``projects.extensions.register_change_guard``: when a change would move a
project to ``closed``, it refuses at ``state`` unless the project has a lesson (a draft or a published one) or a
recorded skip (``ClosureSkip``: who, why, when). The message points to the page where the PM writes one or skips:
a ``LinkedMessage``, plain text with the address in the API and a real link on the project form's page.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, RuleError
from core.locking import lock
from knowledge import permissions
from knowledge.models import ClosureSkip, Lesson, LessonState
from projects.models import Project, ProjectState

#: Lessons that count for closing: written (draft) or published, not retired or merged away.
COUNTING_STATES = (LessonState.DRAFT, LessonState.PUBLISHED)


def project_has_lesson(project_id: int) -> bool:
    return Lesson.objects.filter(source_project_id=project_id, state__in=COUNTING_STATES).exists()


def closing_settled(project_id: int) -> bool:
    """The project has a lesson, or its PM recorded why it has none."""
    return project_has_lesson(project_id) or ClosureSkip.objects.filter(project_id=project_id).exists()


def closing_guard(*, actor, project: Project, changes: dict, rules) -> None:
    """``projects.extensions`` change guard: no ``state`` → closed without a lesson or a recorded skip."""
    if changes.get("state") != ProjectState.CLOSED or project.state == ProjectState.CLOSED:
        return
    if closing_settled(project.pk):
        return
    url = reverse("knowledge:close", kwargs={"code": project.code})
    text = _(
        "Before closing the project, record at least one lesson learned from it, or skip with a reason, "
        "on the knowledge page: %(url)s"
    ) % {"url": url}
    lead = _("Before closing the project, record at least one lesson learned from it, or skip with a reason:")
    rules.add("state", LinkedMessage(text, lead=lead, url=url, link_text=_("record a lesson or skip")))


class LinkedMessage(str):
    """A refusal that sends the user to a page, kept structured so that each output shows it properly.

    As a string (the API's 400 body, logs, e-mails) it is the plain text with the page's address. On an HTML page
    Django's autoescape asks ``__html__``, which builds the same words with a real link through ``format_html``:
    the lead text, the address and the link text are all escaped (a project code is user text); nothing is ever
    marked safe as it is. It survives ``RuleError`` and form errors unchanged (``__str__`` returns itself, as
    Django's own ``SafeString`` does), so the project form shows the link at its "state" field."""

    lead: str
    url: str
    link_text: str

    def __new__(cls, text: str, *, lead: str, url: str, link_text: str) -> LinkedMessage:
        message = super().__new__(cls, text)
        message.lead, message.url, message.link_text = str(lead), str(url), str(link_text)
        return message

    def __str__(self) -> str:
        return self

    def __html__(self) -> str:
        return format_html('{} <a href="{}" class="alert-link">{}</a>', self.lead, self.url, self.link_text)


@transaction.atomic
def skip_closing_lesson(*, actor, project: Project, reason: str) -> ClosureSkip:
    """The project's PM (or deputy, or the PMO) records that it closes without a lesson, and why."""
    current = lock(project)
    if not permissions.can_record_closure(actor, current):
        raise NotAllowed(_("Only the project's PM or the PMO can decide this."))
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(_("Say why the project closes without a lesson."), field="reason")
    if ClosureSkip.objects.filter(project=current).exists():
        raise InvalidTransition(_("A reason for closing without a lesson is already recorded."), field="reason")
    try:
        with transaction.atomic():
            skip = ClosureSkip.objects.create(project=current, skipped_by=actor, reason=reason)
    except IntegrityError:
        raise InvalidTransition(
            _("A reason for closing without a lesson is already recorded."), field="reason"
        ) from None
    audit.record(project=current, actor=actor, action="skip_lesson", obj=skip, changes={"reason": [None, reason]})
    return skip
