"""The executive dashboard's figures, from ``reporting.selectors.portfolio`` rows (plain dicts in, plotly dicts out).

Each point that stands for a project carries the project page's URL as ``customdata``: charts.js opens it on click.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from projects.models import Priority
from reporting.charts.base import RAG_COLOURS, base_layout, empty_figure, figure, yen_label
from reporting.selectors.portfolio import AGE_BUCKETS


def project_url_maker():
    """``code → URL`` without one ``reverse`` per point."""
    marker = "__CODE__"
    template = reverse("projects:detail", kwargs={"code": marker})
    return lambda code: template.replace(marker, code)


def _f(value) -> float | None:
    return None if value is None else float(value)


def quadrant(points: list[dict]) -> dict:
    title = _("SPI × CPI")
    if not points:
        return empty_figure(title)
    url = project_url_maker()
    biggest = max((float(p["baseline__bac"] or 0) for p in points), default=0) or 1
    sizes = [8 + 30 * math.sqrt(float(p["baseline__bac"] or 0) / biggest) for p in points]
    hover = _("SPI %(spi)s · CPI %(cpi)s · BAC %(bac)s")
    texts = [
        f"{p['code']} {p['name']}<br>"
        + hover % {"spi": f"{p['spi']:.2f}", "cpi": f"{p['cpi']:.2f}", "bac": f"{int(p['baseline__bac'] or 0):,}"}
        for p in points
    ]
    spis = [_f(p["spi"]) for p in points]
    cpis = [_f(p["cpi"]) for p in points]
    low = min([0.6, *spis, *cpis]) - 0.05
    high = max([1.4, *spis, *cpis]) + 0.05
    data = [
        {
            "type": "scatter",
            "mode": "markers",
            "x": spis,
            "y": cpis,
            "text": texts,
            "customdata": [url(p["code"]) for p in points],
            "hovertemplate": "%{text}<extra></extra>",
            "marker": {
                "size": sizes,
                "color": [RAG_COLOURS.get(p["overall_rag"] or "none") for p in points],
                "line": {"width": 1, "color": "#495057"},
                "opacity": 0.85,
            },
            "name": _("Projects"),
        }
    ]
    layout = base_layout(
        title=title,
        x_title=_("SPI (schedule performance)"),
        y_title=_("CPI (cost performance)"),
        showlegend=False,
        height=360,
    )
    layout["xaxis"]["range"] = [low, high]
    layout["yaxis"]["range"] = [low, high]
    layout["shapes"] = [
        {"type": "line", "x0": 1, "x1": 1, "y0": low, "y1": high, "line": {"color": "#adb5bd", "dash": "dot"}},
        {"type": "line", "x0": low, "x1": high, "y0": 1, "y1": 1, "line": {"color": "#adb5bd", "dash": "dot"}},
    ]
    corner = {"showarrow": False, "font": {"size": 10, "color": "#6c757d"}, "xref": "x", "yref": "y"}
    layout["annotations"] = [
        {**corner, "x": high, "y": high, "xanchor": "right", "yanchor": "top", "text": _("ahead, under budget")},
        {**corner, "x": low, "y": low, "xanchor": "left", "yanchor": "bottom", "text": _("late, over budget")},
    ]
    return figure(data, layout)


def budget_vs_eac(rows: list[dict]) -> dict:
    title = _("Budget (BAC) vs estimate at completion (EAC)")
    if not rows:
        return empty_figure(title)
    url = project_url_maker()
    codes = [r["code"] for r in rows]
    links = [url(c) for c in codes]
    bac = [_f(r["baseline__bac"]) for r in rows]
    eac = [_f(r["eac"] if r["eac"] is not None else r["baseline__bac"]) for r in rows]
    data = [
        {"type": "bar", "name": _("BAC"), "x": codes, "y": bac, "customdata": links, "marker": {"color": "#adb5bd"}},
        {
            "type": "bar",
            "name": _("EAC"),
            "x": codes,
            "y": eac,
            "customdata": links,
            "marker": {"color": [RAG_COLOURS.get(r["overall_rag"] or "none") for r in rows]},
        },
    ]
    layout = base_layout(title=title, y_title=yen_label(_("Amount")), barmode="group")
    layout["xaxis"]["tickangle"] = -45
    return figure(data, layout)


def milestone_slips(rows: list[dict]) -> dict:
    title = _("Milestone slip")
    if not rows:
        return empty_figure(title, message=_("No milestone has slipped."))
    url = project_url_maker()
    rows = list(reversed(rows))  # the largest slip at the top
    colours = [RAG_COLOURS["red"] if r["max_slip_days"] > 10 else RAG_COLOURS["amber"] for r in rows]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [r["code"] for r in rows],
            "x": [r["max_slip_days"] for r in rows],
            "text": [r["name"] for r in rows],
            "textposition": "none",
            "customdata": [url(r["code"]) for r in rows],
            "hovertemplate": "%{y} %{text}<br>%{x}<extra></extra>",
            "marker": {"color": colours},
            "name": _("Days of slip"),
        }
    ]
    layout = base_layout(title=title, x_title=_("Days of slip (largest per project)"), showlegend=False)
    return figure(data, layout)


def rag_trend(rows: list[dict]) -> dict:
    title = _("Overall RAG over the last 26 weeks")
    if not rows:
        return empty_figure(title)
    weeks = [r["week"] for r in rows]
    labels = {"green": _("Green"), "amber": _("Amber"), "red": _("Red")}
    data = [
        {
            "type": "bar",
            "name": labels[key],
            "x": weeks,
            "y": [r[key] for r in rows],
            "marker": {"color": RAG_COLOURS[key]},
        }
        for key in ("green", "amber", "red")
    ]
    layout = base_layout(title=title, x_title=_("Week"), y_title=_("Projects"), barmode="stack")
    layout["xaxis"]["type"] = "category"
    return figure(data, layout)


def risk_heat(rows: list[dict]) -> dict:
    """The 5 × 5 risk matrix: each cell coloured by its zone (P × I: 15+ red, 8+ amber, else green) and labelled
    with its number of open risks. Square markers rather than a heatmap trace: plotly's heatmap sets inline style
    attributes, which the CSP refuses."""
    title = _("Open risks: probability × impact")
    if not rows:
        return empty_figure(title, message=_("No open risks."))
    counts = {(r["probability"], r["impact"]): r["n"] for r in rows}
    cells = [(p, i) for p in range(1, 6) for i in range(1, 6)]

    def zone(p, i):
        score = p * i
        return RAG_COLOURS["red"] if score >= 15 else RAG_COLOURS["amber"] if score >= 8 else RAG_COLOURS["green"]

    data = [
        {
            "type": "scatter",
            "mode": "markers+text",
            "x": [i for _p, i in cells],
            "y": [p for p, _i in cells],
            "text": [str(counts.get(c, "")) for c in cells],
            "textfont": {"size": 13, "color": "#ffffff"},
            "marker": {
                "symbol": "square",
                "size": 38,
                "color": [zone(*c) for c in cells],
                "opacity": [0.95 if counts.get(c) else 0.25 for c in cells],
            },
            "customdata": [counts.get(c, 0) for c in cells],
            "hovertemplate": _("Probability %{y} · impact %{x}: %{customdata}") + "<extra></extra>",
        }
    ]
    layout = base_layout(title=title, x_title=_("Impact"), y_title=_("Probability"), showlegend=False)
    layout["xaxis"].update({"dtick": 1, "range": [0.4, 5.6], "showgrid": False, "zeroline": False})
    layout["yaxis"].update({"dtick": 1, "range": [0.4, 5.6], "showgrid": False, "zeroline": False})
    return figure(data, layout)


def issue_ageing(rows: list[dict]) -> dict:
    title = _("Open issues by age")
    if not rows or not any(sum(v for k, v in r.items() if k.startswith("b")) for r in rows):
        return empty_figure(title, message=_("No open issues."))
    labels = []
    for low, high in AGE_BUCKETS:
        labels.append(
            _("%(low)s–%(high)s days") % {"low": low, "high": high}
            if high
            else _("over %(low)s days") % {"low": low - 1}
        )
    by_priority = {r["priority"]: r for r in rows}
    colours = {"critical": RAG_COLOURS["red"], "high": "#fd7e14", "medium": RAG_COLOURS["amber"], "low": "#6c757d"}
    data = []
    for value, label in reversed(Priority.choices):
        row = by_priority.get(value)
        if not row:
            continue
        data.append(
            {
                "type": "bar",
                "name": str(label),
                "x": labels,
                "y": [row[f"b{low}"] for low, _high in AGE_BUCKETS],
                "marker": {"color": colours.get(value, "#6c757d")},
            }
        )
    layout = base_layout(title=title, x_title=_("Age"), y_title=_("Open issues"), barmode="stack")
    return figure(data, layout)


def money(value) -> int:
    return int(value or Decimal(0))
