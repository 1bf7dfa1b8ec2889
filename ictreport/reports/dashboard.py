"""The overview dashboard: one card per registered section, headlines with their trends.

Each headline's trend (the same figure over the years held, oldest first) becomes a
``Chart`` so the card draws it with the same plotly figure code and data-table
template as every other chart; only its size and chrome are trimmed for a card.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from ictreport.core import charts, registry
from ictreport.core.data_version import cache_key, cached, data_version, section_data
from ictreport.core.formatting import format_value
from ictreport.core.sections import Chart, Headline, SectionData, Series
from ictreport.core.selection import Selection

# Below two points a line says nothing the headline figure does not already say.
MIN_TREND_POINTS = 2


@dataclass(frozen=True)
class HeadlineTrend:
    headline: Headline
    chart: Chart | None  # None when fewer than two years are held
    figure: dict | None

    @property
    def data_id(self) -> str:
        """The id of the figure's ``json_script`` element, which charts.js reads."""
        return f"chart-{self.chart.key}-data" if self.chart else ""


@dataclass(frozen=True)
class Card:
    section: SectionData
    url: str | None  # the section's own page, for the same organisation and year
    headlines: tuple[HeadlineTrend, ...]

    @property
    def has_trends(self) -> bool:
        return any(item.chart for item in self.headlines)


def trend_chart(headline: Headline, *, key: str) -> Chart | None:
    """The headline's trend as a line chart, or None when there is no trend to draw."""
    if len(headline.trend) < MIN_TREND_POINTS:
        return None
    years = tuple(label for label, _value in headline.trend)
    values = tuple(value for _label, value in headline.trend)
    points = [
        _("%(year)s: %(value)s") % {"year": year, "value": format_value(value, headline.format)}
        for year, value in headline.trend
    ]
    return Chart(
        key=key,
        title=_("%(label)s over the years held") % {"label": headline.label},
        alt=_("%(label)s by year, oldest first: %(points)s.") % {
            "label": headline.label, "points": "; ".join(points)},
        kind="line",
        categories=years,
        series=(Series(str(headline.label), values),),
        format=headline.format,
        category_title=_("Year"),
    )


def card_figure(chart: Chart) -> dict:
    """The chart's plotly figure, small enough for a card and without its toolbar."""
    figure = charts.figure(chart)
    layout = figure["layout"]
    layout.update(
        height=140,
        margin={"l": 4, "r": 4, "t": 8, "b": 4, "autoexpand": True},
        showlegend=False,
        font={**layout["font"], "size": 11},
    )
    # The category axis keeps the room charts.figure gives a line's first and last
    # years, so the first year's label stays clear of the value axis's "0".
    layout["xaxis"] = {**layout["xaxis"], "title": {"text": ""}}
    # From zero, so a small card does not turn a change of a point or two into a cliff.
    layout["yaxis"] = {**layout["yaxis"], "title": {"text": ""}, "nticks": 3,
                       "rangemode": "tozero"}
    figure["config"] = {"displayModeBar": False}
    return figure


def _headline_trend(headline: Headline, *, key: str) -> HeadlineTrend:
    chart = trend_chart(headline, key=key)
    return HeadlineTrend(headline, chart, card_figure(chart) if chart else None)


def overview_cards(selection: Selection, *, version: int | None = None) -> list[Card]:
    """Every registered section's card for the selected organisation and year, from the
    shared cache at the data ``version`` (read first when not given)."""
    organisation, year = selection.organisation, selection.year
    if version is None:
        version = data_version(organisation, year)
    key = cache_key("overview-cards", organisation=organisation, year=year, version=version)
    return cached(key, lambda: _cards(selection, version))


def _cards(selection: Selection, version: int) -> list[Card]:
    cards = []
    for section in registry.sections():
        # The section's data as the report page, its dashboard and the PDF share it.
        data = section_data(section, organisation=selection.organisation,
                            year=selection.year, version=version)
        url = None
        if section.url_name:
            url = f"{reverse(section.url_name)}?{selection.querystring}"
        headlines = tuple(
            _headline_trend(headline, key=f"trend-{section.key}-{index}")
            for index, headline in enumerate(data.headlines, start=1)
        )
        cards.append(Card(data, url, headlines))
    return cards
