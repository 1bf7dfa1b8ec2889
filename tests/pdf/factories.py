"""Report blocks and a stand-in report section for the PDF's tests.

The figures are the source report's service desk calls (3.6), so what a test finds in
the PDF is what a board member would read there.
"""

import factory

from ictreport.core.registry import ReportSection
from ictreport.core.sections import Chart, Column, Row, SectionData, Series, Table, Text


class TextFactory(factory.Factory):
    class Meta:
        model = Text

    text = ("There were 19,094 requests for service in the year.\n\n"
            "- Telephone calls fell.\n- Self-service rose.")


class TableFactory(factory.Factory):
    class Meta:
        model = Table

    key = factory.Sequence(lambda n: f"calls-{n}")
    caption = "Service Desk Calls"
    columns = (
        Column("channel", "Service Calls"),
        Column("calls", "2019/20 No.", "int"),
        Column("share", "2019/20 %", "percent"),
    )
    rows = (
        Row(("Telephone", 15275, 80)),
        Row(("Self Service", 3819, 20)),
        Row(("Total Calls", 19094, 100), is_total=True),
    )


class ChartFactory(factory.Factory):
    class Meta:
        model = Chart

    key = factory.Sequence(lambda n: f"calls-chart-{n}")
    title = "Service desk calls by channel"
    alt = "Bar chart: telephone calls fell from 21,136 in 2017/18 to 15,275 in 2019/20."
    kind = "bar"
    categories = ("2017/18", "2018/19", "2019/20")
    series = (
        Series("Telephone", (21136, 20096, 15275)),
        Series("Self Service", (5078, 4539, 3819)),
    )
    category_title = "Year"
    value_title = "Calls"


class SectionDataFactory(factory.Factory):
    class Meta:
        model = SectionData

    key = "pdf-test"
    title = "Service levels (test section)"
    blocks = factory.LazyFunction(lambda: (TextFactory(), TableFactory(), ChartFactory()))


class StandInSection(ReportSection):
    """A registered section whose ``build`` hands back whatever ``data`` holds."""

    key = "pdf-test"
    title = "Service levels (test section)"
    chapter = 3
    order = 99

    def __init__(self, data: SectionData):
        self.data = data

    def build(self, *, organisation, year) -> SectionData:
        return self.data
