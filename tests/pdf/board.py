"""One board paper for the whole session: the shipped 2019/20 report with a stand-in
section holding a chart and a table long enough to run over a page.

Rendering a full PDF takes many seconds, and every content test reads the same one, so
it is rendered once (``tests/conftest.py``'s session fixture ``board_paper``; the Welsh
paper, ``welsh_board_paper`` in ``tests/reports/conftest.py``) from data loaded in a
transaction of its own, rolled back afterwards. The tests then read the PDF
itself: its bytes, pages, text and lines, beside the outline and charts it was made from.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from ictreport.core.sections import Chart, Row
from ictreport.reports import pdf
from ictreport.reports.outline import assemble
from tests.pdf import support
from tests.pdf.factories import ChartFactory, SectionDataFactory, TableFactory, TextFactory

MARKING = "OFFICIAL SWYDDOGOL"
# Long enough to run over a page, so its header rows must be repeated.
LONG_TABLE = TableFactory(
    key="long", caption="Calls by location",
    rows=tuple(Row((f"Location {n}", n * 10, n % 100)) for n in range(1, 81)),
)
HEADER_ROW = "Service Calls 2019/20 No. 2019/20 %"
CHART = ChartFactory(key="calls")
SECTION = SectionDataFactory(
    blocks=(TextFactory(), TableFactory(key="calls"), CHART, LONG_TABLE),
)


@dataclass(frozen=True)
class BoardPaper:
    content: bytes
    charts_left_out: str
    # "3.5 Core planned work": every data section's bookmark title, in report order.
    section_titles: tuple[str, ...]
    # Every chart the paper draws, in report order.
    charts: tuple[Chart, ...]
    title: str
    # The chapter titles, "1. Recommendation", in the paper's language.
    chapter_titles: tuple[str, ...] = ()
    # The HTML WeasyPrint was given (what the PDF's tags cannot show, e.g. a span's lang).
    html: str = ""

    @cached_property
    def pages(self) -> list[support.Page]:
        return support.pages(self.content)

    @cached_property
    def text(self) -> str:
        return support.all_text(self.content)

    @cached_property
    def lines(self) -> frozenset[str]:
        return frozenset(self.text.splitlines())


def render_board_paper(shipped_report_path, monkeypatch, language: str | None = None
                       ) -> BoardPaper:
    """Import the shipped report, render its PDF (in ``language``, the default when
    None) with ``SECTION`` beside the real sections, and roll the data back. Runs with
    database access already unblocked."""
    from django.conf import settings

    with translation.override(language or settings.LANGUAGE_CODE):
        return _render_board_paper(shipped_report_path, monkeypatch)


def _render_board_paper(shipped_report_path, monkeypatch) -> BoardPaper:
    from tests.factories import OrganisationFactory

    plain_static = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                    "staticfiles": {"BACKEND":
                                    "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=plain_static), transaction.atomic():
        gwent = OrganisationFactory(name="Gwent Police", slug="gwent-police")
        call_command("import_report", str(shipped_report_path))
        report = gwent.reports.get(year_id=2019)
        support.use_stand_in_section(monkeypatch, SECTION)
        given = []
        draw = pdf.weasyprint.HTML

        def recording_html(*args, string=None, **kwargs):
            given.append(string)
            return draw(*args, string=string, **kwargs)

        monkeypatch.setattr(pdf.weasyprint, "HTML", recording_html)
        document = assemble(report)
        rendered = pdf.render(document)
        paper = BoardPaper(
            content=rendered.content,
            charts_left_out=rendered.charts_left_out,
            section_titles=tuple(
                f"{para.number} {para.section.title}"
                for chapter in document.chapters for para in chapter.paragraphs
                if para.section),
            charts=tuple(pdf._charts(document)),
            title=report.title,
            chapter_titles=tuple(f"{chapter.number}. {chapter.title}"
                                 for chapter in document.chapters),
            html=given[-1],
        )
        monkeypatch.setattr(pdf.weasyprint, "HTML", draw)
        transaction.set_rollback(True)
    return paper
