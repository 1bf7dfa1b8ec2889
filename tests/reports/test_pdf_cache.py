"""The PDF cache: an unchanged report is served at once, a changed one never stale."""

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.db.models import F

from ictreport.core.models import SectionText
from ictreport.core.sections import Row
from ictreport.reports import pdf
from servicedesk.models import ChannelCalls
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
def report(shipped_report, section, settings, tmp_path):
    support.use_own_cache(settings, tmp_path)
    return shipped_report


def _no_rendering(document):
    raise AssertionError("rendered again instead of served from the cache")


def test_second_download_of_an_unchanged_report_comes_from_the_cache(report, monkeypatch):
    first = pdf.report_pdf(report)
    assert first.from_cache is False
    monkeypatch.setattr(pdf, "render", _no_rendering)
    second = pdf.report_pdf(report)
    assert second.from_cache is True
    assert second.content == first.content


def _changed_figure(section):
    section.data = SectionDataFactory(blocks=(TextFactory(), TableFactory(
        key="calls", rows=(*TABLE.rows[:2], Row(("Total Calls", 19095, 100), is_total=True)),
    )))


def test_a_changed_figure_is_never_served_stale(report, section):
    pdf.report_pdf(report)
    _changed_figure(section)
    # Figures change only by a write to the database, which moves the data version.
    ChannelCalls.objects.filter(desk_return__organisation=report.organisation).update(
        calls=F("calls") + 0)
    changed = pdf.report_pdf(report)
    assert changed.from_cache is False
    lines = support.all_text(changed.content).splitlines()
    assert "Total Calls 19,095 100%" in lines
    assert "Total Calls 19,094 100%" not in lines


def test_the_cache_trusts_the_data_version(report, section):
    """Nothing is assembled to find the cached PDF: while the data version stands,
    the same PDF is served (here the stand-in's data changed without any write)."""
    first = pdf.report_pdf(report)
    _changed_figure(section)
    assert pdf.report_pdf(report).content == first.content


@pytest.mark.parametrize(("change", "expected"), [
    (lambda r: setattr(r, "personnel", "The SRS has 221 members of staff."),
     "The SRS has 221 members of staff."),
    (lambda r: setattr(r, "classification", "OFFICIAL-SENSITIVE"), "OFFICIAL-SENSITIVE"),
    (lambda r: setattr(r, "purpose", "For decision"), "For decision"),
])
def test_changed_report_text_is_never_served_stale(report, change, expected):
    pdf.report_pdf(report)
    change(report)
    report.save()
    changed = pdf.report_pdf(report)
    assert changed.from_cache is False
    assert expected in support.all_text(changed.content)


def test_changed_section_commentary_is_never_served_stale(report, section):
    pdf.report_pdf(report)
    SectionText.objects.create(report=report, section=section.key,
                               commentary="Calls fell after the Windows 10 roll-out.")
    changed = pdf.report_pdf(report)
    assert changed.from_cache is False
    assert "Calls fell after the Windows 10 roll-out." in support.all_text(changed.content)


def test_a_cache_that_cannot_be_written_still_gives_the_pdf(report, monkeypatch, caplog):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileBasedCache, "set", full_disk)
    rendered = pdf.report_pdf(report)
    assert rendered.content.startswith(b"%PDF-")
    assert "Could not cache the PDF" in caplog.text
    assert pdf.report_pdf(report).from_cache is False


@pytest.fixture
def cache_dir_is_a_file(settings, tmp_path):
    not_a_directory = tmp_path / "cache"
    not_a_directory.write_text("a file where the cache directory should be")
    settings.CACHES = {"default": {"BACKEND": "ictreport.core.cache.FileCache",
                                   "LOCATION": str(not_a_directory)}}
    return not_a_directory


def test_a_cache_dir_that_is_a_file_still_gives_the_pdf(report, cache_dir_is_a_file, caplog):
    rendered = pdf.report_pdf(report)
    assert rendered.content.startswith(b"%PDF-")
    assert rendered.from_cache is False
    assert "Could not read the PDF cache" in caplog.text
    assert "Could not cache the PDF" in caplog.text
    assert cache_dir_is_a_file.read_text() == "a file where the cache directory should be"


def test_the_download_is_served_when_the_cache_dir_is_a_file(staff_client, report,
                                                             cache_dir_is_a_file):
    response = staff_client.get("/reports/gwent-police/2019-20/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_a_damaged_cache_entry_is_rendered_afresh(report, monkeypatch, caplog):
    def damaged(*args, **kwargs):
        raise EOFError("Ran out of input")

    monkeypatch.setattr(FileBasedCache, "get", damaged)
    rendered = pdf.report_pdf(report)
    assert rendered.content.startswith(b"%PDF-")
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
