"""Overdue: still open after the due date, counted on the year's last day or, while the
year runs, today. The clock is frozen so the tests mean the same on any day."""

import datetime as dt

import pytest
import time_machine

from audits.section import AuditSection
from audits.selectors import as_at
from ictreport.core.models import FinancialYear
from ictreport.core.sections import Text
from tests.audits.factories import AuditReviewFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def travel(*date):
    return time_machine.travel(dt.datetime(*date, 12, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def recommendations(gwent):
    review = AuditReviewFactory(audit_return__organisation=gwent)
    RecommendationFactory(review=review, description="Patch the firewall",
                          due_on=dt.date(2019, 12, 31))
    RecommendationFactory(review=review, description="Review admin rights",
                          due_on=dt.date(2020, 2, 29))
    RecommendationFactory(review=review, description="Retire old servers",
                          due_on=dt.date(2019, 11, 30), status="implemented",
                          status_changed_on=dt.date(2020, 2, 1))
    return review


def open_sentence(organisation):
    data = AuditSection().build(organisation=organisation,
                                year=FinancialYear.objects.get(start_year=2019))
    return next(b.text for b in data.blocks if isinstance(b, Text) and b.text.startswith("On "))


@travel(2020, 1, 15)
def test_during_the_year_recommendations_are_counted_today(gwent, recommendations):
    assert as_at(2019) == dt.date(2020, 1, 15)
    assert open_sentence(gwent) == (
        "On 15 January 2020 three recommendations were open, two of them overdue.")


@travel(2020, 3, 1)
def test_one_implemented_leaves_the_open_count(gwent, recommendations):
    assert open_sentence(gwent) == (
        "On 1 March 2020 two recommendations were open, two of them overdue.")


@travel(2019, 12, 31)
def test_due_today_is_not_yet_overdue(gwent, recommendations):
    # The firewall patch is due today; only the servers, due in November, are overdue.
    assert open_sentence(gwent) == (
        "On 31 December 2019 three recommendations were open, one of them overdue.")


@travel(2021, 6, 1)
def test_a_past_year_is_counted_on_its_last_day(gwent, recommendations):
    assert as_at(2019) == dt.date(2020, 3, 31)
    assert open_sentence(gwent) == (
        "On 31 March 2020 two recommendations were open, two of them overdue.")


@travel(2020, 1, 15)
def test_the_admin_list_flags_overdue_ones(staff_client, recommendations):
    response = staff_client.get("/en/admin/audits/recommendation/?overdue=yes")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Patch the firewall" in html
    assert "Review admin rights" not in html
    assert "Retire old servers" not in html
