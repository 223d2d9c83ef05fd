"""HTML → PDF with WeasyPrint. The charts are the pages' plotly figures exported as SVG (vector; text stays text)."""

from __future__ import annotations

import base64
import io
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reporting.charts import figures_svg, is_empty
from reporting.models import ReportKind
from reporting.pdf import context as pdf_context

# WeasyPrint reports each step at INFO and kaleido its browser's life: keep the worker's log for what matters.
for _name in ("weasyprint.progress", "kaleido", "choreographer"):
    logging.getLogger(_name).setLevel(logging.WARNING)

TEMPLATES = {
    ReportKind.WEEKLY_STATUS: "reporting/pdf/weekly_status.html",
    ReportKind.QCD: "reporting/pdf/qcd.html",
}
CHART_WIDTH = 720


@dataclass
class Built:
    data: bytes
    pages: int
    timings: dict[str, float] = field(default_factory=dict)


def _svg_images(figures: dict[str, dict]) -> dict[str, str | None]:
    """Each figure as a data: URL of its SVG (``None`` for an empty one: the template says "no data yet"); the
    report's figures are exported in one round trip to the warm browser."""
    drawn = [key for key, fig in figures.items() if not is_empty(fig)]
    svgs = dict(zip(drawn, figures_svg([figures[key] for key in drawn], width=CHART_WIDTH), strict=True))
    return {
        key: "data:image/svg+xml;base64," + base64.b64encode(svgs[key].encode("utf-8")).decode("ascii")
        if key in svgs
        else None
        for key in figures
    }


def render_html(run) -> tuple[str, dict[str, float]]:
    """The report's HTML in the run's language, and how long the data and the charts took."""
    timings = {}
    with translation.override(run.language or settings.LANGUAGE_CODE):
        started = time.perf_counter()
        ctx = pdf_context.weekly_context(run) if run.kind == ReportKind.WEEKLY_STATUS else pdf_context.qcd_context(run)
        timings["data"] = time.perf_counter() - started
        started = time.perf_counter()
        ctx["charts"] = _svg_images(ctx.pop("figures"))
        timings["charts"] = time.perf_counter() - started
        ctx.update(run=run, generated_at=timezone.localtime(), language=run.language)
        html = render_to_string(TEMPLATES[run.kind], ctx)
    return html, timings


def html_to_pdf(html: str) -> tuple[bytes, int]:
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    buffer = io.BytesIO()
    document.write_pdf(buffer)
    return buffer.getvalue(), len(document.pages)


def build_pdf(run) -> Built:
    html, timings = render_html(run)
    started = time.perf_counter()
    data, pages = html_to_pdf(html)
    timings["weasyprint"] = time.perf_counter() - started
    return Built(data=data, pages=pages, timings=timings)
