"""The look every chart shares, on the web and in PDFs: one red/amber/green, one font, one empty state.

Figures are plain dicts (plotly's JSON figure format), so a page hands them to ``json_script`` and a PDF to
``reporting.charts.svg.figure_svg`` unchanged: the same figure, drawn twice.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

#: The portal's RAG colours (static/css/portal.css ``.rag-*``): the same red, amber and green everywhere.
RAG_COLOURS: dict[str, str] = {"green": "#1e7b34", "amber": "#ffc107", "red": "#b02a37", "none": "#adb5bd"}
#: Series colours for PV / EV / AC and baseline / forecast lines (Bootstrap's palette, colour-blind distinct).
SERIES_COLOURS: dict[str, str] = {
    "pv": "#6c757d",
    "ev": "#0d6efd",
    "ac": "#d63384",
    "forecast": "#fd7e14",
    "baseline": "#6c757d",
    "actual": "#198754",
}
#: Japanese first, so that SVG exports rendered by WeasyPrint find the embedded CJK font.
FONT_FAMILY = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, sans-serif"


def yen_label(label: str) -> str:
    """An axis title with its unit: ``予算 (円)`` / ``Budget (yen)``."""
    return _("%(label)s (yen)") % {"label": label}


def base_layout(
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    height: int = 320,
    showlegend: bool = True,
    x_type: str | None = None,
    y_type: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A plotly layout with the portal's title, axis labels, font and margins."""
    layout: dict[str, Any] = {
        "title": {
            "text": str(title),
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": 0.98,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 14},
        },
        "font": {"family": FONT_FAMILY, "size": 11, "color": "#212529"},
        "height": height,
        "margin": {"l": 56, "r": 16, "t": 56, "b": 40},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": showlegend,
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "xaxis": {
            "title": {"text": str(x_title)},
            "gridcolor": "#e9ecef",
            "zerolinecolor": "#ced4da",
            "automargin": True,
        },
        "yaxis": {
            "title": {"text": str(y_title)},
            "gridcolor": "#e9ecef",
            "zerolinecolor": "#ced4da",
            "automargin": True,
        },
    }
    if x_type:
        layout["xaxis"]["type"] = x_type
    if y_type:
        layout["yaxis"]["type"] = y_type
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    return {"data": data, "layout": layout}


def empty_figure(title: str, *, height: int = 320, message: str | None = None) -> dict[str, Any]:
    """A chart with nothing to show says so ("no data yet") instead of drawing an empty frame."""
    layout = base_layout(title=title, height=height, showlegend=False)
    hidden = {"visible": False}
    layout["xaxis"] = hidden
    layout["yaxis"] = hidden
    layout["annotations"] = [
        {
            "text": str(message or _("No data yet")),
            "showarrow": False,
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "font": {"size": 14, "color": "#6c757d"},
        }
    ]
    return {"data": [], "layout": layout, "meta": {"empty": True}}


def is_empty(fig: dict[str, Any]) -> bool:
    return bool(fig.get("meta", {}).get("empty"))
