"""The finance part of the whole-report file: every broken figure named by its key path
with nothing written, imports that update in place, and an exact round trip."""

import html
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from finance.models import BudgetLine, FinanceReturn, LineFigure
from ictreport.core.files import read_report_file, write_report_file
from ictreport.core.models import AnnualReport
from ictreport.core.periods import Quarter
from tests.conftest import SHIPPED_REPORT
from tests.factories import AnnualReportFactory, FinancialYearFactory
from tests.finance.factories import record

pytestmark = pytest.mark.django_db

FRAME = """\
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

QUARTERS = FRAME + """\
finance:
  budget_lines: [Airwave, DSD]
  returns:
  - year: 2019-20
    period: Q1
    lines:
    - {line: Airwave, budget: 584472, expenditure: 150000}
    - {line: DSD, budget: 1511953, expenditure: 400000}
  - year: 2019-20
    period: Q2
    lines:
    - {line: Airwave, budget: 584472, expenditure: 140000}
    - {line: DSD, budget: 1600000, expenditure: 410000.55}
"""


def shipped_text():
    return SHIPPED_REPORT.read_text(encoding="utf-8")


def refused(tmp_path, capsys, text):
    """Import ``text`` through the command; return the problems it printed."""
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_report", str(path))
    return [line.split(": ", 1)[1] for line in capsys.readouterr().err.splitlines()]


def nothing_written():
    return not (AnnualReport.objects.exists() or FinanceReturn.objects.exists()
                or LineFigure.objects.exists() or BudgetLine.objects.exists())


def test_negative_figure_is_named(gwent, tmp_path, capsys):
    text = shipped_text().replace("      budget: 584472\n", "      budget: -584472\n")
    assert refused(tmp_path, capsys, text) == [
        "finance.returns[0].lines[1].budget: must be a number ≥ 0"]
    assert nothing_written()


def test_non_numeric_figure_is_named(gwent, tmp_path, capsys):
    text = shipped_text().replace("      expenditure: 997826\n", "      expenditure: lots\n")
    assert refused(tmp_path, capsys, text) == [
        "finance.returns[0].lines[2].expenditure: must be a number"]
    assert nothing_written()


def test_fraction_of_a_penny_is_named(gwent, tmp_path, capsys):
    text = shipped_text().replace("      expenditure: 997826\n",
                                  "      expenditure: 997826.125\n")
    assert refused(tmp_path, capsys, text) == [
        "finance.returns[0].lines[2].expenditure: must have at most 2 decimal places"]


def test_missing_key_is_named(gwent, tmp_path, capsys):
    text = shipped_text().replace("      expenditure: 820701\n", "")
    assert refused(tmp_path, capsys, text) == [
        "finance.returns[0].lines[3].expenditure: is required"]
    assert nothing_written()


def test_duplicate_quarter_is_named(gwent, tmp_path, capsys):
    text = QUARTERS.replace("period: Q2", "period: Q1")
    assert refused(tmp_path, capsys, text) == [
        "finance.returns[1].period: 2019-20 Q1 is already given at finance.returns[0]"]
    assert nothing_written()


def test_full_year_and_quarters_in_one_year_are_named(gwent, tmp_path, capsys):
    text = QUARTERS.replace("period: Q2", "period: full-year")
    assert refused(tmp_path, capsys, text) == [
        "finance.returns[1].period: 2019-20 cannot have both a full-year return and "
        "quarterly ones (see finance.returns[0])"]
    assert nothing_written()


def test_clash_with_returns_already_held_is_named(gwent, tmp_path, capsys):
    record(gwent, 2019, Quarter.Q1, {"Airwave": ("100", "10")})
    problems = refused(tmp_path, capsys, shipped_text())
    assert problems == [
        "finance.returns[0].period: 2019-20 already holds quarterly returns (Q1) in the "
        "database; a year holds either one full-year return or quarterly ones"]
    assert not AnnualReport.objects.exists()
    assert list(FinanceReturn.objects.values_list("quarter", flat=True)) == [Quarter.Q1]
    assert LineFigure.objects.get().budget == Decimal(100)


@pytest.mark.parametrize(("change", "problem"), [
    (("- {line: DSD, budget: 1511953", "- {line: Dsd, budget: 1511953"),
     "finance.returns[0].lines[1].line: 'Dsd' is not one of finance.budget_lines"),
    (("- {line: DSD, budget: 1511953", "- {line: Airwave, budget: 1511953"),
     "finance.returns[0].lines[1].line: 'Airwave' is already given at "
     "finance.returns[0].lines[0]"),
    (("budget_lines: [Airwave, DSD]", "budget_lines: [Airwave, DSD, Airwave]"),
     "finance.budget_lines[2]: 'Airwave' is already given at finance.budget_lines[0]"),
    (("budget_lines: [Airwave, DSD]", "budget_lines: []"),
     "finance.budget_lines: must list at least one budget line"),
    (("  - year: 2019-20\n    period: Q2", "  - year: 2018-19\n    period: Q2"),
     "finance.returns[1].year: must be the report's year, 2019-20"),
    (("    period: Q2\n", "    period: Q2\n    stated_totals: {budget: 2000000}\n"),
     "finance.returns[1].stated_totals: only a full-year return, copied from a document, can "
     "state the document's totals"),
    (("    period: Q2\n", "    period: Q5\n"),
     "finance.returns[1].period: must be full-year, Q1, Q2, Q3 or Q4"),
])
def test_rules_the_schema_cannot_state_are_named(gwent, tmp_path, capsys, change, problem):
    assert refused(tmp_path, capsys, QUARTERS.replace(*change)) == [problem]
    assert nothing_written()


def test_every_problem_is_listed_at_once(gwent, tmp_path, capsys):
    text = (shipped_text().replace("      budget: 584472\n", "      budget: -1\n")
            .replace("      expenditure: 997826\n", "      expenditure: lots\n"))
    assert len(refused(tmp_path, capsys, text)) == 2


def test_shipped_figures_are_stored_as_the_source_gives_them(shipped_report, gwent):
    finance_return = FinanceReturn.objects.get(organisation=gwent)
    assert (finance_return.year_id, finance_return.quarter) == (2019, Quarter.FULL_YEAR)
    assert (finance_return.stated_budget, finance_return.stated_expenditure,
            finance_return.stated_variance) == (Decimal(8813929), Decimal(8730736),
                                                Decimal(83193))
    figures = {f.line.name: (f.budget, f.expenditure) for f in
               finance_return.lines.select_related("line")}
    assert figures == {
        "SRS Collaboration": (Decimal(4706996), Decimal(3997121)),
        "Airwave": (Decimal(584472), Decimal(576597)),
        "Devolved Force Budgets": (Decimal(1231344), Decimal(997826)),
        "National ICT Services": (Decimal(779164), Decimal(820701)),
        "DSD": (Decimal(1511953), Decimal(2338490)),
    }
    assert list(BudgetLine.objects.values_list("name", "position")) == [
        ("SRS Collaboration", 1), ("Airwave", 2), ("Devolved Force Budgets", 3),
        ("National ICT Services", 4), ("DSD", 5)]


def test_importing_twice_never_duplicates(shipped_report):
    counts = (BudgetLine.objects.count(), FinanceReturn.objects.count(),
              LineFigure.objects.count())
    call_command("import_report", str(SHIPPED_REPORT))
    assert (BudgetLine.objects.count(), FinanceReturn.objects.count(),
            LineFigure.objects.count()) == counts == (5, 1, 5)


def test_figures_the_file_no_longer_lists_are_removed(gwent):
    read_report_file(QUARTERS)
    read_report_file(QUARTERS.replace(
        "    - {line: DSD, budget: 1600000, expenditure: 410000.55}\n", ""))
    q1, q2 = FinanceReturn.objects.order_by("quarter")
    assert q1.lines.count() == 2
    assert [f.line.name for f in q2.lines.all()] == ["Airwave"]
    assert BudgetLine.objects.filter(name="DSD").exists()  # still listed, still a line


def test_returns_the_file_does_not_describe_are_kept(gwent):
    read_report_file(QUARTERS)
    read_report_file(QUARTERS.split("  - year: 2019-20\n    period: Q2")[0])
    assert FinanceReturn.objects.count() == 2


def test_quarters_pence_and_commentary_round_trip_exactly(gwent):
    report = AnnualReportFactory(organisation=gwent, year=FinancialYearFactory(start_year=2020))
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("584472.10", "150000.05"), "DSD": ("10", "0")})
    q2 = record(gwent, 2020, Quarter.Q2, {"Airwave": ("600000", "140000.99")})
    q2.lines.update(commentary="Handsets bought early.\n\nA second paragraph.",
                    discrepancy="Typed from a scan.")
    first = write_report_file(report)
    assert "expenditure: 150000.05" in first and "period: Q2" in first
    LineFigure.objects.all().delete()
    FinanceReturn.objects.all().delete()
    BudgetLine.objects.all().delete()
    assert write_report_file(read_report_file(first)) == first
    assert LineFigure.objects.get(line__name="Airwave",
                                  finance_return__quarter=2).expenditure == Decimal("140000.99")


def test_report_without_finance_figures_has_no_finance_part(gwent):
    report = AnnualReportFactory(organisation=gwent)
    assert "finance:" not in write_report_file(report)


def test_html_export_holds_the_table_totals_finding_and_sentences(shipped_report, tmp_path):
    output = tmp_path / "report.html"
    call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                 "--output", str(output))
    page = html.unescape(output.read_text(encoding="utf-8"))
    table = page.split('-caption">Financial performance 2019/20</caption>', 1)[1]
    for line, figures in {
        "SRS Collaboration": ("4,706,996", "3,997,121", "709,875"),
        "Airwave": ("584,472", "576,597", "7,875"),
        "Devolved Force Budgets": ("1,231,344", "997,826", "233,518"),
        "National ICT Services": ("779,164", "820,701", "-41,537"),
        "DSD": ("1,511,953", "2,338,490", "-826,537"),
        "Total": ("8,813,929", "8,730,735", "83,194"),
    }.items():
        row = table.split(f'<th scope="row">{line}</th>', 1)[1].split("</tr>", 1)[0]
        assert re.findall(r"<td[^>]*>(?:<span[^>]*>)?([^<]*)", row) == list(figures), line
    assert "8,730,736" not in page.split("Data quality")[0]  # the source's total only there
    for text in [
        "Financial performance 2019/20",
        "Overall, the budgets were underspent for the year by £0.08m.",
        "The SRS Collaboration line was underspent by £709,875 (15% of its budget).",
        "The Airwave line was underspent by £7,875 (1% of its budget).",
        "The Devolved Force Budgets line was underspent by £233,518 (19% of its budget).",
        "The National ICT Services line was overspent by £41,537 (5% of its budget).",
        "The DSD line was overspent by £826,537 (55% of its budget).",
        "The source states a total expenditure of £8,730,736, but its lines add up to "
        "£8,730,735, a difference of £1.",
        "The source states a total variance of £83,193, but its lines add up to £83,194, a "
        "difference of £1.",
        "The source's prose says the Airwave budget overspent in the year, but its table "
        "shows an underspend of £7,875",
        "Budget and expenditure by budget line, 2019/20",
        "Variance by budget line, 2019/20",
    ]:
        assert text in page, text
    # 5.1 is the report's own narrative; the finance section follows it as 5.2.
    assert page.index('id="para-5-1"') < page.index("The financial resources invested") \
        < page.index('id="para-5-2"') < page.index("Financial performance 2019/20")
