"""manage.py import_extract end to end: the figures reach the returns, the whole-report
file and the dashboard; a dry run, a locked quarter, a failure midway and bad files
write nothing."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from ictreport.core import extract_import
from ictreport.core.extracts import get_kind
from ictreport.core.models import ExtractRun, ReturnStatus
from servicedesk.models import ChannelCalls, ServiceDeskReturn, ServiceLevelResult
from tests.extracts.factories import csv_bytes, reference_data, ticket, year_of_tickets
from tests.factories import AnnualReportFactory, FinancialYearFactory

pytestmark = pytest.mark.django_db
KIND = "servicedesk-tickets"


@pytest.fixture
def extract(tmp_path, gwent):
    reference_data()
    path = tmp_path / "tickets.csv"
    path.write_bytes(csv_bytes(year_of_tickets()))
    return path


def run(path, *extra, year="2019-20"):
    out = io.StringIO()
    call_command("import_extract", KIND, str(path), "--organisation", "gwent-police",
                 "--year", year, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_imports_the_quarters_and_the_figures_reach_the_yaml_and_dashboard(
        extract, gwent, tmp_path, staff_client):
    output = run(extract)
    assert "quarters Q1, Q2, Q3, Q4" in output
    returns = ServiceDeskReturn.objects.filter(organisation=gwent, year_id=2019)
    assert sorted(returns.values_list("quarter", flat=True)) == [1, 2, 3, 4]
    assert all(r.status == ReturnStatus.DRAFT for r in returns)
    q1 = returns.get(quarter=1)
    assert (q1.first_contact_closed, q1.first_contact_measured) == (2, 3)
    gold = ServiceLevelResult.objects.get(desk_return=q1, tier__name="Gold")
    assert (gold.incidents, str(gold.median_hours), str(gold.p90_hours), gold.breaches,
            str(gold.resolved_in_time)) == (2, "4.0", "5.6", 1, "50.00")
    run_row = ExtractRun.objects.get()
    assert run_row.quarters == [1, 2, 3, 4] and run_row.rows == 6 and run_row.user is None
    assert len(run_row.sha256) == 64
    # each figure written records the extract in its history
    assert gold.history.first().history_change_reason == f"From extract {run_row.sha256}"

    AnnualReportFactory(organisation=gwent, year=FinancialYearFactory(start_year=2019))
    out = tmp_path / "report.yaml"
    call_command("export_report", "gwent-police", "2019-20", "--format", "yaml",
                 "--output", str(out), stdout=io.StringIO())
    part = yaml.safe_load(out.read_text())["servicedesk"]
    q1_part = next(r for r in part["returns"] if r["period"] == "Q1")
    assert q1_part["first_contact"] == {"closed": 2, "measured": 3}
    gold_part = next(s for s in q1_part["service_levels"] if s["tier"] == "Gold")
    assert gold_part["incidents"] == 2
    assert (gold_part["median_hours"], gold_part["p90_hours"]) == (4, 5.6)
    # and the file imports again as it was written
    call_command("import_report", str(out), stdout=io.StringIO())
    gold.refresh_from_db()
    assert (str(gold.median_hours), str(gold.p90_hours), gold.incidents) == ("4.0", "5.6", 2)

    html = staff_client.get("/en/servicedesk/?organisation=gwent-police&year=2019-20"
                            ).content.decode()
    assert 'id="figure-resolution-time"' in html
    assert 'id="table-resolution-time-data"' in html
    assert "Gold Q1" in html and "5.6" in html
    assert "The slowest tenth of incidents took longer than the target at Gold in Q1 " \
           "(5.6 hours against 4)" in html


def test_importing_the_same_file_again_changes_nothing_held(extract, gwent):
    run(extract)
    versions = list(ServiceDeskReturn.objects.order_by("quarter").values_list("version",
                                                                              flat=True))
    run(extract)
    assert list(ServiceDeskReturn.objects.order_by("quarter").values_list(
        "version", flat=True)) == versions


def test_dry_run_shows_figures_beside_held_and_writes_nothing(extract, gwent):
    output = run(extract, "--dry-run")
    assert "Q1 (Apr–Jun) 2019/20" in output
    assert " * Calls received: Telephone: 2 / —" in output
    assert "Dry run: nothing was written." in output
    assert not ServiceDeskReturn.objects.exists() and not ExtractRun.objects.exists()


def test_rejected_rows_are_listed_with_number_and_reason(tmp_path, gwent):
    reference_data()
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([ticket("INC1", "2019-04-01 09:00"),
                                ticket("INC2", "2019-04-01 09:00", channel="Fax")]))
    output = run(path, "--dry-run")
    assert "2 rows read, 1 rejected." in output
    assert "row 3: The channel “Fax” is not one held" in output


def test_a_locked_quarter_is_refused_by_name_and_nothing_is_written(extract, gwent):
    approved = ServiceDeskReturn.objects.create(
        organisation=gwent, year=FinancialYearFactory(start_year=2019), quarter=2,
        status=ReturnStatus.APPROVED)
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(extract)
    assert list(ServiceDeskReturn.objects.values_list("pk", flat=True)) == [approved.pk]
    assert not ChannelCalls.objects.exists() and not ExtractRun.objects.exists()
    problems = extract_import.refusals(get_kind(KIND), organisation=gwent,
                                       year=approved.year, quarters=[1, 2, 3, 4])
    assert len(problems) == 1 and problems[0].startswith("Q2 (Jul–Sep) 2019/20 is approved")


def test_a_failure_midway_rolls_every_quarter_back(extract, gwent, monkeypatch):
    """Q2 is approved but the up-front check is skipped: the lock below every write
    refuses Q2 after Q1 was written, and Q1 goes too."""
    ServiceDeskReturn.objects.create(organisation=gwent,
                                     year=FinancialYearFactory(start_year=2019), quarter=2,
                                     status=ReturnStatus.APPROVED)
    monkeypatch.setattr(extract_import, "refusals", lambda *a, **k: [])
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(extract)
    assert list(ServiceDeskReturn.objects.values_list("quarter", flat=True)) == [2]
    assert not ChannelCalls.objects.exists() and not ExtractRun.objects.exists()


def test_a_full_year_return_refuses_quarters(extract, gwent):
    ServiceDeskReturn.objects.create(organisation=gwent,
                                     year=FinancialYearFactory(start_year=2019), quarter=0)
    with pytest.raises(CommandError):
        run(extract)
    assert ServiceDeskReturn.objects.count() == 1


@pytest.mark.parametrize(("data", "words"), [
    (b"", "The file is empty"),
    (bytes(range(256)) * 50, "neither CSV text nor an Excel workbook"),
    (b"date,account,amount\n2019-04-01,4100,12.50\n", "has no column for “reference”"),
    (b"PK\x03\x04" + b"\x00" * 200, "neither CSV text nor an Excel workbook"),
])
def test_bad_files_are_refused_plainly_and_write_nothing(tmp_path, gwent, data, words):
    reference_data()
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=words):
        run(path)
    assert not ServiceDeskReturn.objects.exists()


def test_a_million_rows_is_refused_in_words(tmp_path, gwent):
    reference_data()
    path = tmp_path / "huge.csv"
    with path.open("wb") as out:
        out.write(b"reference,logged_at,channel,first_contact,tier,resolved_at\n")
        out.write(b"I,2019-04-01,Telephone,yes,,\n" * 1_000_000)
    with pytest.raises(CommandError, match="more than 500,000 rows"):
        run(path)
    assert not ServiceDeskReturn.objects.exists()


def test_unknown_kind_organisation_and_year_are_said(extract):
    with pytest.raises(CommandError, match="no kind of extract called “tickets”"):
        call_command("import_extract", "tickets", str(extract), "--organisation",
                     "gwent-police", "--year", "2019-20")
    with pytest.raises(CommandError, match="no organisation"):
        call_command("import_extract", KIND, str(extract), "--organisation", "nobody",
                     "--year", "2019-20")
    with pytest.raises(CommandError, match="not a financial year"):
        call_command("import_extract", KIND, str(extract), "--organisation",
                     "gwent-police", "--year", "2019")
