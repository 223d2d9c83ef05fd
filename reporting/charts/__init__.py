"""Charts of the reporting app: plotly figures as plain dicts, drawn by static/reporting/charts.js on pages and
exported to SVG (``svg.figure_svg``) for PDFs. ``portfolio`` and ``project`` build the figures from selector rows."""

from reporting.charts.base import (
    FONT_FAMILY,
    RAG_COLOURS,
    SERIES_COLOURS,
    base_layout,
    empty_figure,
    figure,
    is_empty,
    yen_label,
)
from reporting.charts.svg import figure_svg, figures_svg, warm

__all__ = [
    "FONT_FAMILY",
    "RAG_COLOURS",
    "SERIES_COLOURS",
    "base_layout",
    "empty_figure",
    "figure",
    "figure_svg",
    "figures_svg",
    "is_empty",
    "warm",
    "yen_label",
]
