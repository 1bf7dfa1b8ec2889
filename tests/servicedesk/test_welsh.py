"""The service desk in Welsh: the section and its dashboard rendered in Welsh read the
Welsh sentences with the same figures, and none of the English interface text is left.

These read the project's compiled catalogue (locale/cy/LC_MESSAGES/django.mo, built by
``make`` from the one ``django.po``). Names of channels and tiers are entered content
(their Welsh is held on the rows), so the checks here stop short of the names.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from ictreport.core import registry
from ictreport.core.periods import Quarter
from ictreport.core.sections import Chart, Table, Text
from servicedesk.dashboard import dashboard_charts
from servicedesk.section import section_data
from servicedesk.selectors import figures_get
from servicedesk.wording import resolution_target_text, service_levels_sentences
from tests.factories import FinancialYearFactory
from tests.servicedesk.factories import (
    ChannelFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
    desk_return,
)

pytestmark = pytest.mark.django_db


def build(organisation, start_year):
    return registry.get_section("servicedesk").build(
        organisation=organisation, year=FinancialYearFactory(start_year=start_year))


def words_of(data, charts=()):
    """Every piece of interface text a section (and its charts) shows, names aside."""
    texts = [data.title]
    for block in data.blocks:
        if isinstance(block, Text):
            texts.append(block.text)
        elif isinstance(block, Table):
            texts += [block.caption, block.note, *(g.label for g in block.groups),
                      *(c.label for c in block.columns),
                      *(row.cells[0] for row in block.rows if row.is_total)]
        elif isinstance(block, Chart):
            charts = (*charts, block)
    for chart in charts:
        texts += [chart.title, chart.alt, chart.category_title, chart.value_title,
                  *(s.name for s in chart.series if s.is_target or "%" in s.name)]
    texts += [h.label for h in data.headlines]
    texts += [f.message for f in data.findings]
    return [str(t) for t in texts if t]


# English that is the same in Welsh: figures, years, quarter ranges, symbols.
SAME_IN_BOTH = re.compile(r"^[\d\s,.%–/()Q:;-]*$")


def english_left(english: list[str], welsh: str, names: set[str]) -> list[str]:
    """The English texts (whole, and each of their sentences) found in ``welsh``."""
    left = []
    for text in english:
        for piece in {text, *re.split(r"(?<=\.) ", text)}:
            if piece in names or SAME_IN_BOTH.match(piece) or len(piece) < 4:
                continue
            if piece in welsh:
                left.append(piece)
    return left


@pytest.fixture
def tiers(gwent):
    """A year entered quarter by quarter with service levels, quarters and targets."""
    phone = ChannelFactory(name="Telephone", position=0)
    web = ChannelFactory(name="Self Service", self_service=True, position=1)
    email = ChannelFactory(name="Email", position=2)
    gold = ServiceTierFactory(name="Gold", position=0, availability_target=Decimal("99.9"),
                              resolution_hours=4, resolution_target=Decimal("95"))
    silver = ServiceTierFactory(name="Silver", position=1,
                                availability_target=Decimal("99.5"))
    desk_return(gwent, 2019, calls={phone: 4000, web: 1000})
    for quarter, breaches in [(Quarter.Q1, 1), (Quarter.Q2, 2)]:
        held = desk_return(gwent, 2020, quarter,
                           calls={phone: 1200, web: 500, email: 300},
                           closed=1234, measured=2000, target=Decimal("65"))
        ServiceLevelResultFactory(desk_return=held, tier=gold, breaches=breaches,
                                  availability=Decimal("99.95"),
                                  resolved_in_time=Decimal("93.5"),
                                  median_hours=Decimal("2.5"), p90_hours=Decimal("4.5"))
        ServiceLevelResultFactory(desk_return=held, tier=silver, breaches=0,
                                  availability=Decimal("99.25"))
    return {"Telephone", "Self Service", "Email", "Gold", "Silver"}


def test_shipped_year_reads_in_welsh_with_the_sources_figures(shipped_report):
    organisation = shipped_report.organisation
    english = build(organisation, 2019)
    with translation.override("cy"):
        welsh = build(organisation, 2019)
    calls, calls_text, first_contact, first_contact_text, levels = welsh.blocks

    assert welsh.title == "Lefelau gwasanaeth"
    assert calls.caption == "Galwadau i'r Ddesg Wasanaeth"
    assert [c.label for c in calls.columns][1:3] == ["Nifer", "%"]
    assert calls.rows[-1].cells[:2] == ("Cyfanswm y Galwadau", 26214)
    assert calls_text.text.startswith(
        "Cafwyd 19,094 cais am wasanaeth yn ystod y flwyddyn; gwnaed 20% ohonynt drwy "
        "hunanwasanaeth, a'r gweddill yn alwadau am wasanaeth drwy ")
    assert calls_text.text.endswith(
        " Mae hyn yn ostyngiad o 22% yn nifer y galwadau am wasanaeth.")
    assert first_contact.caption == ("Galwadau i'r Ddesg Wasanaeth a Ddatryswyd ar y "
                                     "Cyswllt Cyntaf")
    assert first_contact.rows[0].cells == ("Wedi'u Cau ar y Cyswllt 1af", 12636, 60, 14189,
                                           67, 11850, 62)
    assert "2017/18 (26,214)" in first_contact.note and "2018/19 (24,635)" in first_contact.note
    assert first_contact_text.text == ("Yn 2019/20, cafodd 62% o'r galwadau eu datrys ar y "
                                       "cyswllt cyntaf.")
    assert levels.text == "Ni chofnodwyd unrhyw ffigurau lefelau gwasanaeth ar gyfer 2019/20."
    assert welsh.findings[0].message == (
        "2017/18: mae'r gyfradd datrys ar y cyswllt cyntaf yn seiliedig ar 20,961 galwad, "
        "ond daeth 26,214 galwad i law fesul sianel.")
    assert [h.label for h in welsh.headlines] == [
        "Galwadau am wasanaeth", "Wedi'u codi drwy hunanwasanaeth",
        "Wedi'u datrys ar y cyswllt cyntaf"]

    names = {"Telephone", "Self Service"}
    words = words_of(english)
    assert len(english_left(words, str(english), names)) > 15  # the check finds English
    assert english_left(words, str(welsh), names) == []


def test_a_year_so_far_with_service_levels_reads_in_welsh(gwent, tiers):
    figures = figures_get(organisation=gwent, year=2020, dashboard=True)
    english = section_data(figures), dashboard_charts(figures)
    with translation.override("cy"):
        data = section_data(figures)
        charts = dashboard_charts(figures)
    texts = [b.text for b in data.blocks if isinstance(b, Text)]

    assert texts[0].startswith(
        "Cafwyd 4,000 cais am wasanaeth yn ystod Ch1–Ch2 y flwyddyn; gwnaed 25% ohonynt "
        "drwy hunanwasanaeth, a'r gweddill yn alwadau am wasanaeth drwy ")
    assert texts[0].endswith(
        " Dim ond ffurflenni Ch1–Ch2 sydd wedi'u cadw ar gyfer 2020/21, felly ni chaiff ei "
        "galwadau eu cymharu â 2019/20.")
    assert texts[1] == ("Yn Ch1–Ch2 2020/21, cafodd 62% o'r galwadau eu datrys ar y cyswllt "
                        "cyntaf. Y targed oedd 65%.")
    assert texts[2].startswith("Torrwyd lefelau gwasanaeth dair gwaith yn 2020/21: ")
    assert "Roedd argaeledd yn is na'r targed yn achos " in texts[2]
    assert "(99.25% yn erbyn 99.5%)" in texts[2]
    assert ("Roedd cyfran y digwyddiadau a ddatryswyd mewn pryd yn is na'r targed yn achos "
            in texts[2])
    assert texts[3].startswith("Cymerodd y degfed ran arafaf o'r digwyddiadau fwy o amser "
                               "na'r targed yn achos ")
    assert "yn Ch1 (4.5 awr yn erbyn 4)" in texts[3]
    table = next(b for b in data.blocks if isinstance(b, Table) and b.key == "service-levels")
    assert table.caption == "Lefelau gwasanaeth fesul haen, 2020/21"
    assert table.rows[0].cells[3] == "95% o fewn 4 awr"
    assert [f.message for f in data.findings] == [
        "Dim ond ffurflenni Ch1–Ch2 sydd wedi'u cadw ar gyfer 2020/21; ffigurau'r flwyddyn "
        "hyd yma yw ei ffigurau."]
    by_key = {c.key: c for c in charts}
    assert by_key["calls-by-quarter"].title == ("Galwadau am wasanaeth fesul sianel a "
                                                "chwarter, 2020/21")
    assert by_key["calls-by-quarter"].categories == ("Ch1", "Ch2")
    assert "Ch1 2,000; Ch2 2,000" in by_key["calls-by-quarter"].alt
    assert by_key["breaches"].value_title == "Achosion o dorri"
    assert [s.name for s in by_key["breaches"].series] == ["Ch1", "Ch2"]

    welsh = " ".join([str(data), *(str(c) for c in charts)])
    words = words_of(*english)
    assert len(english_left(words, " ".join(map(str, [english[0], *english[1]])), tiers)) > 40
    assert english_left(words, welsh, tiers) == []


@pytest.mark.parametrize("breaches, opening", [
    (1, "Torrwyd lefel gwasanaeth unwaith yn 2019/20: "),
    (2, "Torrwyd lefelau gwasanaeth ddwywaith yn 2019/20: "),
    (3, "Torrwyd lefelau gwasanaeth dair gwaith yn 2019/20: "),
    (6, "Torrwyd lefelau gwasanaeth chwe gwaith yn 2019/20: "),
    (20, "Cafwyd 20 o achosion o dorri lefelau gwasanaeth yn 2019/20: "),
])
def test_the_breaches_take_the_welsh_plural_forms(breaches, opening):
    from servicedesk.selectors import TierFigures

    tier = TierFigures(tier_id=1, name="Aur", quarter=None, periods=1,
                       availability_target=None, resolution_hours=None,
                       resolution_target=None, availability=None, resolved_in_time=None,
                       breaches=breaches)
    with translation.override("cy"):
        assert service_levels_sentences((tier,), 2019).startswith(opening)
        no_breach = TierFigures(**{**tier.__dict__, "breaches": 0})
        assert service_levels_sentences((no_breach,), 2019) == (
            "Ni thorrwyd unrhyw lefel gwasanaeth yn 2019/20.")


@pytest.mark.parametrize("hours", [0, 1, 2, 3, 6, 20])
def test_hours_take_the_singular_noun_after_a_numeral(hours):
    from servicedesk.selectors import TierFigures

    tier = TierFigures(tier_id=1, name="Aur", quarter=None, periods=1,
                       availability_target=None, resolution_hours=hours,
                       resolution_target=Decimal("95"), availability=None,
                       resolved_in_time=None, breaches=0)
    with translation.override("cy"):
        assert resolution_target_text(tier) == f"95% o fewn {hours} awr"


def test_the_dashboard_page_in_welsh(client, staff_user, shipped_report):
    client.force_login(staff_user)
    with translation.override("cy"):
        url = reverse("servicedesk:dashboard")
        response = client.get(f"{url}?organisation=gwent-police&year=2019-20",
                              HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gwent Police: lefelau gwasanaeth 2019/20" in html or \
        ": lefelau gwasanaeth 2019/20" in html
    assert "Fel y mae'r adroddiad blynyddol yn ei dangos" in html
    assert "Siartiau" in html
    assert "Mae hyn yn ostyngiad o 22% yn nifer y galwadau am wasanaeth." in html
    assert "Galwadau am wasanaeth fesul sianel, 2017/18 i 2019/20" in html
    assert "Galwadau a ddatryswyd ar y cyswllt cyntaf, 2017/18 i 2019/20" in html
    assert "Rhoi ffurflen chwarter y ddesg wasanaeth" in html
    for english in ("As the annual report shows it", "Charts", "requests for service",
                    "Service Desk Calls", "Calls for service by channel",
                    "resolved at first point of contact", "Enter a quarter's",
                    "calls were received by channel"):
        assert english not in html, english


def test_names_are_read_in_welsh_and_in_english_where_the_welsh_is_missing(gwent):
    from servicedesk.models import Channel, ServiceTier

    if "name_cy" not in {f.name for f in Channel._meta.get_fields()}:
        pytest.skip("names are held in one language until django-modeltranslation "
                    "registers them")
    phone = ChannelFactory(name="Telephone", position=0)
    web = ChannelFactory(name="Self Service", self_service=True, position=1)
    email = ChannelFactory(name="Email", position=2)
    gold = ServiceTierFactory(name="Gold", position=0)
    Channel.objects.filter(pk=phone.pk).update(name_en="Telephone", name_cy="Ffôn")
    Channel.objects.filter(pk=web.pk).update(name_en="Self Service",
                                             name_cy="Hunanwasanaeth")
    Channel.objects.filter(pk=email.pk).update(name_en="Email", name_cy="")
    ServiceTier.objects.filter(pk=gold.pk).update(name_en="Gold", name_cy="Aur")
    held = desk_return(gwent, 2019, calls={phone: 600, web: 200, email: 200})
    ServiceLevelResultFactory(desk_return=held, tier=gold, breaches=2)

    with translation.override("cy"):
        data = build(gwent, 2019)
    calls = data.blocks[0]
    assert [row.cells[0] for row in calls.rows[:3]] == ["Ffôn", "Hunanwasanaeth", "Email"]
    assert "drwy Ffôn (60%) neu Email (20%)." in data.blocks[1].text
    assert "ar haen Aur" in data.blocks[-1].text
    with translation.override("en"):
        english = build(gwent, 2019)
    assert [row.cells[0] for row in english.blocks[0].rows[:3]] == [
        "Telephone", "Self Service", "Email"]


def test_a_ticket_extract_may_answer_in_welsh_and_is_told_in_welsh(gwent):
    from ictreport.core.extracts import get_kind, read_frame
    from tests.extracts.factories import reference_data, ticket, upload

    reference_data()
    kind = get_kind("servicedesk-tickets")
    rows = [ticket("INC1", "2019-04-01 09:00", first_contact="ie"),
            ticket("INC2", "2019-04-02 09:00", first_contact="na"),
            ticket("INC3", "2019-04-03 09:00", first_contact="efallai")]
    with translation.override("cy"):
        frame = read_frame(upload(rows), columns=kind.columns, mapping={})
        result = kind.compute(frame, organisation=gwent,
                              year=FinancialYearFactory(start_year=2019))
    assert result.quarters[1]["first_contact"] == {"closed": 1, "measured": 2}
    assert [r.reason for r in result.rejections] == [
        "Nid yw first_contact “efallai” yn ie neu na (neu yes/no, true/false, 1/0)."]
