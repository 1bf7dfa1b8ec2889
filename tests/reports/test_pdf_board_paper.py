"""The 2019/20 report as a PDF board paper, checked on the PDF itself.

Every test reads the session's one rendered board paper (tests/pdf/board.py)."""

import re

from tests.pdf import support
from tests.pdf.board import HEADER_ROW, MARKING


def test_every_page_is_a4(board_paper):
    for page in board_paper.pages:
        assert round(page.height / support.MM) == 297, page.number
    reader = support.read(board_paper.content)
    assert {round(float(p.mediabox.width) / support.MM) for p in reader.pages} == {210}


def test_every_page_carries_the_marking_at_top_and_bottom(board_paper):
    pages = board_paper.pages
    assert len(pages) > 5
    for page in pages:
        assert page.text.count(MARKING) >= 2, page.number
        assert MARKING in page.in_top_margin(), page.number
        assert MARKING in page.in_bottom_margin(), page.number


def test_every_page_is_numbered_page_n_of_m(board_paper):
    pages = board_paper.pages
    for page in pages:
        assert f"Page {page.number} of {len(pages)}" in page.in_bottom_margin(), page.number


def test_cover_shows_the_reports_metadata(board_paper):
    cover = board_paper.pages[0].text
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


def test_contents_give_the_page_each_chapter_starts_on(board_paper):
    contents = board_paper.pages[1].text
    listed = dict(re.findall(r"^(\d+\.\d* .+?) \.+ ?(\d+)$", contents, re.MULTILINE))
    starts = {title: page for _, title, page in support.bookmarks(board_paper.content)}
    # The twelve chapters and, under theirs, each data section.
    assert len(listed) == 12 + len(board_paper.section_titles)
    for title, page in listed.items():
        assert starts[title] == int(page), title


def test_bookmarks_follow_the_reports_outline(board_paper):
    marks = support.bookmarks(board_paper.content)
    assert [title for depth, title, _ in marks if depth == 0] == [
        "Contents", "1. Recommendation", "2. Introduction & background",
        "3. Issues for consideration", "4. Next steps", "5. Financial considerations",
        "6. Personnel considerations", "7. Legal implications",
        "8. Equalities and human rights considerations", "9. Risk", "10. Public interest",
        "11. Contact officer", "12. Annexes",
    ]
    # Each data section under its chapter, numbered in the source's way: strategy takes
    # 3.1–3.4, chapter 3's data sections follow in order (the stand-in is last).
    assert [t for d, t, _ in marks if d == 1] == list(board_paper.section_titles)
    assert "3.5" in [t.split()[0] for d, t, _ in marks if d == 1]


def test_pdf_is_tagged_with_its_title_and_language(board_paper):
    reader = support.read(board_paper.content)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert str(catalog["/Lang"]).split("-")[0] == "en"  # en, or en-GB
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Annual Report – ICT & Digital Services 2019/20"
    # It declares itself PDF/UA-1 in its XMP metadata.
    assert 'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data().decode()
    tags = support.structure_types(board_paper.content)
    assert {"/Document", "/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L"} <= set(tags)


def test_text_is_real_text(board_paper):
    text = board_paper.text
    assert "The Digital Services Division has 91 staff." in text
    assert "Telephone 15,275 80%" in text
    assert "Total Calls 19,094 100%" in text


def test_running_header_names_the_current_chapter(board_paper):
    pages = board_paper.pages
    assert "1. Recommendation" in pages[2].in_top_margin()
    continued = [p for p in pages if "Location 80" in p.text]
    assert continued
    assert "3. Issues for consideration" in continued[0].in_top_margin()


def test_a_long_table_repeats_its_header_rows_on_each_page(board_paper):
    pages = board_paper.pages
    first = next(p for p in pages if "Location 1 10 1%" in p.text)
    last = next(p for p in pages if "Location 80 800 80%" in p.text)
    assert last.number > first.number
    for page in pages[first.number - 1:last.number]:
        assert HEADER_ROW in page.text, page.number
