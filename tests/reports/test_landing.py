"""Where a signed-in user lands, and how their choice of organisation and year is kept
in the session across pages while the URL can still override it for a bookmark."""

from decimal import Decimal

import pytest

from finance.models import FinanceReturn
from ictreport.core.models import SectionText
from ictreport.core.periods import Quarter
from ictreport.core.roles import SHARED_SERVICE_ADMINISTRATORS, VIEWERS
from ictreport.core.selection import latest_years_held
from tests.access.factories import user_in
from tests.audits.factories import AuditReturnFactory
from tests.factories import AnnualReportFactory, FinancialYearFactory, OrganisationFactory
from tests.finance.factories import (
    BudgetLineFactory,
    FinanceReturnFactory,
    LineFigureFactory,
    record,
)
from tests.projects.factories import CoreWorkReturnFactory, ProjectFactory
from tests.servicedesk.factories import ServiceDeskReturnFactory

pytestmark = pytest.mark.django_db

PAGES = ("/en/", "/en/servicedesk/", "/en/projects/", "/en/audits/", "/en/finance/")


@pytest.fixture
def orgs(db):
    """Three organisations, the alphabetically first of which holds nothing, and a
    financial year (2021/22) set up with no figures in it for anyone."""
    blaenau = OrganisationFactory(name="Blaenau Gwent", slug="blaenau-gwent")
    gwent = OrganisationFactory(name="Gwent Police", slug="gwent-police")
    torfaen = OrganisationFactory(name="Torfaen", slug="torfaen")
    FinancialYearFactory(start_year=2021)
    ServiceDeskReturnFactory(organisation=gwent, year=FinancialYearFactory(start_year=2019))
    FinanceReturnFactory(organisation=gwent, year=FinancialYearFactory(start_year=2020),
                         quarter=1)
    AuditReturnFactory(organisation=torfaen, year=FinancialYearFactory(start_year=2018))
    return blaenau, gwent, torfaen


def shown(response):
    selection = response.context["selection"]
    return selection.organisation.slug, selection.year.slug


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", PAGES)
def test_administrator_lands_on_the_organisation_with_the_most_recent_figures(
        client, orgs, page):
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS))
    assert shown(client.get(page)) == ("gwent-police", "2020-21")


def test_superuser_lands_on_the_most_recent_figures_not_the_first_organisation(
        client, orgs, staff_user):
    assert shown(signed_in(client, staff_user).get("/en/")) == ("gwent-police", "2020-21")


def test_member_lands_on_their_own_organisation_and_its_latest_year_with_figures(
        client, orgs):
    _blaenau, _gwent, torfaen = orgs
    signed_in(client, user_in(VIEWERS, torfaen))
    for page in PAGES:
        assert shown(client.get(page)) == ("torfaen", "2018-19")


def test_member_of_several_lands_on_the_first_of_their_memberships_that_holds_figures(
        client, orgs):
    blaenau, gwent, torfaen = orgs
    signed_in(client, user_in(VIEWERS, torfaen, blaenau))
    # Blaenau Gwent comes first but holds nothing; Torfaen, next, holds 2018/19.
    assert shown(client.get("/en/")) == ("torfaen", "2018-19")
    signed_in(client, user_in(VIEWERS, gwent, torfaen))
    assert shown(client.get("/en/")) == ("gwent-police", "2020-21")


def test_member_of_an_organisation_without_figures_lands_on_it_in_the_latest_year(
        client, orgs):
    blaenau, _, _ = orgs
    signed_in(client, user_in(VIEWERS, blaenau))
    assert shown(client.get("/en/")) == ("blaenau-gwent", "2021-22")


def test_a_report_with_text_holds_figures_an_empty_one_does_not(client, orgs):
    blaenau, _, _ = orgs
    AnnualReportFactory(organisation=blaenau, year=FinancialYearFactory(start_year=2017),
                        introduction="What the year held.")
    empty = AnnualReportFactory(organisation=blaenau,
                                year=FinancialYearFactory(start_year=2020))
    signed_in(client, user_in(VIEWERS, blaenau))
    assert shown(client.get("/en/")) == ("blaenau-gwent", "2017-18")

    SectionText.objects.create(report=empty, section="finance", commentary="Underspent.")
    assert shown(client.get("/en/")) == ("blaenau-gwent", "2020-21")


def test_projects_named_for_next_year_do_not_make_it_the_latest_year(client, orgs):
    _, _, torfaen = orgs
    # A report names next year's priorities as projects of next year's portfolio.
    ProjectFactory(organisation=torfaen, year=FinancialYearFactory(start_year=2019))
    signed_in(client, user_in(VIEWERS, torfaen))
    assert shown(client.get("/en/")) == ("torfaen", "2018-19")


def test_a_choice_in_the_url_is_kept_on_every_page_after_it(client, orgs):
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS))
    assert shown(client.get("/en/finance/?organisation=torfaen&year=2019-20")) == \
        ("torfaen", "2019-20")
    for page in PAGES:
        assert shown(client.get(page)) == ("torfaen", "2019-20")


def test_the_url_still_overrides_the_kept_choice_and_replaces_it(client, orgs):
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS))
    client.get("/en/?organisation=torfaen&year=2019-20")
    assert shown(client.get("/en/audits/?organisation=blaenau-gwent&year=2021-22")) == \
        ("blaenau-gwent", "2021-22")
    assert shown(client.get("/en/servicedesk/")) == ("blaenau-gwent", "2021-22")


def test_choosing_only_a_year_keeps_the_organisation(client, orgs):
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS))
    client.get("/en/?organisation=torfaen&year=2019-20")
    assert shown(client.get("/en/?year=2021-22")) == ("torfaen", "2021-22")
    assert shown(client.get("/en/projects/")) == ("torfaen", "2021-22")


def test_choosing_only_another_organisation_shows_its_latest_year_with_figures(client, orgs):
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS))
    client.get("/en/?organisation=gwent-police&year=2021-22")
    assert shown(client.get("/en/?organisation=torfaen")) == ("torfaen", "2018-19")
    # the same organisation again keeps the year chosen for it
    assert shown(client.get("/en/?organisation=torfaen")) == ("torfaen", "2018-19")


def test_navigation_links_carry_the_kept_choice(client, orgs):
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS))
    client.get("/en/?organisation=torfaen&year=2019-20")
    html = client.get("/en/finance/").content.decode()
    assert 'href="/en/servicedesk/?organisation=torfaen&amp;year=2019-20"' in html
    assert 'href="/en/?organisation=torfaen&amp;year=2019-20"' in html
    assert '<option value="torfaen" selected>' in html


@pytest.mark.parametrize("query", ["organisation=gwent-police", "organisation=nowhere",
                                   "year=1999-00", "year=nonsense"])
def test_an_organisation_or_year_the_user_may_not_see_is_404_and_not_kept(client, orgs, query):
    _blaenau, _gwent, torfaen = orgs
    signed_in(client, user_in(VIEWERS, torfaen))
    client.get("/en/?organisation=torfaen&year=2019-20")
    for page in PAGES:
        assert client.get(f"{page}?{query}").status_code == 404
    assert shown(client.get("/en/")) == ("torfaen", "2019-20")


def test_a_kept_choice_no_longer_visible_is_forgotten_not_a_404(client, orgs):
    _blaenau, gwent, torfaen = orgs
    user = user_in(VIEWERS, gwent, torfaen)
    signed_in(client, user)
    client.get("/en/?organisation=torfaen&year=2019-20")
    user.memberships.filter(organisation=torfaen).delete()
    response = client.get("/en/")
    assert response.status_code == 200
    assert shown(response) == ("gwent-police", "2020-21")


def test_another_users_choice_is_not_shared(client, orgs):
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS))
    client.get("/en/?organisation=blaenau-gwent&year=2021-22")
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS))
    assert shown(client.get("/en/")) == ("gwent-police", "2020-21")


def test_latest_years_held_covers_every_section_and_only_the_organisations_asked(orgs):
    blaenau, gwent, torfaen = orgs
    CoreWorkReturnFactory(organisation=blaenau, year=FinancialYearFactory(start_year=2016))
    assert latest_years_held(organisation_ids=None) == {
        blaenau.pk: 2016, gwent.pk: 2020, torfaen.pk: 2018}
    assert latest_years_held(organisation_ids=[torfaen.pk]) == {torfaen.pk: 2018}
    assert latest_years_held(organisation_ids=[]) == {}


def test_landing_reads_one_query_for_the_latest_years_and_none_once_chosen(
        client, orgs, django_assert_num_queries):
    _blaenau, gwent, torfaen = orgs
    line = BudgetLineFactory(organisation=gwent, name="Staff", position=0)
    LineFigureFactory(finance_return=FinanceReturn.objects.get(organisation=gwent),
                      line=line, budget=Decimal("1000"), expenditure=Decimal("250"))
    record(gwent, 2019, Quarter.FULL_YEAR, {"Staff": ("1000", "990")})
    signed_in(client, user_in(SHARED_SERVICE_ADMINISTRATORS, torfaen))
    # 1 session, 2 user, 3 the user's groups (asked once), 4 organisations, 5 years,
    # 6 the latest year holding figures per organisation (one query over every
    # section's returns and the reports); the finance page's own six.
    with django_assert_num_queries(6 + 6) as landing:
        assert shown(client.get("/en/finance/")) == ("gwent-police", "2020-21")
    # (The organisations' read is a UNION too, of them and the years: not this one.)
    assert sum(" UNION " in q["sql"] and "MAX(" in q["sql"]
               for q in landing.captured_queries) == 1

    # A choice in the URL needs no landing query, nor the organisations (cached); it is
    # kept: savepoint, update, release.
    with django_assert_num_queries(4 + 6 + 3):
        client.get("/en/finance/?organisation=gwent-police&year=2019-20")
    # Once kept, it is read from the session, which is not written again; the finance
    # page's figures now come from the cache (its data version has not moved).
    with django_assert_num_queries(4):
        assert shown(client.get("/en/finance/")) == ("gwent-police", "2019-20")
    with django_assert_num_queries(4):
        client.get("/en/finance/?organisation=gwent-police&year=2019-20")


def test_the_demo_opens_on_the_shipped_report(staff_client, shipped_report):
    # The shipped file names next year's priorities (2020/21 projects): still 2019/20.
    for page in PAGES:
        assert shown(staff_client.get(page)) == ("gwent-police", "2019-20")
