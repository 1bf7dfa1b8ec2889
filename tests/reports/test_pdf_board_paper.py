"""The 2019/20 report as a PDF board paper, checked on the PDF itself."""

import re

import pytest

from ictreport.core.sections import Row
from ictreport.reports.outline import assemble
from ictreport.reports.pdf import report_pdf
from tests.pdf import support
from tests.pdf.factories import ChartFactory, SectionDataFactory, TableFactory, TextFactory

pytestmark = pytest.mark.django_db

MARKING = "OFFICIAL SWYDDOGOL"
# Long enough to run over a page, so its header rows must be repeated.
LONG_TABLE = TableFactory(
    key="long", caption="Calls by location",
    rows=tuple(Row((f"Location {n}", n * 10, n % 100)) for n in range(1, 81)),
)
HEADER_ROW = "Service Calls 2019/20 No. 2019/20 %"
SECTION = SectionDataFactory(
    blocks=(TextFactory(), TableFactory(key="calls"), ChartFactory(key="calls"), LONG_TABLE),
)


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf-cache")


@pytest.fixture
def board_paper(shipped_report, monkeypatch, settings, module_cache) -> bytes:
    # Every test here reads the same PDF: the first renders it, the rest are served it
    # from the cache, since nothing it shows differs between them.
    support.use_own_cache(settings, module_cache)
    support.use_stand_in_section(monkeypatch, SECTION)
    return report_pdf(shipped_report).content


def test_every_page_is_a4(board_paper):
    for page in support.pages(board_paper):
        assert round(page.height / support.MM) == 297, page.number
    reader = support.read(board_paper)
    assert {round(float(p.mediabox.width) / support.MM) for p in reader.pages} == {210}


def test_every_page_carries_the_marking_at_top_and_bottom(board_paper):
    pages = support.pages(board_paper)
    assert len(pages) > 5
    for page in pages:
        assert page.text.count(MARKING) >= 2, page.number
        assert MARKING in page.in_top_margin(), page.number
        assert MARKING in page.in_bottom_margin(), page.number


def test_every_page_is_numbered_page_n_of_m(board_paper):
    pages = support.pages(board_paper)
    for page in pages:
        assert f"Page {page.number} of {len(pages)}" in page.in_bottom_margin(), page.number


def test_cover_shows_the_reports_metadata(board_paper):
    cover = support.pages(board_paper)[0].text
    for text in [
        "Office of the Police and Crime Commissioner".upper(),
        "Annual Report – ICT & Digital Services",
        "Gwent Police",
        "Nigel Stephens, Assistant Chief Officer - Resources",
        "3rd September 2020",
        "Routine",
        "For monitoring",
    ]:
        assert text in cover
    # The marking is on the cover itself as well as in its margins.
    assert cover.count(MARKING) == 3


def test_contents_give_the_page_each_chapter_starts_on(board_paper, shipped_report):
    contents = support.pages(board_paper)[1].text
    listed = dict(re.findall(r"^(\d+\.\d* .+?) \.+ ?(\d+)$", contents, re.MULTILINE))
    starts = {title: page for _, title, page in support.bookmarks(board_paper)}
    # The twelve chapters and, under theirs, each data section.
    assert len(listed) == 12 + len(assemble(shipped_report).sections)
    for title, page in listed.items():
        assert starts[title] == int(page), title


def test_bookmarks_follow_the_reports_outline(board_paper, shipped_report):
    marks = support.bookmarks(board_paper)
    assert [title for depth, title, _ in marks if depth == 0] == [
        "Contents", "1. Recommendation", "2. Introduction & background",
        "3. Issues for consideration", "4. Next steps", "5. Financial considerations",
        "6. Personnel considerations", "7. Legal implications",
        "8. Equalities and human rights considerations", "9. Risk", "10. Public interest",
        "11. Contact officer", "12. Annexes",
    ]
    # Each data section under its chapter, numbered in the source's way: strategy takes
    # 3.1–3.4, chapter 3's data sections follow in order (the stand-in is last).
    document = assemble(shipped_report)
    assert [t for d, t, _ in marks if d == 1] == [
        f"{para.number} {para.section.title}"
        for chapter in document.chapters for para in chapter.paragraphs if para.section
    ]
    assert "3.5" in [t.split()[0] for d, t, _ in marks if d == 1]


def test_pdf_is_tagged_with_its_title_and_language(board_paper):
    reader = support.read(board_paper)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Annual Report – ICT & Digital Services 2019/20"
    # It declares itself PDF/UA-1 in its XMP metadata.
    assert 'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data().decode()
    tags = support.structure_types(board_paper)
    assert {"/Document", "/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L"} <= set(tags)


def test_text_is_real_text(board_paper):
    text = support.all_text(board_paper)
    assert "The Digital Services Division has 91 staff." in text
    assert "Telephone 15,275 80%" in text
    assert "Total Calls 19,094 100%" in text


def test_running_header_names_the_current_chapter(board_paper):
    pages = support.pages(board_paper)
    assert "1. Recommendation" in pages[2].in_top_margin()
    continued = [p for p in pages if "Location 80" in p.text]
    assert continued
    assert "3. Issues for consideration" in continued[0].in_top_margin()


def test_a_long_table_repeats_its_header_rows_on_each_page(board_paper):
    pages = support.pages(board_paper)
    first = next(p for p in pages if "Location 1 10 1%" in p.text)
    last = next(p for p in pages if "Location 80 800 80%" in p.text)
    assert last.number > first.number
    for page in pages[first.number - 1:last.number]:
        assert HEADER_ROW in page.text, page.number
