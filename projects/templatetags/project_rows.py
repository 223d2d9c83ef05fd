"""Table rows of the busiest pages, written in Python with ``format_html`` (every value escaped, as a template
would): the project list and the project page's status history.

Why not a template: Django's template engine spends about 1 ms per row of fifteen cells (variable lookups,
filters, includes, localisation), which made these rows most of their pages' time at company scale (issue 11,
``bench/results/``). Here a row costs a few hundredths of a millisecond. The markup is the one the templates had
(``tests/projects/test_list_rows.py`` compares both), so the pages look and test the same.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, normalize_newlines
from django.utils.translation import gettext as _

from core.people import display_name
from core.templatetags.pmo import amount, rag, ratio, ymd, ymd_hm
from projects.templatetags.status_tags import override_hint, state_badge

register = template.Library()

#: Below this an index (SPI, CPI) is shown in red.
LOW_INDEX = Decimal("0.85")


def _url_for(name: str, code: str, *rest: str) -> str:
    return reverse(name, args=[code, *rest])


def _whole(value) -> str:
    """``floatformat:0``: a whole number, half up."""
    if value is None or value == "":
        return ""
    return str(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _low(value) -> bool:
    return value is not None and value < LOW_INDEX


@register.simple_tag
def project_row(p) -> SafeString:
    """One row of the project list (``projects/project_list.html``; columns: ``views.project_pages.LIST_COLUMNS``)."""
    confidential = (
        format_html(
            ' <span class="badge text-bg-dark"><i class="bi bi-lock-fill" aria-hidden="true"></i> {}</span>',
            _("Confidential"),
        )  # fmt: skip
        if p.confidential
        else ""
    )
    bac = p.baseline.bac if p.baseline_id else None
    over = p.eac is not None and bac is not None and p.eac > bac
    if p.next_milestone_name:
        milestone = format_html('{} <span class="text-nowrap text-body-secondary">{}</span>', p.next_milestone_name,
                                ymd(p.next_milestone_date))  # fmt: skip
    else:
        milestone = "—"
    return format_html(
        "<tr>"
        '<td class="text-nowrap"><a href="{url}">{code}</a></td>'
        '<td class="col-name" title="{name}">{name}{confidential}</td>'
        '<td class="col-truncate" title="{org}">{org}</td>'
        '<td class="text-nowrap">{pm}</td>'
        "<td>{phase}</td>"
        "<td>{state}</td>"
        "<td>{overall}</td>"
        '<td class="text-nowrap"><span class="visually-hidden">{q_label}</span>{q} '
        '<span class="visually-hidden">{c_label}</span>{c} <span class="visually-hidden">{d_label}</span>{d}</td>'
        '<td class="text-end">{progress}%</td>'
        '<td class="text-end{spi_css}">{spi}</td>'
        '<td class="text-end{cpi_css}">{cpi}</td>'
        '<td class="text-end text-nowrap"><span{eac_css}>{eac}</span> / {bac}</td>'
        '<td class="col-name-sm">{milestone}</td>'
        '<td class="text-end{slip_css}">{slip}</td>'
        '<td class="text-nowrap">{week}</td>'
        "</tr>",
        url=p.get_absolute_url(),
        code=p.code,
        name=p.name,
        confidential=confidential,
        org=str(p.org_unit) if p.org_unit_id else "",
        pm=display_name(p.pm),
        phase=p.get_phase_display(),
        state=p.get_state_display(),
        overall=rag(p.overall_rag),
        q_label=_("Quality"),
        q=rag(p.snapshot_quality_rag),
        c_label=_("Cost"),
        c=rag(p.snapshot_cost_rag),
        d_label=_("Schedule"),
        d=rag(p.snapshot_schedule_rag),
        progress=_whole(p.percent_complete),
        spi_css=" text-danger fw-semibold" if _low(p.spi) else "",
        spi=ratio(p.spi),
        cpi_css=" text-danger fw-semibold" if _low(p.cpi) else "",
        cpi=ratio(p.cpi),
        eac_css=mark_safe(' class="text-danger fw-semibold"') if over else "",  # noqa: S308 - a constant
        eac=amount(p.eac),
        bac=amount(bac),
        milestone=milestone,
        slip_css=" text-danger" if p.max_slip_days > 0 else "",
        slip=p.max_slip_days,
        week=p.last_report_week or "—",
    )


def _one_decimal(value) -> str:
    """``floatformat:1``."""
    if value is None or value == "":
        return ""
    return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@register.simple_tag
def status_history_row(r, project_code: str) -> SafeString:
    """One row of the project page's status history (``projects/project_detail.html``); ``r.overrides`` as set
    by the view."""
    revision = (
        format_html(' <span class="small text-body-secondary">{}</span>', _("rev. %(n)s") % {"n": r.revision})
        if r.revision > 1
        else ""
    )
    if r.submitted_at:
        submitted = format_html('{}<br><span class="text-body-secondary">{}</span>', display_name(r.submitted_by),
                                ymd_hm(r.submitted_at))  # fmt: skip
    else:
        submitted = "—"
    if r.reviewed_at and r.state not in ("submitted", "draft"):
        comment = (
            format_html('<div data-testid="review-comment">{}</div>', Truncator(r.review_comment).chars(80))
            if r.review_comment
            else ""
        )
        review = format_html('{} <span class="text-body-secondary">{}</span>{}', display_name(r.reviewed_by),
                             ymd_hm(r.reviewed_at), comment)  # fmt: skip
    else:
        review = "—"
    number = (
        format_html('<div class="small text-body-secondary">#{}</div>', r.baseline_number) if r.baseline_number else ""
    )
    return format_html(
        '<tr data-week="{week}">'
        '<th scope="row" class="text-nowrap"><a href="{url}">{week}</a>{revision}</th>'
        "<td>{state}</td>"
        '<td class="text-nowrap">{overall}{overall_hint}</td>'
        '<td class="text-nowrap">{quality}{quality_hint}</td>'
        '<td class="text-nowrap">{cost}{cost_hint}</td>'
        '<td class="text-nowrap">{schedule}{schedule_hint}</td>'
        "<td>{scope}</td>"
        '<td class="text-end">{progress}%</td>'
        '<td class="text-end">{spi}</td>'
        '<td class="text-end">{cpi}</td>'
        '<td class="text-end text-nowrap" data-testid="report-bac">{bac}{number}</td>'
        '<td class="small">{summary}</td>'
        '<td class="small text-nowrap">{submitted}</td>'
        '<td class="small">{review}</td>'
        "</tr>",
        week=r.week,
        url=_url_for("projects:status_detail", project_code, r.week),
        revision=revision,
        state=state_badge(r),
        overall=rag(r.overall_rag),
        overall_hint=override_hint(r, "overall_rag"),
        quality=rag(r.quality_rag),
        quality_hint=override_hint(r, "quality_rag"),
        cost=rag(r.cost_rag),
        cost_hint=override_hint(r, "cost_rag"),
        schedule=rag(r.schedule_rag),
        schedule_hint=override_hint(r, "schedule_rag"),
        scope=rag(r.scope_rag),
        progress=_one_decimal(r.percent_complete),
        spi=ratio(r.spi),
        cpi=ratio(r.cpi),
        bac=amount(r.bac),
        number=number,
        summary=Truncator(r.summary).chars(80),
        submitted=submitted,
        review=review,
    )


_PRIORITY_BADGES = {
    "critical": "badge text-bg-danger",
    "high": "badge text-bg-warning",
    "medium": "badge text-bg-secondary",
}


def _multiline(text: str, limit: int) -> SafeString:
    """``truncatechars:<limit>|linebreaksbr``: escaped, new lines as ``<br>``."""
    return mark_safe(escape(normalize_newlines(Truncator(text).chars(limit))).replace("\n", "<br>"))  # noqa: S308


@register.simple_tag(takes_context=True)
def row_actions(context, item) -> SafeString:
    """The edit and delete buttons of a project item's row (``item.can_edit``, ``item.can_delete``, ``item.urls``
    as set by ``views.items``)."""
    parts = []
    if getattr(item, "can_edit", False):
        parts.append(format_html(
            '<a class="btn btn-outline-secondary btn-sm" href="{url}" hx-get="{url}" hx-target="closest tr" '
            'hx-swap="outerHTML"><i class="bi bi-pencil" aria-hidden="true"></i> {edit}'
            '<span class="visually-hidden">: {name}</span></a>',
            url=item.urls["edit"], edit=_("Edit"), name=item,
        ))  # fmt: skip
    if getattr(item, "can_delete", False):
        parts.append(format_html(
            '<form class="d-inline" method="post" action="{url}" data-confirm="{confirm}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<button type="submit" class="btn btn-outline-danger btn-sm"><i class="bi bi-trash" aria-hidden="true">'
            '</i> {delete}<span class="visually-hidden">: {name}</span></button></form>',
            url=item.urls["delete"], token=context.get("csrf_token", ""), delete=_("Delete"), name=item,
            confirm=_("Delete “%(name)s”? This cannot be undone.") % {"name": item},
        ))  # fmt: skip
    return mark_safe("\n".join(parts))  # noqa: S308 - each part built with format_html


@register.simple_tag(takes_context=True)
def issue_row(context, item) -> SafeString:
    """One row of a project's issue tab (``projects/items/_issue_row.html`` renders it for htmx swaps too)."""
    source = ""
    if item.source_risk_id:
        source = format_html(
            '<div class="small"><a href="{}#risk-{}"><i class="bi bi-link-45deg" aria-hidden="true"></i> {}: {}</a>'
            "</div>",
            context["tab_urls"]["risks"], item.source_risk_id, _("From risk"), item.source_risk.title,
        )  # fmt: skip
    description = (
        format_html('<div class="small text-body-secondary">{}</div>', _multiline(item.description, 160))
        if item.description
        else ""
    )
    overdue = item.is_overdue
    owner = (
        display_name(item.owner)
        if item.owner_id
        else format_html('<span class="text-body-secondary">{}</span>', _("Unassigned"))
    )
    resolved = (
        format_html('<div class="text-body-secondary">{} {}</div>', _("Resolved"), ymd(item.resolved_on))
        if item.resolved_on
        else ""
    )
    return format_html(
        '<tr id="{dom_id}"{row_css}>'
        '<th scope="row" class="fw-normal"><span class="fw-semibold">{title}</span>{source}{description}</th>'
        '<td><span class="{priority_css}">{priority}</span></td>'
        "<td>{status}</td>"
        "<td>{owner}</td>"
        '<td class="text-nowrap">{raised}</td>'
        '<td class="text-nowrap">{due}{overdue}</td>'
        "<td>{escalated}{escalation}</td>"
        '<td class="small">{resolution}{resolved}</td>'
        '<td class="text-end text-nowrap">{actions}</td>'
        "</tr>",
        dom_id=item.dom_id,
        row_css=mark_safe(' class="table-danger"') if overdue else "",  # noqa: S308 - a constant
        title=item.title,
        source=source,
        description=description,
        priority_css=_PRIORITY_BADGES.get(item.priority, "badge text-bg-light border"),
        priority=item.get_priority_display(),
        status=item.get_status_display(),
        owner=owner,
        raised=ymd(item.raised_on),
        due=ymd(item.due_date) or "—",
        overdue=format_html(' <span class="badge text-bg-danger">{}</span>', _("Overdue")) if overdue else "",
        escalated=mark_safe('<i class="bi bi-arrow-up-circle-fill text-danger" aria-hidden="true"></i> ')  # noqa: S308
        if item.escalation_level != "project"
        else "",
        escalation=item.get_escalation_level_display(),
        resolution=_multiline(item.resolution, 160),
        resolved=resolved,
        actions=row_actions(context, item),
    )
