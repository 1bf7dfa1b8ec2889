"""A small report section for testing the reporting code without any real section.

It reads one query's worth of real data (the years the organisation has a report for,
up to the year asked), so page tests see a section whose output follows the database,
and shows every kind of block: text, a table, a chart, a restricted block, headlines
with a trend and findings.
"""

from ictreport.core import registry
from ictreport.core.models import AnnualReport
from ictreport.core.registry import ReportSection
from ictreport.core.sections import (
    Chart,
    Column,
    Finding,
    Headline,
    Row,
    SectionData,
    Series,
    Table,
    Text,
)
from tests.factories import AnnualReportFactory, FinancialYearFactory, OrganisationFactory

WIDGET_TEXT = "Widgets are counted once a year."
RESTRICTED_TEXT = "Widget suppliers are named for staff only."
FINDING_TEXT = "The widget count for the first year is an estimate."


class WidgetSection(ReportSection):
    """"Widgets": one per report the organisation holds, up to the year asked."""

    key = "widgets"
    title = "Widget returns"
    chapter = 3
    order = 5
    url_name = None

    def build(self, *, organisation, year):
        years = list(  # query: the organisation's report years up to this one
            AnnualReport.objects.filter(organisation=organisation,
                                        year__start_year__lte=year.start_year)
            .order_by("year_id").values_list("year_id", flat=True)
        )
        if year.start_year not in years:
            return SectionData(self.key, self.title,
                               (Text("No widget figures were recorded for the year."),),
                               has_data=False)
        labels = tuple(f"{y}/{(y + 1) % 100:02d}" for y in years)
        counts = tuple(10 * (index + 1) for index in range(len(years)))
        return SectionData(
            key=self.key,
            title=self.title,
            blocks=(
                Text(WIDGET_TEXT),
                Table(
                    key="widgets-by-year",
                    caption="Widgets by year",
                    columns=(Column("year", "Year"), Column("widgets", "Widgets", "int")),
                    rows=tuple(Row((label, count)) for label, count in zip(labels, counts,
                                                                           strict=True)),
                ),
                Chart(
                    key="widgets-trend",
                    title="Widgets by year",
                    alt="Widgets rose by ten each year.",
                    kind="bar",
                    categories=labels,
                    series=(Series("Widgets", counts),),
                ),
                Text(RESTRICTED_TEXT, restricted=True),
            ),
            headlines=(
                Headline("Widgets", counts[-1], detail="Ten more than the year before",
                         trend=tuple(zip(labels, counts, strict=True))),
                Headline("Widget share", 50, format="percent"),
            ),
            findings=(Finding(FINDING_TEXT),),
        )


def register_fake_section(monkeypatch, section_class=WidgetSection) -> ReportSection:
    """Register ``section_class`` for the test; monkeypatch unregisters it afterwards."""
    section = section_class()
    monkeypatch.setitem(registry._sections, section.key, section)
    return section


def reports_over_years(organisation=None, years=(2017, 2018, 2019)) -> list[AnnualReport]:
    """An organisation's annual reports for ``years`` (start years, oldest first)."""
    organisation = organisation or OrganisationFactory()
    return [
        AnnualReportFactory(organisation=organisation, year=FinancialYearFactory(start_year=y))
        for y in years
    ]
