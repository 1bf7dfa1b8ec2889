"""The service desk's page: the report's section and, beyond it, charts of the same
figures over every year held, the year's quarters, and service levels against their
targets; shown by the generic dashboard view (``ictreport.core.dashboards``)."""

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ictreport.core.charts import figure
from ictreport.core.dashboards import DashboardPage, SectionDashboard
from ictreport.core.formatting import format_value
from ictreport.core.periods import year_label
from ictreport.core.sections import Chart, Series
from ictreport.core.sortable import sortable_table
from ictreport.core.wording import and_list
from servicedesk.section import ServiceDeskSection, resolution_time_chart, section_data
from servicedesk.selectors import Figures, channels_of, figures_get, first_contact_rate
from servicedesk.wording import period_code, period_text, plain, quarter_code


def _span(figures) -> dict:
    return {"first": period_text(figures[0]), "last": period_text(figures[-1])}


def _point(label: str, value: str) -> str:
    """One figure in a chart's alt text: "2019/20 19,094" (items are joined by "; ")."""
    return pgettext("a label and its figure in a chart's description", "%(label)s %(value)s") % {
        "label": label, "value": value}


def calls_by_year_chart(figures: Figures) -> Chart:
    years = figures.years
    channels = channels_of(years)
    latest = years[-1]
    return Chart(
        key="calls-by-year",
        title=_("Calls for service by channel, %(first)s to %(last)s") % _span(years),
        alt=_("Stacked bars of the calls received each year by channel (%(channels)s). "
              "%(latest)s: %(total)s calls.") % {
            "channels": and_list([name for _id, name in channels]),
            "latest": period_text(latest),
            "total": format_value(latest.total_calls, "int")},
        kind="stacked_bar",
        categories=tuple(period_text(f) for f in years),
        series=tuple(Series(name, tuple(f.calls_for(channel_id) for f in years))
                     for channel_id, name in channels),
        category_title=_("Year"),
        value_title=_("Calls"),
    )


def calls_by_quarter_chart(figures: Figures) -> Chart:
    quarters = figures.quarters
    channels = channels_of(quarters)
    return Chart(
        key="calls-by-quarter",
        title=_("Calls for service by channel and quarter, %(year)s") % {
            "year": year_label(figures.year)},
        alt=_("Stacked bars of the calls received in each quarter of %(year)s by channel: "
              "%(quarters)s.") % {
            "year": year_label(figures.year),
            "quarters": "; ".join(
                _point(quarter_code(f.quarters[0]), format_value(f.total_calls, "int"))
                for f in quarters)},
        kind="stacked_bar",
        categories=tuple(quarter_code(f.quarters[0]) for f in quarters),
        series=tuple(Series(name, tuple(f.calls_for(channel_id) for f in quarters))
                     for channel_id, name in channels),
        category_title=_("Quarter"),
        value_title=_("Calls"),
    )


def first_contact_chart(figures: Figures) -> Chart:
    years = [f for f in figures.years if f.first_contact_measured is not None]
    series = [Series(_("Resolved at first point of contact"),
                     tuple(first_contact_rate(f) for f in years))]
    has_target = any(f.first_contact_target is not None for f in years)
    if has_target:
        series.append(Series(_("Target"), tuple(plain(f.first_contact_target) for f in years),
                             is_target=True))
    rates = "; ".join(_point(period_text(f), format_value(first_contact_rate(f), "percent"))
                      for f in years)
    return Chart(
        key="first-contact-rate",
        title=_("Calls resolved at first point of contact, %(first)s to %(last)s")
        % _span(years),
        alt=(_("A line of the share of calls resolved at first point of contact each year, "
               "with its target: %(rates)s.") if has_target else
             _("A line of the share of calls resolved at first point of contact each year: "
               "%(rates)s.")) % {"rates": rates},
        kind="line",
        categories=tuple(period_text(f) for f in years),
        series=tuple(series),
        format="percent",
        category_title=_("Year"),
        value_title=_("Resolved at first point of contact (%)"),
    )


def _against_target_chart(figures: Figures, *, key: str, title: str, alt: str, achieved: str,
                          target: str, value_title: str) -> Chart | None:
    tiers = [t for t in figures.service_levels
             if getattr(t, achieved) is not None or getattr(t, target) is not None]
    if not any(getattr(t, achieved) is not None for t in tiers):
        return None
    series = [Series(_("Achieved (%)"), tuple(plain(getattr(t, achieved)) for t in tiers))]
    if any(getattr(t, target) is not None for t in tiers):
        series.append(Series(_("Target (%)"), tuple(plain(getattr(t, target)) for t in tiers),
                             is_target=True))
    return Chart(
        key=key, title=title % {"year": year_label(figures.year)},
        alt=alt % {"year": year_label(figures.year), "tiers": "; ".join(
            _("%(tier)s %(achieved)s against %(target)s") % {
                "tier": t.name,
                "achieved": format_value(plain(getattr(t, achieved)), "percent"),
                "target": format_value(plain(getattr(t, target)), "percent")}
            for t in tiers)},
        kind="bar",
        categories=tuple(t.name for t in tiers),
        series=tuple(series),
        format="decimal",
        category_title=_("Tier"),
        value_title=value_title,
    )


def breaches_chart(figures: Figures) -> Chart:
    tiers = [(t.tier_id, t.name) for t in figures.service_levels]
    periods = sorted({t.quarter for t in figures.tier_quarters})
    by_key = {(t.quarter, t.tier_id): t.breaches for t in figures.tier_quarters}
    return Chart(
        key="breaches",
        title=_("Service-level breaches by tier, %(year)s") % {"year": year_label(figures.year)},
        alt=_("Stacked bars of each tier's service-level breaches in %(year)s, by period: "
              "%(tiers)s.") % {
            "year": year_label(figures.year),
            "tiers": "; ".join(_point(t.name, format_value(t.breaches, "int"))
                               for t in figures.service_levels)},
        kind="stacked_bar",
        categories=tuple(name for _id, name in tiers),
        series=tuple(
            Series(period_code(period),
                   tuple(by_key.get((period, tier_id)) for tier_id, _name in tiers))
            for period in periods
        ),
        category_title=_("Tier"),
        value_title=_("Breaches"),
    )


def dashboard_charts(figures: Figures) -> list[Chart]:
    """The charts for the dashboard; each has its data table (``Chart.table``)."""
    charts = []
    if figures.years:
        charts.append(calls_by_year_chart(figures))
    if figures.quarters:
        charts.append(calls_by_quarter_chart(figures))
    if any(f.first_contact_measured is not None for f in figures.years):
        charts.append(first_contact_chart(figures))
    if figures.service_levels:
        charts += [c for c in (
            _against_target_chart(
                figures, key="availability",
                title=_("Availability against target by tier, %(year)s"),
                alt=_("Bars of each tier's availability in %(year)s against its target: "
                      "%(tiers)s."),
                achieved="availability", target="availability_target",
                value_title=_("Availability (%)"),
            ),
            _against_target_chart(
                figures, key="resolved-in-time",
                title=_("Incidents resolved in time against target by tier, %(year)s"),
                alt=_("Bars of the share of each tier's incidents resolved within its "
                      "resolution time in %(year)s, against its target: %(tiers)s."),
                achieved="resolved_in_time", target="resolution_target",
                value_title=_("Resolved in time (%)"),
            ),
        ) if c is not None]
        charts.append(breaches_chart(figures))
        resolution = resolution_time_chart(figures)
        if resolution is not None:
            charts.append(resolution)
    return charts


class ServiceDeskDashboard(SectionDashboard):
    key = ServiceDeskSection.key

    def read(self, *, organisation, year):
        """The year's figures with its quarters, for the section and the charts."""
        return figures_get(organisation=organisation, year=year.start_year, dashboard=True)

    def build(self, figures, *, organisation, year):
        return section_data(figures)

    def beside(self, figures, data, *, organisation, year) -> DashboardPage:
        charts = tuple(dashboard_charts(figures))
        return DashboardPage(data=data, charts=charts,
                             context={"figures": [figure(chart) for chart in charts]})

    def page(self, request, figures, *, organisation, year) -> DashboardPage:
        """Each chart's data table sortable from its header links."""
        panels = [{"chart": chart, "figure": plotted,
                   "figure_id": f"chart-{chart.key}-figure",
                   "table": sortable_table(chart.table, request)}
                  for chart, plotted in zip(figures.charts, figures.context["figures"],
                                            strict=True)]
        return replace(figures, context={"chart_panels": panels})


# Registered by the app's config (ictreport.core.section_apps).
DASHBOARDS = (ServiceDeskDashboard(),)
