"""The service desk dashboard: headlines, the report's tables, charts with sortable data
tables, downloads, and a fixed number of queries whatever the years held."""

from decimal import Decimal

import pytest

from ictreport.core.models import Membership
from ictreport.core.periods import Quarter
from tests.factories import FinancialYearFactory, UserFactory
from tests.servicedesk.factories import (
    ChannelFactory,
    ServiceLevelResultFactory,
    ServiceTierFactory,
    desk_return,
)

pytestmark = pytest.mark.django_db

URL = "/en/servicedesk/"
SHIPPED = f"{URL}?organisation=gwent-police&year=2019-20"


def test_dashboard_shows_headlines_tables_sentences_and_charts(staff_client, shipped_report):
    response = staff_client.get(SHIPPED)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gwent Police: service levels 2019/20" in html
    assert "22% fewer than 2018/19" in html
    assert "Over the years held: 2017/18 26,214; 2018/19 24,635; 2019/20 19,094" in html
    assert "This is a 22% reduction in the volume of calls for service." in html
    assert '-caption">Service Desk Calls</caption>' in html
    assert "2017/18: the first-point-of-contact rate is taken over 20,961 calls" in html
    for chart in ("calls-by-year", "first-contact-rate"):
        assert f'data-chart="chart-{chart}-figure"' in html
        assert f'<script id="chart-{chart}-figure" type="application/json">' in html
        assert f'id="table-{chart}-data"' in html
    # No quarters and no service levels are held for 2019/20: no charts pretend otherwise.
    assert "calls-by-quarter" not in html and "availability" not in html
    assert 'src="/static/vendor/plotly.min.js"' in html and 'src="/static/js/charts.js"' in html


def test_chart_tables_sort_by_raw_figures_from_their_headers(staff_client, shipped_report):
    response = staff_client.get(f"{SHIPPED}&calls-by-year-data-sort=s0")
    html = response.content.decode()
    table = html[html.index('id="table-calls-by-year-data"'):]
    table = table[:table.index("</table>")]
    # The sort state is aria-sort's alone: the arrow is an aria-hidden span, and the
    # link loads the page at itself, so the focus comes back to it.
    assert ('aria-sort="ascending"><a class="sort-link" id="sort-calls-by-year-data-s0" '
            'href="?organisation=gwent-police&amp;year=2019-20'
            '&amp;calls-by-year-data-sort=-s0#sort-calls-by-year-data-s0">Telephone'
            '<span class="sort-arrow" aria-hidden="true"></span></a>') in table
    years = [part.split("<")[0] for part in table.split('<th scope="row">')[1:]]
    assert years == ["2019/20", "2018/19", "2017/18"]  # 15,275 < 20,096 < 21,136


def test_every_table_offers_csv_and_xlsx(staff_client, shipped_report):
    html = staff_client.get(SHIPPED).content.decode()
    for key in ("calls", "first-contact", "calls-by-year-data", "first-contact-rate-data"):
        for fmt in ("csv", "xlsx"):
            assert (f'href="?organisation=gwent-police&amp;year=2019-20&amp;export={fmt}'
                    f'&amp;table={key}"') in html, (key, fmt)


def test_report_table_downloads_as_csv_with_raw_figures(staff_client, shipped_report):
    response = staff_client.get(f"{SHIPPED}&export=csv&table=first-contact")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="servicedesk-gwent-police-2019-20-first-contact.csv"')
    assert response.content.decode().splitlines() == [
        "Narrative,2017/18 No.,2017/18 %,2018/19 No.,2018/19 %,2019/20 No.,2019/20 %",
        "Closed at 1st Point,12636,60,14189,67,11850,62",
        "Total Calls,20961,100,21066,100,19094,100",
    ]


def test_chart_table_downloads_as_xlsx(staff_client, shipped_report):
    response = staff_client.get(f"{SHIPPED}&export=xlsx&table=calls-by-year-data")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"  # a zip, as XLSX files are


def test_unknown_table_or_format_is_404(staff_client, shipped_report):
    assert staff_client.get(f"{SHIPPED}&export=csv&table=nothing").status_code == 404
    assert staff_client.get(f"{SHIPPED}&export=pdf&table=calls").status_code == 404


def test_quarters_and_service_levels_get_their_charts(staff_client, gwent):
    phone = ChannelFactory(name="Telephone")
    gold = ServiceTierFactory(name="Gold", availability_target=Decimal("99.9"),
                              resolution_hours=4, resolution_target=Decimal("95"))
    for quarter, breaches in [(Quarter.Q1, 1), (Quarter.Q2, 3)]:
        held = desk_return(gwent, 2020, quarter, calls={phone: 100 * quarter.value},
                           closed=40, measured=100, target=Decimal("65"))
        ServiceLevelResultFactory(desk_return=held, tier=gold, breaches=breaches,
                                  availability=Decimal("99.8"),
                                  resolved_in_time=Decimal("96"))
    html = staff_client.get(f"{URL}?organisation=gwent-police&year=2020-21").content.decode()
    for chart in ("calls-by-year", "calls-by-quarter", "first-contact-rate", "availability",
                  "resolved-in-time", "breaches"):
        assert f'id="figure-{chart}"' in html, chart
    assert "Gold 99.8% against 99.9%" in html  # the availability chart's alt text
    assert '"name": "Target (%)"' in html and '"dash": "dash"' in html
    assert '-caption">Service levels by tier, 2020/21</caption>' in html
    assert "There were four service-level breaches in 2020/21: four at Gold." in html


def test_an_organisation_without_figures_is_told_none_were_recorded(staff_client, gwent):
    FinancialYearFactory(start_year=2019)
    html = staff_client.get(f"{URL}?organisation=gwent-police&year=2019-20").content.decode()
    assert "No service desk figures were recorded for 2019/20." in html
    assert "<figure" not in html


def test_nothing_set_up_explains_what_to_do(staff_client):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert b"No organisation or year is set up yet" in response.content


def test_unknown_organisation_is_404(staff_client, shipped_report):
    assert staff_client.get(f"{URL}?organisation=nowhere").status_code == 404


def hold_years(organisation, first, last):
    phone = ChannelFactory(name="Telephone")
    web = ChannelFactory(name="Self Service", self_service=True)
    gold = ServiceTierFactory(name="Gold", availability_target=Decimal("99.9"))
    for year in range(first, last + 1):
        for quarter in (Quarter.Q1, Quarter.Q2, Quarter.Q3, Quarter.Q4):
            held = desk_return(organisation, year, quarter, calls={phone: 90, web: 10},
                               closed=50, measured=100, target=Decimal("60"))
            ServiceLevelResultFactory(desk_return=held, tier=gold, breaches=1,
                                      availability=Decimal("99.95"))


@pytest.mark.parametrize("years_held", [1, 12])
def test_page_queries_do_not_grow_with_the_years_held(staff_client, gwent, years_held,
                                                      django_assert_num_queries):
    hold_years(gwent, 2020 - years_held, 2019)
    url = f"{URL}?organisation=gwent-police&year=2019-20"
    # 1. session, 2. user, 3. organisations, 4. years (choosing them), 5. first-contact
    # sums per year, 6. calls per year and channel, 7. tier results for the year,
    # 8. first-contact figures per quarter, 9. calls per quarter and channel,
    # 10. tier results per quarter; 11.-13. the choice kept in the session (savepoint,
    # update, release)
    with django_assert_num_queries(13):
        response = staff_client.get(url)
    assert response.status_code == 200
    # calls by year and by quarter, first contact, availability, breaches
    assert response.content.decode().count("<figure") == 5


def test_only_those_who_may_enter_figures_are_offered_the_admin(client, staff_client,
                                                                shipped_report):
    link = b'href="/en/admin/servicedesk/servicedeskreturn/add/"'
    assert link in staff_client.get(SHIPPED).content
    reader = UserFactory(username="reader")
    Membership.objects.create(user=reader, organisation=shipped_report.organisation)
    client.force_login(reader)
    response = client.get(SHIPPED)
    assert response.status_code == 200 and link not in response.content
