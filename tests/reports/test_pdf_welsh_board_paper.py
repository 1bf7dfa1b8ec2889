"""The Welsh board paper (issue 16 item 5), checked on the PDF itself.

Every test reads the session's one Welsh paper (``welsh_board_paper``, rendered once
like ``board_paper``: tests/pdf/board.py). What is checked is the paper's own furniture
in Welsh -- its language, "Tudalen X o Y", contents and headings, cover labels and the
bilingual marking -- whatever of the report's own text has been translated."""

import re

import pytest
from django.utils import translation

from ictreport.reports.outline import CHAPTERS
from tests.pdf import support
from tests.pdf.board import MARKING

pytestmark = pytest.mark.django_db  # the session fixture's data needs the test database

TEST_SECTION = "Service levels (test section)"
WELSH_CHAPTERS = [
    "1. Argymhelliad", "2. Cyflwyniad a chefndir", "3. Materion i'w hystyried",
    "4. Camau nesaf", "5. Ystyriaethau ariannol", "6. Ystyriaethau staffio",
    "7. Goblygiadau cyfreithiol", "8. Ystyriaethau cydraddoldeb a hawliau dynol",
    "9. Risg", "10. Budd y cyhoedd", "11. Swyddog cyswllt", "12. Atodiadau",
]


def test_the_welsh_paper_is_tagged_welsh_with_its_welsh_title(welsh_board_paper):
    reader = support.read(welsh_board_paper.content)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "cy"
    assert reader.metadata.title == welsh_board_paper.title  # the title read in Welsh
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])


def test_every_page_is_numbered_tudalen_n_o_m(welsh_board_paper):
    pages = welsh_board_paper.pages
    assert len(pages) > 5
    for page in pages:
        assert f"Tudalen {page.number} o {len(pages)}" in page.in_bottom_margin(), page.number
    assert "Page 1 of" not in welsh_board_paper.text


def test_every_page_keeps_the_documents_bilingual_marking(welsh_board_paper):
    for page in welsh_board_paper.pages:
        assert MARKING in page.in_top_margin(), page.number
        assert MARKING in page.in_bottom_margin(), page.number
        # A draft says so in Welsh on every page.
        assert "DRAFFT" in page.in_top_margin(), page.number
    assert "Nid yw'r adroddiad hwn wedi'i gymeradwyo" in welsh_board_paper.pages[0].text


def test_the_covers_marking_says_the_language_of_each_half(welsh_board_paper):
    cover = welsh_board_paper.pages[0].text
    assert cover.count(MARKING) == 3  # margins and the cover itself
    # The paper is Welsh (<html lang="cy">), so the English half is the one marked.
    html = welsh_board_paper.html
    assert '<html lang="cy">' in html
    assert '<dd><span lang="en">OFFICIAL</span> SWYDDOGOL</dd>' in html


def test_the_cover_labels_and_date_are_welsh(welsh_board_paper):
    cover = welsh_board_paper.pages[0].text.upper()  # the labels are set in capitals
    for label in ("Dosbarthiad", "Sefydliad", "Prif swyddog arweiniol", "Teitl",
                  "Dyddiad", "Amseru", "Diben"):
        assert label.upper() in cover, label
    assert "3 MEDI 2020" in cover
    for english in ("Lead chief officer", "Classification", "3rd September 2020"):
        assert english.upper() not in cover


def test_the_contents_and_headings_are_welsh(welsh_board_paper):
    assert list(welsh_board_paper.chapter_titles) == WELSH_CHAPTERS
    contents = welsh_board_paper.pages[1].text
    assert "Cynnwys" in contents
    listed = re.findall(r"^(\d+\. .+?) \.+ ?\d+$", contents, re.MULTILINE)
    assert listed[:1] == ["1. Argymhelliad"]
    marks = support.bookmarks(welsh_board_paper.content)
    assert [title for depth, title, _ in marks if depth == 0] == ["Cynnwys", *WELSH_CHAPTERS]
    # No English chapter title is left anywhere in the paper.
    with translation.override("en"):
        english = [str(title) for _number, title, _parts in CHAPTERS]
    for title in english:
        assert f". {title}" not in welsh_board_paper.text, title


def test_the_running_head_names_the_chapter_in_welsh(welsh_board_paper):
    assert "1. Argymhelliad" in welsh_board_paper.pages[2].in_top_margin()


def test_the_figures_are_those_of_the_english_paper(welsh_board_paper, board_paper):
    # Figures are shared: the calls table reads the same in both languages.
    for row in ("15,275 80%", "19,094 100%"):
        assert row in board_paper.text
        assert row in welsh_board_paper.text


def test_the_welsh_paper_holds_none_of_the_english_interface(welsh_board_paper):
    """The English msgids' phrases (tests/i18n/catalogue.py, as the Welsh pages'
    test collects them) appear neither in the HTML the paper is drawn from, less what
    is marked lang="en", nor in the PDF's own text."""
    from tests.i18n.catalogue import english_phrases, parse
    from tests.i18n.pagetext import visible_text

    _header, entries = parse()
    phrases = english_phrases(entries)
    assert len(phrases) > 50
    def product_text(text):
        # Less the board paper's stand-in section (tests/pdf/factories.py), whose
        # English is the test's own, not the product's: it runs to chapter 4.
        # (Its title is in the contents too.)
        start = text.rfind(TEST_SECTION)
        end = text.find(WELSH_CHAPTERS[3], start)
        assert 0 <= start < end
        return (text[:start] + text[end:]).replace(TEST_SECTION, "")

    drawn_from = product_text(visible_text(welsh_board_paper.html, "cy"))
    found = sorted(p for p in phrases if p in drawn_from)
    assert found == [], found
    printed = product_text(" ".join(welsh_board_paper.text.split()))
    found = sorted(p for p in phrases if p in printed)
    assert found == [], found
