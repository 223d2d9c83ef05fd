"""The project panel's figures (and the weekly status PDF's): RAG history, EVM S-curve, milestones."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from reporting.charts.base import RAG_COLOURS, SERIES_COLOURS, base_layout, empty_figure, figure, yen_label

_RAG_Y = {"green": 1, "amber": 2, "red": 3}


def _f(value):
    return None if value is None else float(value)


def rag_history(rows: list[dict]) -> dict:
    title = _("RAG history")
    if not rows:
        return empty_figure(title)
    weeks = [r["week"] for r in rows]
    labels = {1: _("Green"), 2: _("Amber"), 3: _("Red")}
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("Overall (PM)"),
            "x": weeks,
            "y": [_RAG_Y.get(r["overall_rag"]) for r in rows],
            "line": {"color": "#495057", "shape": "hv"},
            "marker": {"size": 9, "color": [RAG_COLOURS.get(r["overall_rag"], RAG_COLOURS["none"]) for r in rows]},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("Suggested"),
            "x": weeks,
            "y": [_RAG_Y.get(r["suggested_overall_rag"]) for r in rows],
            "marker": {"symbol": "circle-open", "size": 13, "color": "#0d6efd"},
        },
    ]
    layout = base_layout(title=title, x_title=_("Week"), height=260)
    layout["xaxis"]["type"] = "category"
    layout["yaxis"].update(
        {
            "tickvals": [1, 2, 3],
            "ticktext": [labels[1], labels[2], labels[3]],
            "range": [0.5, 3.5],
            "title": {"text": ""},
        }
    )
    return figure(data, layout)


def s_curve(rows: list[dict], plans: list[dict], *, bac=None, planned_end: dt.date | None = None) -> dict:
    """PV (the cost plan, cumulative), EV and AC at each submitted report, and a forecast line from the latest AC
    to the EAC at the planned end."""
    title = _("EVM S-curve")
    if not rows and not plans:
        return empty_figure(title)
    data = []
    if plans:
        total, xs, ys = 0.0, [], []
        for p in plans:
            total += float(p["planned_cost"])
            xs.append(p["month"].isoformat())
            ys.append(total)
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("PV (plan)"),
                "x": xs,
                "y": ys,
                "line": {"color": SERIES_COLOURS["pv"], "dash": "dot"},
            }
        )
    if rows:
        xs = [(r["week_start"] + dt.timedelta(days=4)).isoformat() for r in rows]
        for key, label in (("pv", _("PV")), ("ev", _("EV")), ("ac", _("AC"))):
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": label,
                    "x": xs,
                    "y": [_f(r[key]) for r in rows],
                    "line": {"color": SERIES_COLOURS[key]},
                    "marker": {"size": 4},
                }
            )
        last = rows[-1]
        if last["eac"] is not None and last["ac"] is not None and planned_end:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": _("Forecast to EAC"),
                    "x": [xs[-1], planned_end.isoformat()],
                    "y": [_f(last["ac"]), _f(last["eac"])],
                    "line": {"color": SERIES_COLOURS["forecast"], "dash": "dash"},
                }
            )
    layout = base_layout(title=title, x_title=_("Date"), y_title=yen_label(_("Cost")), height=300)
    if bac:
        layout["shapes"] = [
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": float(bac),
                "y1": float(bac),
                "line": {"color": "#adb5bd", "dash": "dot"},
            }
        ]
        layout["annotations"] = [
            {
                "xref": "paper",
                "x": 0,
                "y": float(bac),
                "text": _("BAC"),
                "showarrow": False,
                "yanchor": "bottom",
                "xanchor": "left",
                "font": {"size": 10, "color": "#6c757d"},
            }
        ]
    return figure(data, layout)


def milestones(items) -> dict:
    """Baseline date against forecast / actual date, one row per milestone."""
    title = _("Milestones: baseline vs forecast / actual")
    items = list(items)
    if not items:
        return empty_figure(title)
    names = [f"{'◆ ' if m.is_phase_gate else ''}{m.name}" for m in items]
    current = [(m.actual_date or m.forecast_date or m.baseline_date) for m in items]
    colours = []
    for m, day in zip(items, current, strict=True):
        slip = (day - m.baseline_date).days
        colours.append(RAG_COLOURS["green"] if slip <= 0 else RAG_COLOURS["red"] if slip > 10 else RAG_COLOURS["amber"])
    data = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("Baseline"),
            "y": names,
            "x": [m.baseline_date.isoformat() for m in items],
            "marker": {"symbol": "line-ns-open", "size": 14, "color": SERIES_COLOURS["baseline"], "line": {"width": 2}},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("Forecast / actual"),
            "y": names,
            "x": [d.isoformat() for d in current],
            "marker": {"symbol": "diamond", "size": 10, "color": colours},
        },
    ]
    layout = base_layout(title=title, x_title=_("Date"), height=max(220, 60 + 26 * len(items)))
    layout["yaxis"].update({"autorange": "reversed", "type": "category", "title": {"text": ""}})
    layout["margin"]["l"] = 150
    return figure(data, layout)
