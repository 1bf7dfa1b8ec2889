"""manage.py import_extract finance-ledger end to end: the quarters' spend per line
reaches the returns, the whole-report file and the dashboard; budgets and commentary stay
as held; unmapped spend becomes a data-quality finding; a dry run, a locked quarter, a
line's credits beyond its spend and bad files write nothing."""

import io
from decimal import Decimal

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from finance.models import FinanceReturn, LineFigure, UnmappedAccount
from finance.section import FinanceSection
from ictreport.core.models import ExtractRun, ReturnStatus
from ictreport.core.periods import Quarter
from tests.access.factories import user_in
from tests.factories import AnnualReportFactory, FinancialYearFactory, OrganisationFactory
from tests.finance.factories import (
    AccountMappingFactory,
    BudgetLineFactory,
    ledger_csv,
    record,
)

pytestmark = pytest.mark.django_db
KIND = "finance-ledger"

LEDGER = [
    ("2019-04-03", "IT100", "1,000.00"),
    ("2019-05-10", "IT100", "-200.50"),       # a credit
    ("2019-06-30", "AIR01", "150.25"),
    ("15/08/2019", "it100", "300.00"),         # UK date, code in lower case
    ("2019-11-01", "AIR01", "99.99"),
    ("2020-02-29", "IT100", "0.01"),
    ("2020-03-01", "SUNDRY", "45.00"),         # mapped to no line
    ("2019-04-31", "IT100", "5.00"),           # no such day: rejected
]


@pytest.fixture
def lines(gwent):
    year = FinancialYearFactory(start_year=2019)
    srs = BudgetLineFactory(organisation=gwent, name="SRS Collaboration", position=1)
    airwave = BudgetLineFactory(organisation=gwent, name="Airwave", position=2)
    dsd = BudgetLineFactory(organisation=gwent, name="DSD", position=3)
    AccountMappingFactory(organisation=gwent, account="IT100", line=srs)
    AccountMappingFactory(organisation=gwent, account="AIR01", line=airwave)
    return year, srs, airwave, dsd


@pytest.fixture
def extract(tmp_path, lines):
    path = tmp_path / "ledger.csv"
    path.write_bytes(ledger_csv(LEDGER))
    return path


def run(path, *extra, year="2019-20", organisation="gwent-police"):
    out = io.StringIO()
    call_command("import_extract", KIND, str(path), "--organisation", organisation,
                 "--year", year, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def spend(organisation, quarter):
    return dict(LineFigure.objects.filter(
        finance_return__organisation=organisation, finance_return__year_id=2019,
        finance_return__quarter=quarter).values_list("line__name", "expenditure"))


def test_imports_the_quarters_and_the_figures_reach_the_yaml_and_dashboard(
        extract, gwent, lines, tmp_path, staff_client):
    year, srs, _airwave, _dsd = lines
    # Q1 is held with budgets and commentary, which stay; later quarters carry them over.
    q1 = record(gwent, 2019, Quarter.Q1, {"SRS Collaboration": ("4706996", "1"),
                                          "Airwave": ("584472", "2")})
    LineFigure.objects.filter(finance_return=q1, line=srs).update(commentary="As planned.")
    output = run(extract)
    assert "quarters Q1, Q2, Q3, Q4" in output
    assert spend(gwent, 1) == {"SRS Collaboration": Decimal("799.50"),
                               "Airwave": Decimal("150.25"), "DSD": Decimal("0.00")}
    assert spend(gwent, 2) == {"SRS Collaboration": Decimal("300.00"),
                               "Airwave": Decimal("0.00"), "DSD": Decimal("0.00")}
    assert spend(gwent, 3) == {"SRS Collaboration": Decimal("0.00"),
                               "Airwave": Decimal("99.99"), "DSD": Decimal("0.00")}
    assert spend(gwent, 4) == {"SRS Collaboration": Decimal("0.01"),
                               "Airwave": Decimal("0.00"), "DSD": Decimal("0.00")}
    budgets = dict(LineFigure.objects.filter(finance_return__quarter=3).values_list(
        "line__name", "budget"))
    assert budgets == {"SRS Collaboration": Decimal("4706996.00"),
                       "Airwave": Decimal("584472.00"), "DSD": Decimal("0.00")}
    assert LineFigure.objects.get(finance_return=q1, line=srs).commentary == "As planned."
    assert set(FinanceReturn.objects.values_list("status", flat=True)) == {"draft"}

    run_row = ExtractRun.objects.get()
    assert (run_row.kind, run_row.quarters, run_row.rows, run_row.rejected) == (
        KIND, [1, 2, 3, 4], 8, 1)
    figure = LineFigure.objects.get(finance_return__quarter=2, line=srs)
    assert figure.history.first().history_change_reason == f"From extract {run_row.sha256}"
    assert list(UnmappedAccount.objects.values_list("quarter", "account", "total",
                                                    "transactions")) == [
        (4, "SUNDRY", Decimal("45.00"), 1)]

    AnnualReportFactory(organisation=gwent, year=year)
    out = tmp_path / "report.yaml"
    call_command("export_report", "gwent-police", "2019-20", "--format", "yaml",
                 "--output", str(out), stdout=io.StringIO())
    part = yaml.safe_load(out.read_text())["finance"]
    q2 = next(r for r in part["returns"] if r["period"] == "Q2")
    assert {line["line"]: line["expenditure"] for line in q2["lines"]} == {
        "SRS Collaboration": 300, "Airwave": 0, "DSD": 0}

    page = staff_client.get("/en/finance/?organisation=gwent-police&year=2019-20"
                            ).content.decode()
    assert ">Expenditure by quarter, 2019/20</caption>" in page  # the caption has an id
    assert "1,099.51" in page  # the SRS line's spend over the year
    assert ("The latest ledger extract counted £45.00 of spend in no budget line, because "
            "1 account is not mapped to one: SUNDRY (£45.00).") in page


def test_dry_run_shows_figures_beside_held_and_writes_nothing(extract, gwent, lines):
    record(gwent, 2019, Quarter.Q1, {"SRS Collaboration": ("1000", "799.50")})
    output = run(extract, "--dry-run")
    assert "8 rows read, 1 rejected." in output
    assert "   SRS Collaboration: spent in the quarter (£): 799.50 / 799.50" in output
    assert " * Airwave: spent in the quarter (£): 150.25 / —" in output
    assert " * Account SUNDRY, mapped to no budget line: spent (£): 45.00 / —" in output
    assert "row 9: date: “2019-04-31” is not a date" in output
    assert "Unmapped account SUNDRY: £45.00 in 1 transaction." in output
    assert "Dry run: nothing was written." in output
    assert FinanceReturn.objects.count() == 1 and not ExtractRun.objects.exists()
    assert not UnmappedAccount.objects.exists()


def test_importing_the_same_file_again_changes_no_return(extract, gwent):
    run(extract)
    versions = list(FinanceReturn.objects.order_by("quarter").values_list("version",
                                                                          flat=True))
    run(extract)
    assert list(FinanceReturn.objects.order_by("quarter").values_list(
        "version", flat=True)) == versions
    assert ExtractRun.objects.count() == 2


def test_mapping_the_account_and_importing_again_clears_the_finding(extract, gwent, lines):
    year, _srs, _airwave, dsd = lines
    run(extract)
    assert any("SUNDRY" in f.message for f in FinanceSection().build(
        organisation=gwent, year=year).findings)
    AccountMappingFactory(organisation=gwent, account="sundry", line=dsd)
    run(extract)
    assert spend(gwent, 4)["DSD"] == Decimal("45.00")
    assert not any("ledger extract" in f.message for f in FinanceSection().build(
        organisation=gwent, year=year).findings)


def test_a_locked_quarter_is_refused_by_name_and_nothing_is_written(extract, gwent):
    approved = record(gwent, 2019, Quarter.Q2, {"SRS Collaboration": ("1000", "300")})
    FinanceReturn.objects.filter(pk=approved.pk).update(status=ReturnStatus.APPROVED)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_extract", KIND, str(extract), "--organisation", "gwent-police",
                     "--year", "2019-20", stdout=io.StringIO(), stderr=err)
    assert "Q2 (Jul–Sep) 2019/20 is approved, so the extract cannot change it" in (
        err.getvalue())
    assert list(FinanceReturn.objects.values_list("pk", flat=True)) == [approved.pk]
    assert not ExtractRun.objects.exists() and not UnmappedAccount.objects.exists()


def test_credits_beyond_a_lines_spend_are_refused_and_nothing_is_written(tmp_path, gwent,
                                                                         lines):
    path = tmp_path / "ledger.csv"
    path.write_bytes(ledger_csv([("2019-04-03", "IT100", "10.00"),
                                 ("2019-07-03", "IT100", "10.00"),
                                 ("2019-07-04", "IT100", "-25.00")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_extract", KIND, str(path), "--organisation", "gwent-police",
                     "--year", "2019-20", stdout=io.StringIO(), stderr=err)
    assert ("Q2 (Jul–Sep): the SRS Collaboration line's credits come to more than its "
            "spend (-£15.00)") in err.getvalue()
    assert not FinanceReturn.objects.exists() and not ExtractRun.objects.exists()


def test_a_year_held_as_a_full_year_is_refused(extract, gwent):
    record(gwent, 2019, Quarter.FULL_YEAR, {"SRS Collaboration": ("1000", "300")})
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(extract)
    assert FinanceReturn.objects.count() == 1


def test_another_organisations_mapping_and_lines_are_not_used(tmp_path, gwent, lines):
    zedland = OrganisationFactory(name="Zedland Council", slug="zedland")
    FinancialYearFactory(start_year=2019)
    BudgetLineFactory(organisation=zedland, name="Network")
    path = tmp_path / "ledger.csv"
    path.write_bytes(ledger_csv([("2019-04-03", "IT100", "10.00")]))
    run(path, organisation="zedland")
    assert spend(zedland, 1) == {"Network": Decimal("0.00")}
    assert list(UnmappedAccount.objects.values_list("organisation__slug", "account")) == [
        ("zedland", "IT100")]
    assert not FinanceReturn.objects.filter(organisation=gwent).exists()


@pytest.mark.parametrize(("data", "words"), [
    (b"", "The file is empty"),
    (bytes(range(256)) * 50, "neither CSV text nor an Excel workbook"),
    (b"reference,logged_at,channel,first_contact,tier,resolved_at\nINC1,2019-04-01,"
     b"Telephone,yes,,\n", "has no column for “date”, “account”, “amount”"),
    (b"date,account,amount\n", "no rows below the column names"),
])
def test_bad_files_are_refused_plainly_and_write_nothing(tmp_path, gwent, lines, data,
                                                         words):
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=words):
        run(path)
    assert not FinanceReturn.objects.exists() and not ExtractRun.objects.exists()


def test_a_file_of_nothing_but_rejected_rows_writes_nothing(tmp_path, gwent, lines):
    path = tmp_path / "bad.csv"
    path.write_bytes(ledger_csv([("someday", "IT100", "1"), ("2019-04-01", "IT100", "x")]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(path)
    assert not FinanceReturn.objects.exists()


# The admin's "Import an extract", for the ledger ----------------------------------------

IMPORT = "/en/admin/core/extractrun/import/"


def test_admin_import_of_a_ledger_dry_run_then_confirm(client, gwent, lines):
    editor = user_in("Finance editors", gwent)
    client.force_login(editor)
    upload = SimpleUploadedFile("ledger.csv", ledger_csv(LEDGER), content_type="text/csv")
    response = client.post(IMPORT, {"kind": KIND, "organisation": gwent.pk,
                                    "year": "2019-20", "file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Airwave: spent in the quarter (£)" in html and "SUNDRY" in html
    assert "2019-04-31" in html
    assert not FinanceReturn.objects.exists()
    confirmed = client.post(response["Location"])
    assert confirmed.status_code == 302
    assert spend(gwent, 2)["SRS Collaboration"] == Decimal("300.00")
    assert ExtractRun.objects.get().user == editor


@pytest.mark.parametrize("data", [b"", bytes(range(256)) * 50, b"\xff\xfe\x00garbage",
                                  b"PK\x03\x04" + b"\x00" * 300,
                                  b"date;account;amount\n2019-04-01;IT100;1,5\n"])
def test_admin_upload_of_bad_input_is_never_a_500(client, gwent, lines, data):
    client.force_login(user_in("Finance editors", gwent))
    upload = SimpleUploadedFile("ledger.csv", data, content_type="text/csv")
    response = client.post(IMPORT, {"kind": KIND, "organisation": gwent.pk,
                                    "year": "2019-20", "file": upload})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        follow = client.get(response["Location"])
        assert follow.status_code == 200
        confirmed = client.post(response["Location"])
        assert confirmed.status_code == 302
    assert not FinanceReturn.objects.exists()


def test_a_service_desk_editor_may_not_import_a_ledger(client, gwent, lines):
    client.force_login(user_in("Service desk editors", gwent))
    upload = SimpleUploadedFile("ledger.csv", ledger_csv(LEDGER), content_type="text/csv")
    response = client.post(IMPORT, {"kind": KIND, "organisation": gwent.pk,
                                    "year": "2019-20", "file": upload})
    assert response.status_code in (400, 403)
    assert not FinanceReturn.objects.exists()


def test_a_ledger_with_other_headers_uses_the_organisations_saved_mapping(tmp_path, gwent,
                                                                          lines):
    from ictreport.core.models import ExtractMapping

    ExtractMapping.objects.create(organisation=gwent, kind=KIND, columns={
        "date": "Posting date", "account": "Cost centre", "amount": "Net (GBP)"})
    path = tmp_path / "ledger.csv"
    path.write_bytes(ledger_csv([("2019-04-03", "IT100", "12.50"),
                                 ("2019-04-04", "AIR01", "7.25")],
                                headers=["Posting date", "Cost centre", "Net (GBP)"],
                                delimiter=";", encoding="cp1252"))
    run(path)
    assert spend(gwent, 1) == {"SRS Collaboration": Decimal("12.50"),
                               "Airwave": Decimal("7.25"), "DSD": Decimal("0.00")}
