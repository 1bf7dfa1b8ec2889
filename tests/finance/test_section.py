"""Section 5.2 built from stored figures: the source's table with derived totals,
sentences that say what the figures say, charts, headlines and data-quality findings."""

from decimal import Decimal

import pytest

from finance.section import FinanceSection
from ictreport.core import registry
from ictreport.core.periods import Quarter
from ictreport.core.sections import Chart, Table, Text
from tests.factories import FinancialYearFactory
from tests.finance.factories import CommentaryThresholdFactory, record

pytestmark = pytest.mark.django_db


def build(organisation, start_year=2019):
    return FinanceSection().build(organisation=organisation,
                                  year=FinancialYearFactory(start_year=start_year))


def blocks_of(data, kind):
    return [b for b in data.blocks if isinstance(b, kind)]


def texts(data):
    return [b.text for b in blocks_of(data, Text)]


@pytest.fixture
def shipped(shipped_report, gwent):
    return build(gwent)


def test_registered_as_section_five_two():
    section = registry.get_section("finance")
    assert (section.chapter, section.order, section.url_name) == (5, 1, "finance:dashboard")
    assert str(section.title) == "Financial performance"


def test_table_is_the_sources_with_the_total_derived_from_the_lines(shipped):
    [table] = blocks_of(shipped, Table)
    assert table.caption == "Financial performance 2019/20"
    assert [c.label for c in table.columns] == [
        "Budget line", "Budget (£)", "Expenditure (£)", "Variance (£)"]
    assert [c.format for c in table.columns[1:]] == ["int"] * 3
    assert [row.cells for row in table.rows] == [
        ("SRS Collaboration", 4706996, 3997121, 709875),
        ("Airwave", 584472, 576597, 7875),
        ("Devolved Force Budgets", 1231344, 997826, 233518),
        ("National ICT Services", 779164, 820701, -41537),
        ("DSD", 1511953, 2338490, -826537),
        # Not the source's stated 8,730,736 and 83,193: its rows add up to these.
        ("Total", 8813929, 8730735, 83194),
    ]
    assert [row.is_total for row in table.rows] == [False] * 5 + [True]
    assert all(isinstance(v, Decimal) for row in table.rows for v in row.cells[1:])


def test_sentences_say_what_the_figures_say(shipped):
    overall, srs_and_dsd, airwave, devolved, national = texts(shipped)
    assert overall == "Overall, the budgets were underspent for the year by £0.08m."
    assert srs_and_dsd.startswith(
        "The SRS Collaboration line was underspent by £709,875 (15% of its budget). "
        "The DSD line was overspent by £826,537 (55% of its budget). "
        "The SRS restructuring during 2018/19,")
    # The source's prose says Airwave overspent; its figures, and so ours, say otherwise.
    assert airwave.startswith("The Airwave line was underspent by £7,875 (1% of its budget).")
    assert "overspent" not in airwave
    assert devolved == ("The Devolved Force Budgets line was underspent by £233,518 (19% of "
                        "its budget).")
    assert national == (
        "The National ICT Services line was overspent by £41,537 (5% of its budget). "
        "The National Police systems budget is broadly in line with planned spend.")


def test_the_drafting_note_is_not_carried(shipped):
    assert not any("2019/209" in text or "require a detailed" in text
                   for text in texts(shipped))


def test_findings_name_each_difference_and_the_sources_contradiction(shipped):
    assert [f.message for f in shipped.findings] == [
        "The source states a total expenditure of £8,730,736, but its lines add up to "
        "£8,730,735, a difference of £1. The table shows the lines' total.",
        "The source states a total variance of £83,193, but its lines add up to £83,194, a "
        "difference of £1. The table shows the lines' total.",
        "Airwave: The source's prose says the Airwave budget overspent in the year, but its "
        "table shows an underspend of £7,875 (budget 584,472, expenditure 576,597).",
        "Devolved Force Budgets: the variance of £233,518 passes the commentary threshold (5% "
        "of budget or £50,000) but no commentary explains it.",
    ]


def test_charts_each_with_title_alt_and_data(shipped):
    bars, variance = blocks_of(shipped, Chart)
    assert (bars.kind, bars.categories[0], bars.format) == ("bar", "SRS Collaboration", "money")
    assert [s.name for s in bars.series] == ["Budget", "Expenditure"]
    assert bars.series[1].values[4] == Decimal(2338490)
    assert ("above budget for 2 lines (National ICT Services and DSD). 3 lines spent less "
            "than budgeted.") in bars.alt
    assert variance.kind == "diverging_hbar"
    assert variance.series[0].values == (709875, 7875, 233518, -41537, -826537)
    assert "largest underspend is SRS Collaboration (£709,875)" in variance.alt
    assert "largest overspend is DSD (£826,537)" in variance.alt
    assert all(chart.title and chart.alt for chart in (bars, variance))
    assert variance.table.rows[3].cells == ("National ICT Services", -41537)


def test_headlines_with_their_trend_over_the_years_held(gwent):
    record(gwent, 2018, Quarter.FULL_YEAR, {"A": ("1000", "800")})
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000", "1200")})
    budget, spend, variance = build(gwent).headlines
    assert (budget.label, budget.value, budget.detail) == (
        "Budget", Decimal(1000), "the same as 2018/19")
    assert (spend.value, spend.detail) == (Decimal(1200), "50% more than 2018/19")
    assert (variance.value, variance.detail) == (Decimal(-200), "Overspent for the year by £200")
    assert variance.trend == (("2018/19", Decimal(200)), ("2019/20", Decimal(-200)))


def test_year_without_figures_says_so_and_invents_nothing(gwent):
    record(gwent, 2018, Quarter.FULL_YEAR, {"A": ("1000", "800")})
    data = build(gwent)
    assert not data.has_data
    assert texts(data) == ["No financial figures were recorded for Gwent Police in 2019/20."]
    assert data.headlines == () and data.findings == ()


def test_year_in_progress_is_shown_to_date(gwent):
    record(gwent, 2020, Quarter.Q1, {"A": ("400000", "90000"), "B": ("100000", "20000")})
    record(gwent, 2020, Quarter.Q2, {"A": ("400000", "120000"), "B": ("120000", "45000")})
    data = build(gwent, 2020)
    [table] = blocks_of(data, Table)
    assert table.caption == "Financial performance 2020/21 to the end of Q2 (Jul–Sep)"
    assert [c.label for c in table.columns][1:] == [
        "Annual budget (£)", "Budget to date (£)", "Expenditure to date (£)",
        "Variance to date (£)"]
    assert table.rows[-1].cells == ("Total", 520000, 260000, 275000, -15000)
    overall, line_a, line_b = texts(data)
    assert overall == ("By the end of Q2 (Jul–Sep), the budgets were overspent by £0.02m "
                       "against the budget to date.")
    assert line_a == ("The A line was overspent to date by £10,000 (5% of its budget to "
                      "date).")
    assert line_b == ("The B line was overspent to date by £5,000 (8% of its budget to "
                      "date).")
    cumulative = blocks_of(data, Chart)[-1]
    assert (cumulative.kind, cumulative.categories) == ("line", ("Q1 (Apr–Jun)", "Q2 (Jul–Sep)"))
    spend, budget = cumulative.series
    assert spend.values == (110000, 275000) and not spend.is_target
    assert budget.values == (500000, 520000) and budget.is_target


def test_missing_quarter_is_a_finding(gwent):
    record(gwent, 2020, Quarter.Q1, {"A": ("400000", "100000")})
    record(gwent, 2020, Quarter.Q3, {"A": ("400000", "200000")})
    messages = [f.message for f in build(gwent, 2020).findings]
    assert ("No Q2 (Jul–Sep) return is held, so expenditure to date leaves that quarter "
            "out.") in messages


@pytest.mark.parametrize(("spend", "sentence"), [
    ("1000", "Overall, expenditure for the year matched the budget exactly."),
    ("1250000", "Overall, the budgets were overspent for the year by £0.25m."),
    ("998000", "Overall, the budgets were underspent for the year by £2,000."),
])
def test_overall_position_follows_the_sign(gwent, spend, sentence):
    budget = "1000" if spend == "1000" else "1000000"
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": (budget, spend)})
    assert texts(build(gwent))[0] == sentence


def test_pence_are_shown_when_any_line_has_them(gwent):
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000.50", "900"), "B": ("10", "10")})
    [table] = blocks_of(build(gwent), Table)
    assert {c.format for c in table.columns[1:]} == {"decimal"}
    assert table.rows[-1].cells == ("Total", Decimal("1010.50"), Decimal(910),
                                    Decimal("100.50"))


def test_line_exactly_on_budget(gwent):
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000", "1000")})
    assert texts(build(gwent))[1] == "The A line was spent exactly as budgeted."


def test_threshold_setting_changes_the_findings(gwent):
    CommentaryThresholdFactory(organisation=gwent, percent=None, amount=Decimal(1_000_000))
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000000", "1500000")})
    assert build(gwent).findings == ()


def test_build_reads_a_fixed_number_of_queries(gwent, django_assert_num_queries):
    section = FinanceSection()
    record(gwent, 2019, Quarter.FULL_YEAR, {"A": ("1000", "900")})
    year = FinancialYearFactory(start_year=2019)
    with django_assert_num_queries(6):
        # line positions, every year held, quarters, stated totals, threshold, the
        # accounts the latest ledger extract left unmapped
        section.build(organisation=gwent, year=year)

    for start in (2016, 2017, 2018):
        record(gwent, start, Quarter.FULL_YEAR, {f"L{n}": ("1000", "900") for n in range(8)})
    for quarter in (1, 2, 3, 4):
        record(gwent, 2020, quarter, {f"L{n}": ("1000", "200") for n in range(8)})
    CommentaryThresholdFactory(organisation=gwent)
    year = FinancialYearFactory(start_year=2020)
    with django_assert_num_queries(6):
        data = section.build(organisation=gwent, year=year)
    assert len(blocks_of(data, Table)[0].rows) == 9 and len(data.headlines[0].trend) == 5
