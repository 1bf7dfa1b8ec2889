"""Plotly figures from ``Chart`` blocks: the same figure for the web page and the PDF.

The browser draws the figure's JSON with the locally served plotly.js (see
``static/js/charts.js``); the PDF asks kaleido for an SVG of the same figure.
"""

from decimal import Decimal

from ictreport.core.sections import Chart

# Plotly reads a subset of HTML in every string it draws (<a href>, <b>, <br>, <span
# style>) and decodes entities. Names and titles come from what users typed, so they are
# handed over as text: ``&``, ``<`` and ``>`` as entities, which plotly shows as the
# characters themselves.
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})

# Colour-blind-safe (Okabe–Ito), each at least 3:1 against white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"]
FONT = "DejaVu Sans"  # installed with fonts-dejavu-core; plotly's default is missing here

_HOVER = {"int": ",.0f", "percent": ".0f", "money": ",.2f", "decimal": ",.2f", "text": ""}
_TICK_SUFFIX = {"percent": "%"}
_TICK_PREFIX = {"money": "£"}


def plain(text) -> str:
    """A label as plotly text: a plain ``str`` (never a lazy translation, which JSON
    cannot take) that plotly draws as typed, markup and all."""
    return str(text).translate(_ENTITIES)


def _hover_name(text) -> str:
    # In a hovertemplate, "%{...}" would also be read as a placeholder.
    return plain(text).replace("%", "&#37;")


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def figure(chart: Chart) -> dict:
    """The plotly figure, as the plain dict ``plotly.js`` and kaleido both take."""
    horizontal = chart.kind in {"hbar_stacked", "diverging_hbar"}
    categories = [plain(category) for category in chart.categories]
    traces = []
    data_series = [s for s in chart.series if not s.is_target]
    for index, series in enumerate(data_series):
        values = [_number(v) for v in series.values]
        colour = PALETTE[index % len(PALETTE)]
        if chart.kind == "line":
            trace = {"type": "scatter", "mode": "lines+markers", "x": categories,
                     "y": values, "line": {"color": colour, "width": 3}}
        else:
            trace = {"type": "bar", "marker": {"color": colour}}
            if horizontal:
                trace.update(orientation="h", y=categories, x=values)
            else:
                trace.update(x=categories, y=values)
            if chart.kind == "diverging_hbar":
                trace["marker"] = {"color": [PALETTE[0] if (v or 0) >= 0 else PALETTE[1]
                                             for v in values]}
        value_axis = "x" if horizontal else "y"
        trace.update(
            name=plain(series.name),
            hovertemplate=f"%{{{value_axis}:{_HOVER[chart.format]}}}"
                          f"{_TICK_SUFFIX.get(chart.format, '')}"
                          f"<extra>{_hover_name(series.name)}</extra>",
        )
        traces.append(trace)
    for series in chart.series:
        if series.is_target:
            traces.append({
                "type": "scatter", "mode": "lines", "name": plain(series.name),
                "x": categories, "y": [_number(v) for v in series.values],
                "line": {"color": "#0b0c0c", "dash": "dash", "width": 2},
            })

    value_axis = {
        "title": {"text": plain(chart.value_title)},
        "tickprefix": _TICK_PREFIX.get(chart.format, ""),
        "ticksuffix": _TICK_SUFFIX.get(chart.format, ""),
        "separatethousands": True,
        # From zero, whatever is drawn: an axis starting at 60% made a 60 → 67 → 62%
        # first-contact rate look many times the change it is. No chart draws a break.
        "rangemode": "tozero",
        "zeroline": True,
        "zerolinecolor": "#0b0c0c",
        "gridcolor": "#dddddd",
        "automargin": True,  # room for the tick labels and title, whichever axis it is
    }
    category_axis = {"title": {"text": plain(chart.category_title)}, "type": "category",
                     "automargin": True}
    if horizontal:
        category_axis["autorange"] = "reversed"  # first category at the top, as in a table
    else:
        # The value axis's "0" sits level with the category labels, just left of them.
        # A line's first point (and its label) is at the plot's very edge, where the
        # label ran into that "0": half a category of room at each end, as bars have,
        # and a little space under the axis keep them apart.
        category_axis["ticklabelstandoff"] = 4
        if chart.kind == "line":
            category_axis["range"] = [-0.5, len(chart.categories) - 0.5]
    layout = {
        "barmode": "stack" if chart.kind in {"stacked_bar", "hbar_stacked"} else "group",
        "font": {"family": FONT, "size": 13, "color": "#0b0c0c"},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10, "autoexpand": True},
        # Above the plot: below it, the legend lands on category labels that plotly
        # has turned on their side where the figure is narrow (a phone, the A4 PDF).
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02,
                   "yanchor": "bottom"},
        "showlegend": len(traces) > 1,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "xaxis": value_axis if horizontal else category_axis,
        "yaxis": {**(category_axis if horizontal else value_axis), "automargin": True},
        "height": max(320, 36 * len(chart.categories) + 120) if horizontal else 360,
    }
    return {"data": traces, "layout": layout}
