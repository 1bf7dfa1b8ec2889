"""The audit section's page: the year's section, its comparison with earlier years, and
the recommendations still open (filterable, sortable, downloadable), shown by the
generic dashboard view (``ictreport.core.dashboards``)."""

from dataclasses import replace

from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from audits.choices import PRIORITY_ORDER, Priority
from audits.section import AuditSection, section_data
from audits.selectors import AuditFigures, as_at, figures_get, recommendations_open
from audits.tables import OpenRecommendationFilter, OpenRecommendationTable
from audits.wording import day_label
from ictreport.core.dashboards import DashboardPage, SectionDashboard
from ictreport.core.export import table_block
from ictreport.core.periods import year_label
from ictreport.core.sections import Chart, Series


def dashboard_charts(figures: AuditFigures) -> list[Chart]:
    """The dashboard's comparison with earlier years: reviews by opinion and
    recommendations by priority over every year held up to the one shown."""
    charts = []
    years = sorted(figures.review_counts)
    if len(years) > 1:
        charts.append(Chart(
            key="reviews-over-years",
            title=_("Internal audit reviews by assurance opinion over the years"),
            alt=_("Stacked bar chart of the number of internal audit reviews in each year from "
                  "%(first)s to %(last)s, split by assurance opinion.") % {
                "first": year_label(years[0]), "last": year_label(years[-1])},
            kind="stacked_bar",
            categories=tuple(year_label(y) for y in years),
            series=tuple(
                Series(o.name, tuple(figures.review_counts[y].get(o.id, 0) for y in years))
                for o in figures.opinions
            ),
            category_title=_("Year"),
            value_title=_("Reviews"),
        ))
    years = sorted(y for y, s in figures.recommendations.items() if s.recorded)
    if len(years) > 1:
        labels = dict(Priority.choices)
        charts.append(Chart(
            key="recommendations-over-years",
            title=_("Audit recommendations by priority over the years"),
            alt=_("Stacked bar chart of the number of audit recommendations in each year from "
                  "%(first)s to %(last)s, split by priority.") % {
                "first": year_label(years[0]), "last": year_label(years[-1])},
            kind="stacked_bar",
            categories=tuple(year_label(y) for y in years),
            series=tuple(
                Series(str(labels[p]),
                       tuple(figures.recommendations[y].by_priority.get(p, 0) for y in years))
                for p in PRIORITY_ORDER
            ),
            category_title=_("Year"),
            value_title=_("Recommendations"),
        ))
    return charts


class AuditDashboard(SectionDashboard):
    key = AuditSection.key
    download_stem = "audit"

    def read(self, *, organisation, year):
        return figures_get(organisation=organisation, year=year)

    def build(self, figures, *, organisation, year):
        return section_data(figures)

    def beside(self, figures, data, *, organisation, year) -> DashboardPage:
        return DashboardPage(
            data=data, charts=tuple(dashboard_charts(figures)),
            context={"tracks_recommendations": figures.tracks_recommendations})

    def page(self, request, figures, *, organisation, year) -> DashboardPage:
        """The open recommendations, filtered and sorted as the request asks."""
        on = as_at(year.start_year)
        filterset = OpenRecommendationFilter(request.GET, queryset=recommendations_open(
            organisation=organisation, year=year.start_year, as_at=on))
        table = OpenRecommendationTable(
            filterset.qs,
            caption=_("Recommendations open on %(date)s") % {"date": day_label(on)})
        RequestConfig(request, paginate=False).configure(table)
        return replace(figures, tables=(table_block(table, key="open-recommendations"),),
                       context={**figures.context, "filterset": filterset, "table": table})


# Registered by the app's config (ictreport.core.section_apps).
DASHBOARDS = (AuditDashboard(),)
