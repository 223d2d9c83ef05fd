"""PDF reports: the weekly status report (one project) and the QCD report (portfolio or org unit), rendered by
WeasyPrint from Django templates, from the frozen figures of submitted status reports, with the charts as vector
SVG exported from the same plotly figures as the web pages (``reporting.charts.svg``)."""

from reporting.pdf.build import build_pdf, render_html

__all__ = ["build_pdf", "render_html"]
