"""Whole-report files: validated whole, written whole, and the same going out as in."""

import pytest
from django.core.management import CommandError, call_command

from ictreport.core.files import ReportFileError, read_report_file, write_report_file
from ictreport.core.models import AnnualReport, Organisation, SectionText
from tests.conftest import SHIPPED_REPORT

pytestmark = pytest.mark.django_db

MINIMAL = """\
format: 1
organisation: gwent-police
year: 2019-20
report:
  title: Annual Report
  lead_chief_officer: A. Officer
  date: 2020-09-03
  timing: Routine
  purpose: For monitoring
  classification: OFFICIAL
"""


def problems_of(text):
    with pytest.raises(ReportFileError) as excinfo:
        read_report_file(text)
    return [str(p) for p in excinfo.value.problems]


def test_minimal_file_creates_the_report(gwent):
    report = read_report_file(MINIMAL)
    assert report.organisation == gwent
    assert report.year.label == "2019/20"
    assert report.classification == "OFFICIAL"


def test_malformed_yaml_names_the_line(gwent):
    problems = problems_of(MINIMAL + "  bad: [unclosed\n")
    assert len(problems) == 1
    assert "line" in problems[0] and "not valid YAML" in problems[0]
    assert not AnnualReport.objects.exists()


def test_unknown_organisation_is_named(gwent):
    problems = problems_of(MINIMAL.replace("gwent-police", "nowhere-police"))
    assert problems == [
        "organisation: no organisation has the short name 'nowhere-police'; "
        "add it in the admin first"
    ]


def test_missing_key_is_named(gwent):
    problems = problems_of(MINIMAL.replace("  timing: Routine\n", ""))
    assert problems == ["report.timing: is required"]


def test_bad_values_are_each_named(gwent):
    text = MINIMAL.replace("2020-09-03", "3rd September").replace("year: 2019-20", "year: 2019-21")
    problems = problems_of(text)
    assert "year: must be a financial year written like 2019-20" in problems
    assert "report.date: must be a date written like 2020-09-03" in problems


def test_unknown_keys_are_refused(gwent):
    problems = problems_of(MINIMAL + "  colour: blue\nweather: {}\n")
    assert "report.colour: is not a known key" in problems
    assert "weather: is not a known section of the report" in problems


def test_import_command_fails_without_writing(gwent, capsys):
    bad = SHIPPED_REPORT.read_text(encoding="utf-8").replace(
        "date: 2020-09-03", "date: someday"
    )
    path = SHIPPED_REPORT.parent.parent.parent / "var" / "test-bad-report.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(bad, encoding="utf-8")
    try:
        with pytest.raises(CommandError, match="nothing was imported"):
            call_command("import_report", str(path))
    finally:
        path.unlink()
    assert "report.date: must be a date" in capsys.readouterr().err
    assert not AnnualReport.objects.exists()


def test_shipped_report_imports(shipped_report):
    assert shipped_report.title == "Annual Report – ICT & Digital Services 2019/20"
    assert shipped_report.classification == "OFFICIAL SWYDDOGOL"
    assert shipped_report.narrative_paragraphs("introduction")[1].startswith("Since July 2011")
    assert len(shipped_report.narrative_paragraphs("strategy")) == 4


def test_importing_again_updates_in_place(shipped_report):
    counts = (AnnualReport.objects.count(), SectionText.objects.count())
    call_command("import_report", str(SHIPPED_REPORT))
    assert (AnnualReport.objects.count(), SectionText.objects.count()) == counts


@pytest.mark.django_db(transaction=True)  # flush cannot run inside the test's transaction
def test_round_trip_is_identical(shipped_report):
    """export → import into an empty database → export gives the same file."""
    first = write_report_file(shipped_report)
    call_command("flush", interactive=False)
    assert not AnnualReport.objects.exists()
    Organisation.objects.create(name="Gwent Police", slug="gwent-police")
    report = read_report_file(first)
    assert write_report_file(report) == first
