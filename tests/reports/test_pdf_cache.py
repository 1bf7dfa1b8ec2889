"""The PDF cache: an unchanged report is served at once, a changed one never stale.

What is cached, and when a PDF is made afresh, does not depend on how a PDF is drawn:
``render`` is replaced by one that records the document it was given and hands back
bytes of its own, so every test here asserts on the calls. The real renderer is tested
on the PDFs themselves (test_pdf_board_paper, test_pdf_view, test_pdf_charts).
"""

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.utils import timezone

from ictreport.core.models import SectionText
from ictreport.core.sections import Row, Table
from ictreport.reports import pdf
from tests.factories import AnnualReportFactory
from tests.pdf import support
from tests.pdf.factories import SectionDataFactory, TableFactory, TextFactory

pytestmark = pytest.mark.django_db

TABLE = TableFactory(key="calls")


@pytest.fixture
def section(monkeypatch):
    return support.use_stand_in_section(
        monkeypatch, SectionDataFactory(blocks=(TextFactory(), TABLE)), alone=True
    )


@pytest.fixture
def rendered(monkeypatch):
    """The documents ``render`` was asked to draw, in order."""
    documents = []

    def recording_render(document, **kwargs):
        documents.append(document)
        return pdf.RenderedPdf(b"%%PDF-1.7 stand-in %d" % len(documents))

    monkeypatch.setattr(pdf, "render", recording_render)
    return documents


@pytest.fixture
def report(gwent, section, settings, tmp_path, rendered):
    support.use_own_cache(settings, tmp_path)
    return AnnualReportFactory(organisation=gwent, personnel="The SRS has 220 members.",
                               title="Annual Report – ICT & Digital Services 2019/20")


def _calls_total(document) -> int:
    [table] = [b for s in document.sections for b in s.blocks
               if isinstance(b, Table) and b.key == "calls"]
    return table.rows[-1].cells[1]


def test_second_download_of_an_unchanged_report_comes_from_the_cache(report, rendered):
    first = pdf.report_pdf(report)
    assert first.from_cache is False
    assert len(rendered) == 1
    assert rendered[0].report == report
    second = pdf.report_pdf(report)
    assert second.from_cache is True
    assert second.content == first.content
    assert len(rendered) == 1, "rendered again instead of served from the cache"


def test_the_public_and_the_members_pdf_are_cached_apart(report, rendered):
    members = pdf.report_pdf(report)
    public = pdf.report_pdf(report, public=True)
    assert public.from_cache is False
    assert [d.public for d in rendered] == [False, True]
    assert pdf.report_pdf(report).content == members.content
    assert pdf.report_pdf(report, public=True).content == public.content
    assert len(rendered) == 2


def _change_figure(section):
    section.data = SectionDataFactory(blocks=(TextFactory(), TableFactory(
        key="calls", rows=(*TABLE.rows[:2], Row(("Total Calls", 19095, 100), is_total=True)),
    )))


def test_a_changed_figure_is_never_served_stale(report, section, rendered):
    pdf.report_pdf(report)
    _change_figure(section)
    # Figures change only by a write to the database, which moves the data version
    # (the stand-in section reads none: any change to a row of the report's stands in
    # for them; writing a row back as it was moves nothing).
    type(report).objects.filter(pk=report.pk).update(updated_at=timezone.now())
    changed = pdf.report_pdf(report)
    assert changed.from_cache is False
    assert [_calls_total(d) for d in rendered] == [19094, 19095]


def test_the_cache_trusts_the_data_version(report, section, rendered):
    """Nothing is assembled to find the cached PDF: while the data version stands, the
    same PDF is served (here the stand-in's data changed without any write)."""
    first = pdf.report_pdf(report)
    _change_figure(section)
    assert pdf.report_pdf(report).content == first.content
    assert len(rendered) == 1


@pytest.mark.parametrize(("field", "value"), [
    ("personnel", "The SRS has 221 members of staff."),
    ("classification", "OFFICIAL-SENSITIVE"),
    ("purpose", "For decision"),
])
def test_changed_report_text_is_never_served_stale(report, rendered, field, value):
    pdf.report_pdf(report)
    setattr(report, field, value)
    report.save()
    changed = pdf.report_pdf(report)
    assert changed.from_cache is False
    assert len(rendered) == 2
    assert getattr(rendered[-1].report, field) == value


def test_changed_section_commentary_is_never_served_stale(report, section, rendered):
    pdf.report_pdf(report)
    SectionText.objects.create(report=report, section=section.key,
                               commentary="Calls fell after the Windows 10 roll-out.")
    changed = pdf.report_pdf(report)
    assert changed.from_cache is False
    [paragraph] = [p for c in rendered[-1].chapters for p in c.paragraphs
                   if p.section and p.section.key == section.key]
    assert paragraph.commentary == "Calls fell after the Windows 10 roll-out."


def test_a_pdf_without_its_charts_is_not_cached(report, monkeypatch, rendered):
    def without_charts(document, **kwargs):
        rendered.append(document)
        return pdf.RenderedPdf(b"%PDF-1.7 tables only", charts_left_out="no Chromium")

    monkeypatch.setattr(pdf, "render", without_charts)
    pdf.report_pdf(report)
    assert pdf.report_pdf(report).from_cache is False
    assert len(rendered) == 2


def test_a_cache_that_cannot_be_written_still_gives_the_pdf(report, monkeypatch, caplog,
                                                            rendered):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileBasedCache, "set", full_disk)
    made = pdf.report_pdf(report)
    assert made.content.startswith(b"%PDF-")
    assert "Could not cache the PDF" in caplog.text
    assert pdf.report_pdf(report).from_cache is False
    assert len(rendered) == 2


@pytest.fixture
def cache_dir_is_a_file(settings, tmp_path):
    not_a_directory = tmp_path / "cache"
    not_a_directory.write_text("a file where the cache directory should be")
    settings.CACHES = {"default": {"BACKEND": "ictreport.core.cache.FileCache",
                                   "LOCATION": str(not_a_directory)}}
    return not_a_directory


def test_a_cache_dir_that_is_a_file_still_gives_the_pdf(report, cache_dir_is_a_file, caplog,
                                                         rendered):
    made = pdf.report_pdf(report)
    assert made.content.startswith(b"%PDF-")
    assert made.from_cache is False
    assert len(rendered) == 1
    assert "Could not read the PDF cache" in caplog.text
    assert "Could not cache the PDF" in caplog.text
    assert cache_dir_is_a_file.read_text() == "a file where the cache directory should be"


def test_the_download_is_served_when_the_cache_dir_is_a_file(staff_client, report,
                                                             cache_dir_is_a_file, rendered):
    # The cache is where the worker hands the PDF over (ictreport.reports.jobs): without
    # it the reader is told the PDF is being prepared, never given a server error.
    response = staff_client.get("/en/reports/gwent-police/2019-20/pdf/")
    assert response.status_code == 202
    assert b"The PDF is being prepared" in response.content


def test_a_damaged_cache_entry_is_rendered_afresh(report, monkeypatch, caplog, rendered):
    pdf.report_pdf(report)

    def damaged(*args, **kwargs):
        raise EOFError("Ran out of input")

    monkeypatch.setattr(FileBasedCache, "get", damaged)
    made = pdf.report_pdf(report)
    assert made.content.startswith(b"%PDF-")
    assert made.from_cache is False
    assert len(rendered) == 2
    assert "Could not read the PDF cache" in caplog.text


def test_check_names_a_cache_dir_that_is_a_file(cache_dir_is_a_file):
    from django.core import checks

    found = [w for w in checks.run_checks(tags=[checks.Tags.caches])
             if w.id == "reports.W001"]
    assert len(found) == 1
    assert found[0].msg == f"The cache directory {cache_dir_is_a_file} is not a directory."
    assert "CACHE_DIR" in found[0].obj


def test_check_names_a_cache_dir_under_a_file(settings, cache_dir_is_a_file):
    from ictreport.reports.checks import check_pdf_cache_directory

    settings.CACHES = {"default": {"BACKEND": "ictreport.core.cache.FileCache",
                                   "LOCATION": str(cache_dir_is_a_file / "pdf")}}
    [warning] = check_pdf_cache_directory(None)
    assert warning.msg == (f"The cache directory {cache_dir_is_a_file / 'pdf'} cannot be "
                           f"made, as {cache_dir_is_a_file} is not a directory.")


def test_check_is_quiet_for_a_usable_cache_dir(settings, tmp_path):
    from ictreport.reports.checks import check_pdf_cache_directory

    settings.CACHES = {"default": {"BACKEND": "ictreport.core.cache.FileCache",
                                   "LOCATION": str(tmp_path / "not-yet" / "cache")}}
    assert check_pdf_cache_directory(None) == []


# Each language's PDF apart (issue 16 item 5) --------------------------------------------


def test_each_language_is_rendered_and_cached_apart(report, rendered, monkeypatch):
    from django.utils import translation

    languages = []
    record = pdf.render

    def in_language(document, **kwargs):
        languages.append(translation.get_language())
        return record(document, **kwargs)

    monkeypatch.setattr(pdf, "render", in_language)
    english = pdf.report_pdf(report)
    welsh = pdf.report_pdf(report, language="cy")
    assert languages == [translation.get_language(), "cy"]
    assert english.content != welsh.content
    # Each comes from its own entry next time; neither is the other's.
    assert pdf.report_pdf(report, language="cy").content == welsh.content
    assert pdf.report_pdf(report).content == english.content
    with translation.override("cy"):
        assert pdf.report_pdf(report).from_cache is True
    assert len(rendered) == 2


def test_a_change_is_never_served_stale_in_either_language(report, section, rendered):
    pdf.report_pdf(report)
    pdf.report_pdf(report, language="cy")
    _change_figure(section)
    type(report).objects.filter(pk=report.pk).update(updated_at=timezone.now())  # a change
    assert pdf.report_pdf(report, language="cy").from_cache is False
    assert pdf.report_pdf(report).from_cache is False
    assert [_calls_total(d) for d in rendered] == [19094, 19094, 19095, 19095]
