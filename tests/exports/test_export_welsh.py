"""``export_report … --language cy``: the standalone page and the board paper in Welsh
(issue 16 item 5); the default stays English, and the yaml holds both languages anyway."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.pdf import support
from tests.pdf.factories import SectionDataFactory, TableFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_cache(settings, tmp_path):
    support.use_own_cache(settings, tmp_path / "cache")


def _export(output, *options):
    out = io.StringIO()
    call_command("export_report", "gwent-police", "2019-20", "--output", str(output),
                 *options, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def welsh_html(shipped_report, tmp_path):
    path = tmp_path / "report-cy.html"
    _export(path, "--format", "html", "--language", "cy")
    return path.read_text(encoding="utf-8")


def test_the_welsh_page_is_marked_welsh(welsh_html):
    assert '<html lang="cy">' in welsh_html
    assert '<article class="report" lang="cy"' in welsh_html


def test_the_welsh_page_has_welsh_furniture(welsh_html):
    for welsh in ("Cynnwys", "1. Argymhelliad", "3. Materion i&#x27;w hystyried",
                  "Prif swyddog arweiniol", "Ansawdd data"):
        assert welsh in welsh_html, welsh
    for english in ("<h2 id=\"contents-title\">Contents</h2>", "Lead chief officer",
                    "Issues for consideration", "No problems found."):
        assert english not in welsh_html, english


def test_the_marking_keeps_both_halves_with_the_english_one_marked(welsh_html):
    assert '<p class="classification"><span lang="en">OFFICIAL</span> SWYDDOGOL</p>' in welsh_html
    assert 'Dosbarthiad y ffeil: <span lang="en">OFFICIAL</span> SWYDDOGOL' in welsh_html


def test_the_figures_are_the_same_in_both_languages(welsh_html, tmp_path):
    english = tmp_path / "report-en.html"
    _export(english, "--format", "html")
    english_html = english.read_text(encoding="utf-8")
    assert '<html lang="en' in english_html and "Contents" in english_html
    for figure in ("15,275", "19,094", "80%"):
        assert figure in welsh_html and figure in english_html


def test_an_unknown_language_is_refused(shipped_report, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'fr'"):
        _export(tmp_path / "x.html", "--format", "html", "--language", "fr")
    assert not (tmp_path / "x.html").exists()


@pytest.mark.pdf
def test_the_welsh_pdf(shipped_report, tmp_path, monkeypatch):
    # A small paper (one stand-in section), as how it is drawn is what is checked.
    support.use_stand_in_section(
        monkeypatch, SectionDataFactory(blocks=(TableFactory(key="calls"),)), alone=True)
    output = tmp_path / "report-cy.pdf"
    out = _export(output, "--format", "pdf", "--language", "cy")
    assert f"Wrote {output}." in out  # the operator's messages stay in their language
    content = output.read_bytes()
    assert support.read(content).trailer["/Root"]["/Lang"] == "cy"
    pages = support.pages(content)
    assert f"Tudalen 1 o {len(pages)}" in pages[0].text
    assert "Cynnwys" in pages[1].text and "1. Argymhelliad" in pages[1].text
    assert "Page 1 of" not in support.all_text(content)
    # The English paper is still the default, and cached apart from the Welsh one.
    english = tmp_path / "report-en.pdf"
    _export(english, "--format", "pdf")
    assert support.read(english.read_bytes()).trailer["/Root"]["/Lang"] != "cy"
    assert "Page 1 of" in support.pages(english.read_bytes())[0].text


def test_without_an_output_the_file_goes_to_standard_output(shipped_report):
    """The issue's own command, ``export_report gwent-police 2019-20 --format html
    --language cy``, with no --output: the page on standard output, as a shell
    redirect expects (``> report-cy.html``)."""
    out = io.StringIO()
    call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                 "--language", "cy", stdout=out, stderr=io.StringIO())
    page = out.getvalue()
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="cy">' in page
    assert "Wrote" not in page and "Ysgrifennwyd" not in page
