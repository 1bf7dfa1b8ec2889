"""Section 5.2 in Welsh, through the project's catalogue (locale/cy, compiled by the
build): the sentences, captions, column headers, chart texts, headlines and findings are
Welsh, the figures are the same figures written the same way ("£709,875", "15%"), and
none of the section's English interface text is left in the Welsh output.

The figures use line names that are the same in both languages (acronyms), so that what
is checked is the interface's words, not the content's (django-modeltranslation's)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from finance.dashboard import quarter_table, year_series_table
from finance.section import FinanceSection
from finance.selectors import figures_get
from ictreport.core.periods import Quarter
from ictreport.core.sections import Chart, Table, Text
from tests.factories import FinancialYearFactory
from tests.yearround.support import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def welsh_catalogue():
    with translation.override("cy"):
        if gettext("Financial performance") == "Financial performance":
            pytest.fail("No Welsh catalogue: compile locale/cy/LC_MESSAGES/django.po "
                        "(manage.py compilemessages) before these tests.")
    # A Welsh request leaves Welsh active in the thread (LocaleMiddleware activates it
    # and nothing deactivates it): the tests after these get the language they had.
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def full_year(gwent):
    from tests.finance.factories import record

    # SRS underspent by £709,875 (15%), DSD overspent by £826,537 (55%), NPTC on budget;
    # the source's stated expenditure is £1 more than the lines add up to.
    record(gwent, 2019, Quarter.FULL_YEAR, {
        "SRS": ("4706996", "3997121"), "DSD": ("1511953", "2338490"),
        "NPTC": ("779164", "779164")}, stated_expenditure=Decimal("7114776"))
    return FinancialYearFactory(start_year=2019)


@pytest.fixture
def in_progress(gwent):
    from tests.finance.factories import record

    # Q1 and Q3 held, Q2 missing: to the end of Q3 SRS has spent £310,000 against
    # £300,000 budgeted to date, DSD exactly its £90,000.
    record(gwent, 2020, Quarter.Q1, {"SRS": ("400000", "90000"), "DSD": ("100000", "20000")})
    record(gwent, 2020, Quarter.Q3, {"SRS": ("400000", "220000"), "DSD": ("120000", "70000")})
    return FinancialYearFactory(start_year=2020)


def build(organisation, year, language):
    with translation.override(language):
        return FinanceSection().build(organisation=organisation, year=year)


def blocks_of(data, kind):
    return [b for b in data.blocks if isinstance(b, kind)]


def interface_strings(data, names) -> list[str]:
    """Every interface string of the section's data (not the line names, figures or
    quarter and year labels, which are content or another module's)."""
    out = [data.title]
    for block in data.blocks:
        if isinstance(block, Text):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [block.caption, block.note, *(c.label for c in block.columns)]
            out += [cell for row in block.rows for cell in row.cells
                    if isinstance(cell, str) and cell not in names]
        elif isinstance(block, Chart):
            out += [block.title, block.alt, block.category_title,
                    *(s.name for s in block.series)]
    out += [text for h in data.headlines for text in (h.label, h.detail)]
    out += [f.message for f in data.findings]
    return [text for text in out if text and text != "£"]


def test_full_year_in_welsh(gwent, full_year):
    data = build(gwent, full_year, "cy")
    assert data.title == "Perfformiad ariannol"
    [table] = blocks_of(data, Table)
    assert table.caption == "Perfformiad ariannol 2019/20"
    assert [c.label for c in table.columns] == [
        "Llinell y gyllideb", "Cyllideb (£)", "Gwariant (£)", "Amrywiant (£)"]
    assert table.rows[-1].cells == ("Cyfanswm", 6998113, 7114775, -116662)
    assert table.note.startswith("Yr amrywiant yw'r gyllideb llai'r gwariant")

    overall, srs, dsd, nptc = (b.text for b in blocks_of(data, Text))
    assert overall.startswith("Ar y cyfan, roedd gorwariant o £0.12")
    assert overall.endswith("yn erbyn y cyllidebau am y flwyddyn.")
    assert srs == "Roedd tanwariant o £709,875 ar linell SRS (15% o'i chyllideb)."
    assert dsd == "Roedd gorwariant o £826,537 ar linell DSD (55% o'i chyllideb)."
    assert nptc == "Gwariwyd llinell NPTC yn union yn unol â'r gyllideb."

    bars, variance = blocks_of(data, Chart)
    assert bars.title == "Cyllideb a gwariant fesul llinell y gyllideb, 2019/20"
    assert "Roedd y gwariant yn uwch na'r gyllideb ar un llinell (DSD)." in bars.alt
    assert "Gwariodd un llinell lai na'r gyllideb." in bars.alt
    assert [s.name for s in bars.series] == ["Cyllideb", "Gwariant"]
    assert "SRS sydd â'r tanwariant mwyaf (£709,875)." in variance.alt
    assert "DSD sydd â'r gorwariant mwyaf (£826,537)." in variance.alt
    assert variance.value_title == "Tanwariant (+) neu orwariant (−), £"

    budget, spend, position = data.headlines
    assert (budget.label, spend.label, position.label) == ("Cyllideb", "Gwariant",
                                                           "Amrywiant")
    assert position.detail.startswith("Gorwariant o £0.12")

    messages = [f.message for f in data.findings]
    assert messages[0] == (
        "Mae'r ffynhonnell yn nodi cyfanswm gwariant o £7,114,776, ond mae ei llinellau'n "
        "dod i £7,114,775, gwahaniaeth o £1. Mae'r tabl yn dangos cyfanswm y llinellau.")
    assert messages[1].startswith(
        "SRS: mae'r amrywiant o £709,875 yn uwch na'r trothwy sylwebaeth (5% o'r gyllideb ")
    assert messages[1].endswith("£50,000) ond nid oes sylwebaeth yn ei egluro.")


def test_year_in_progress_in_welsh(gwent, in_progress):
    data = build(gwent, in_progress, "cy")
    [table] = blocks_of(data, Table)
    assert table.caption.startswith("Perfformiad ariannol 2020/21 hyd at ddiwedd ")
    assert [c.label for c in table.columns][1:] == [
        "Cyllideb flynyddol (£)", "Cyllideb hyd yma (£)", "Gwariant hyd yma (£)",
        "Amrywiant hyd yma (£)"]
    overall, srs, dsd = (b.text for b in blocks_of(data, Text))
    assert overall.startswith("Erbyn diwedd ")
    assert "roedd gorwariant o £" in overall and overall.endswith(
        "yn erbyn y gyllideb hyd yma.")
    assert srs == ("Hyd yma, roedd gorwariant o £10,000 ar linell SRS (3% o'i chyllideb "
                   "hyd yma).")
    assert dsd == "Hyd yma, gwariwyd llinell DSD yn union yn unol â'r gyllideb."
    cumulative = blocks_of(data, Chart)[-1]
    assert cumulative.title == "Gwariant cronnus yn erbyn y gyllideb, 2020/21"
    assert [s.name for s in cumulative.series] == ["Gwariant cronnus", "Cyllideb flynyddol"]
    assert "roedd £400,000 o'r gyllideb o £520,000 wedi'i wario." in cumulative.alt
    assert data.headlines[1].detail.startswith("hyd at ddiwedd ")
    assert any(f.message.startswith("Nid oes ffurflen ar gyfer ")
               and f.message.endswith("felly mae'r gwariant hyd yma yn gadael y chwarter "
                                      "hwnnw allan.") for f in data.findings)


def test_the_dashboards_own_tables_in_welsh(gwent, in_progress):
    figures = figures_get(organisation=gwent, year=in_progress)
    with translation.override("cy"):
        years = year_series_table(figures.history)
        quarters = quarter_table(figures.quarters, in_progress)
    assert years.caption == "Cyllideb, gwariant ac amrywiant fesul blwyddyn"
    assert [c.label for c in years.columns] == [
        "Blwyddyn", "Cyfnod", "Cyllideb flynyddol (£)", "Gwariant (£)", "Amrywiant (£)"]
    assert years.rows[0].cells[1].startswith("Hyd at ddiwedd ")
    assert quarters.caption == "Gwariant fesul chwarter, 2020/21"
    assert [c.label for c in quarters.columns] == [
        "Chwarter", "Gwariwyd yn y chwarter (£)", "Gwariwyd hyd yma (£)",
        "Cyllideb flynyddol fel y'i nodwyd (£)"]


@pytest.mark.parametrize("year", ["full_year", "in_progress"])
def test_no_english_interface_text_is_left(gwent, year, request):
    year = request.getfixturevalue(year)
    names = {"SRS", "DSD", "NPTC"}
    english = interface_strings(build(gwent, year, "en"), names)
    welsh = build(gwent, year, "cy")
    welsh_text = "\n".join(interface_strings(welsh, names))
    left = [text for text in english if text in welsh_text]
    assert not left, f"English left in the Welsh section: {left}"


def test_the_dashboard_page_in_welsh(staff_client, gwent, full_year, in_progress):
    with translation.override("cy"):
        url = reverse("finance:dashboard")
    for year, said in (("2019-20", [
            "perfformiad ariannol 2019/20", "Llinellau'r gyllideb yn 2019/20",
            "Roedd tanwariant o £709,875 ar linell SRS (15% o'i chyllideb).",
            "Cyllideb, gwariant ac amrywiant fesul blwyddyn", "Pob blwyddyn a gofnodwyd"]),
            ("2020-21", [
            "perfformiad ariannol 2020/21", "Chwarter wrth chwarter",
            "Gwariant fesul chwarter, 2020/21", "Gwariwyd hyd yma (£)"])):
        response = staff_client.get(url, {"organisation": "gwent-police", "year": year},
                                    HTTP_ACCEPT_LANGUAGE="cy")
        assert response.status_code == 200
        page = visible_text(response.content.decode())
        for text in said:
            assert text in page, f"{year}: {text!r} is missing"
        for english in ("financial performance", "Budget lines in", "Quarter by quarter",
                        "Every year held", "Budget, expenditure and variance by year",
                        "The SRS line was", "Variance (£)", "Expenditure (£)",
                        "Budget to date (£)", "underspent", "overspent"):
            assert english not in page, f"{year}: {english!r} is left in the Welsh page"


@pytest.mark.parametrize(("count", "sentence"), [
    (0, "Ni wariodd yr un llinell lai na'r gyllideb."),
    (1, "Gwariodd un llinell lai na'r gyllideb."),
    (2, "Gwariodd dwy linell lai na'r gyllideb."),
    (3, "Gwariodd tair llinell lai na'r gyllideb."),
    (6, "Gwariodd chwe llinell lai na'r gyllideb."),
    (20, "Gwariodd 20 llinell lai na'r gyllideb."),
])
def test_six_plural_forms(count, sentence):
    """Welsh has six forms (0, 1, 2, 3, 6, other): the numeral is spelt, and mutates the
    noun, where it is said; a figure takes the singular noun."""
    from django.utils.translation import ngettext

    with translation.override("cy"):
        assert ngettext("%(count)s line spent less than budgeted.",
                        "%(count)s lines spent less than budgeted.",
                        count) % {"count": count} == sentence


def test_ledger_rejections_in_welsh():
    """The reasons a ledger row is refused keep the file's column names (date, amount,
    account: what the file's header says) and say the rest in Welsh."""
    from finance.ledger import rejection_sentences

    with translation.override("cy"):
        sentences = rejection_sentences()
    assert sentences["date_blank"] == "date: mae'r dyddiad yn wag."
    assert sentences["too_fine"] % {"amount": "12.345"} == (
        "amount: mae ffracsiwn o geiniog yn “12.345”; rhowch bunnoedd a cheiniogau.")
    assert sentences["account_blank"].startswith("account: mae'r cyfrif yn wag")


def test_line_names_and_commentary_in_welsh(gwent):
    """The lines' names and commentary as the content holds them in Welsh; commentary
    held only in English stands on a Welsh page as its own paragraph, marked English."""
    pytest.importorskip("modeltranslation")
    from finance.models import BudgetLine, LineFigure
    from tests.finance.factories import record

    record(gwent, 2019, Quarter.FULL_YEAR, {
        "Devolved Force Budgets": ("1231344", "997826"), "DSD": ("1511953", "2338490")})
    BudgetLine.objects.filter(name_en="Devolved Force Budgets").update(
        name_cy="Cyllidebau Datganoledig yr Heddlu")
    LineFigure.objects.filter(line__name_en="Devolved Force Budgets").update(
        commentary_en="Laptops were bought later.", commentary_cy="Prynwyd gliniaduron yn hwyrach.")
    LineFigure.objects.filter(line__name_en="DSD").update(
        commentary_en="The Microsoft contract rose.", commentary_cy="")
    year = FinancialYearFactory(start_year=2019)

    english = build(gwent, year, "en")
    assert [row.cells[0] for row in blocks_of(english, Table)[0].rows][:2] == [
        "Devolved Force Budgets", "DSD"]

    welsh = build(gwent, year, "cy")
    [table] = blocks_of(welsh, Table)
    assert [row.cells[0] for row in table.rows] == [
        "Cyllidebau Datganoledig yr Heddlu", "DSD", "Cyfanswm"]
    texts = [b.text for b in blocks_of(welsh, Text)]
    assert texts[1] == ("Roedd tanwariant o £233,518 ar linell Cyllidebau Datganoledig yr "
                        "Heddlu (19% o'i chyllideb). Prynwyd gliniaduron yn hwyrach.")
    assert texts[2] == "Roedd gorwariant o £826,537 ar linell DSD (55% o'i chyllideb)."
    assert texts[3] == "The Microsoft contract rose." and texts[3].lang == "en"


def test_unmapped_ledger_spend_in_welsh():
    from finance.section import unmapped_finding
    from finance.selectors import UnmappedSpend

    with translation.override("cy"):
        one = unmapped_finding([UnmappedSpend("CC1", Decimal("1234.50"), 3)]).message
        two = unmapped_finding([UnmappedSpend("CC1", Decimal("12.00"), 1),
                                UnmappedSpend("CC2", Decimal("-2.00"), 1)]).message
    assert one == (
        "Cyfrifodd yr echdyniad diweddaraf o'r cyfriflyfr £1,234.50 o wariant nad yw mewn "
        "unrhyw linell yn y gyllideb, am nad yw un cyfrif wedi'i fapio i linell: CC1 "
        "(£1,234.50). Mapiwch ef ym mapiau cyfrifon y cyfriflyfr a mewnforiwch yr "
        "echdyniad eto.")
    assert "am nad yw dau gyfrif wedi'u mapio i linell: CC1 (£12.00)" in two
    assert "CC2 (-£2.00)" in two and "Mapiwch nhw" in two
