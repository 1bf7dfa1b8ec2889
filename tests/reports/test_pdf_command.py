"""export_report ORG YEAR --format pdf --output PATH."""

import io

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from ictreport.reports import pdf
from tests.pdf import support
from tests.pdf.factories import ChartFactory, SectionDataFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_cache(settings, tmp_path):
    support.use_own_cache(settings, tmp_path / "cache")


def _export(output, organisation="gwent-police", year="2019-20"):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_report", organisation, year, "--format", "pdf",
                 "--output", str(output), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_writes_the_board_paper(shipped_report, tmp_path):
    output = tmp_path / "ict-annual-report-gwent-police-2019-20.pdf"
    out, _ = _export(output)
    assert f"Wrote {output}." in out
    pages = support.pages(output.read_bytes())
    assert "Annual Report – ICT & Digital Services" in pages[0].text
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1].text


def test_unknown_report_is_a_clear_error_and_a_failing_exit(shipped_report, tmp_path,
                                                             capsys):
    output = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="There is no 2019-20 report for an organisation "
                                           "“nowhere”"):
        _export(output, organisation="nowhere")
    with pytest.raises(CommandError, match="There is no 2018-19 report"):
        _export(output, year="2018-19")
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "export_report", "gwent-police", "2019-21",
                           "--format", "pdf", "--output", str(output)]).execute()
    assert exit_.value.code != 0
    assert "'2019-21' is not a financial year" in capsys.readouterr().err
    assert not output.exists()


def test_render_failure_writes_nothing(shipped_report, tmp_path, monkeypatch):
    def broken(document):
        raise RuntimeError("Pango could not lay out the page")

    monkeypatch.setattr(pdf, "render", broken)
    output = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="The PDF could not be made, so nothing was "
                                           "written: Pango could not lay out the page"):
        _export(output)
    assert [p.name for p in tmp_path.iterdir()] == ["cache"]


def test_without_chromium_it_says_the_charts_were_left_out(shipped_report, tmp_path,
                                                            monkeypatch):
    support.use_stand_in_section(monkeypatch, SectionDataFactory(blocks=(ChartFactory(),)),
                                 alone=True)
    missing = support.without_chromium(monkeypatch)
    output = tmp_path / "report.pdf"
    _, err = _export(output)
    assert "Charts left out; the PDF has their data tables instead" in err
    assert missing in err
    assert "Data table: Service desk calls by channel" in support.all_text(output.read_bytes())
