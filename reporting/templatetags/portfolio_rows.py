"""The executive dashboard's portfolio table rows, written in Python with ``format_html`` (every value escaped, as
the template did): the dashboard is the heaviest page of the executive's day, and the template cost about 1 ms per
row (issue 11). ``tests/reporting/test_portfolio_rows.py`` compares the markup with the template it replaced."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.people import display_name
from core.templatetags.pmo import money, rag, ratio, ymd

register = template.Library()


@register.simple_tag
def portfolio_row(p) -> SafeString:
    """One row of ``reporting/includes/portfolio_table.html`` (``p`` from ``selectors.portfolio.table``, with the
    view's ``is_watermelon``, ``is_stale`` and ``suggested_label``)."""
    confidential = (
        format_html(' <i class="bi bi-lock" title="{0}" aria-label="{0}"></i>', _("Confidential"))
        if p.confidential
        else ""
    )
    program = format_html(" · {}", p.program.name) if p.program_id else ""
    state = (
        format_html(' <span class="badge text-bg-light border">{}</span>', p.get_state_display())
        if p.state != "active"
        else ""
    )
    flags = []
    if p.is_watermelon:
        flags.append(format_html(
            '<span class="flag-watermelon" data-testid="watermelon" title="{}"><i class="bi bi-exclamation-diamond-fill" '
            'aria-hidden="true"></i><span class="visually-hidden">{}</span></span>',
            _("The PM overrode the suggested RAG (%(s)s)") % {"s": p.suggested_label}, _("RAG overridden"),
        ))  # fmt: skip
    if p.escalated:
        flags.append(format_html(
            '<span class="text-danger" title="{0}"><i class="bi bi-megaphone-fill" aria-hidden="true"></i>'
            '<span class="visually-hidden">{0}</span></span>',
            _("Open escalation"),
        ))  # fmt: skip
    milestone_date = (
        format_html('<span class="text-body-secondary small">{}</span>', ymd(p.next_milestone_date))
        if p.next_milestone_date
        else ""
    )
    risks = format_html('<span class="text-danger fw-semibold">{}</span>', p.high_risks) if p.high_risks else "0"
    stale = (
        format_html(
            ' <span class="flag-stale" title="{}"><i class="bi bi-hourglass-bottom" aria-hidden="true"></i>'
            '<span class="visually-hidden">{}</span></span>',
            _("No report for two weeks or more"),
            _("Stale report"),
        )
        if p.is_stale
        else ""
    )
    return format_html(
        '<tr data-testid="row-{code}">'
        '<td><a href="{url}">{code}</a> {name}{confidential}'
        '<div class="small text-body-secondary">{org}{program}</div></td>'
        "<td>{pm}</td>"
        "<td>{phase}{state}</td>"
        '<td class="text-nowrap">{overall}{flags}</td>'
        '<td class="text-nowrap">{q} {c} {d}</td>'
        '<td class="text-end">{spi}</td><td class="text-end">{cpi}</td>'
        '<td class="text-end text-nowrap">{eac} / {bac}</td>'
        "<td>{milestone} {milestone_date}</td>"
        '<td class="text-end">{risks}</td>'
        '<td class="text-nowrap">{week}{stale}</td>'
        "</tr>",
        code=p.code,
        url=p.get_absolute_url(),
        name=p.name,
        confidential=confidential,
        org=p.org_unit.name,
        program=program,
        pm=display_name(p.pm),
        phase=p.get_phase_display(),
        state=state,
        overall=rag(p.overall_rag),
        flags=SafeString("".join(flags)),
        q=rag(p.snapshot_quality_rag),
        c=rag(p.snapshot_cost_rag),
        d=rag(p.snapshot_schedule_rag),
        spi=ratio(p.spi),
        cpi=ratio(p.cpi),
        eac=money(p.eac),
        bac=money(p.baseline.bac if p.baseline_id else None),
        milestone=p.next_milestone_name or "—",
        milestone_date=milestone_date,
        risks=risks,
        week=p.last_report_week or "—",
        stale=stale,
    )


@register.simple_tag
def rollup_row(r, param: str) -> SafeString:
    """One row of a dashboard roll-up (``reporting/includes/rollup.html``: by org unit or by program)."""
    if r["id"]:
        name = format_html('<a href="?{}={}">{}</a>', param, r["id"], r["name"])
    else:
        name = format_html('<span class="text-body-secondary">{}</span>', _("None"))
    return format_html(
        '<tr><td>{name}</td><td class="text-end">{n}</td><td class="text-end">{red}</td>'
        '<td class="text-end">{amber}</td><td class="text-end">{green}</td>'
        '<td class="text-end text-nowrap">{bac}</td><td class="text-end text-nowrap">{eac}</td>'
        '<td class="text-end text-nowrap{vac_css}">{vac}</td></tr>',
        name=name,
        n=r["n"],
        red=r["red"],
        amber=r["amber"],
        green=r["green"],
        bac=money(r["bac"]),
        eac=money(r["eac"]),
        vac_css=" text-danger" if r["vac"] is not None and r["vac"] < 0 else "",
        vac=money(r["vac"]),
    )
