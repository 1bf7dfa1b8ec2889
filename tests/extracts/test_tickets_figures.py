"""The ticket extract's figures and every reason a row is left out of them."""

import datetime as dt

import pytest
import time_machine

from ictreport.core import extract_import
from ictreport.core.extracts import get_kind, read_frame
from tests.extracts.factories import reference_data, ticket, upload, year_of_tickets
from tests.factories import FinancialYearFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
KIND = "servicedesk-tickets"


@pytest.fixture
def setting():
    reference_data()
    return OrganisationFactory(), FinancialYearFactory(start_year=2019)


def compute(rows, setting, **kwargs):
    organisation, year = setting
    kind = get_kind(KIND)
    frame = read_frame(upload(rows, **kwargs), columns=kind.columns, mapping={})
    return kind.compute(frame, organisation=organisation, year=year)


def test_each_quarter_gets_calls_first_contact_and_tier_times(setting):
    result = compute(year_of_tickets(), setting)
    assert result.rows == 6 and result.rejections == []
    q1, q2, q3, q4 = (result.quarters[q] for q in (1, 2, 3, 4))
    assert q1["calls"] == {"Telephone": 2, "Self Service": 1}
    # every ticket is measured, so closed and measured cannot disagree silently
    assert q1["first_contact"] == {"closed": 2, "measured": 3}
    assert q1["tiers"]["Gold"] == {"incidents": 2, "resolved_in_time": "50.00", "breaches": 1,
                                   "median_hours": "4.0", "p90_hours": "5.6"}
    assert q1["tiers"]["Silver"]["incidents"] == 0
    assert q2["tiers"]["Silver"] == {"incidents": 1, "resolved_in_time": "100.00",
                                     "breaches": 0, "median_hours": "5.0", "p90_hours": "5.0"}
    # open, and long past its 4-hour target: a breach, with no time to resolve yet
    assert q3["tiers"]["Gold"] == {"incidents": 1, "resolved_in_time": "0.00", "breaches": 1,
                                   "median_hours": None, "p90_hours": None}
    assert q4 == {"calls": {"Telephone": 1, "Self Service": 0},
                  "first_contact": {"closed": 1, "measured": 1}}  # no tier given: no tiers


@time_machine.travel(dt.datetime(2019, 12, 31, 13, 0), tick=False)
def test_an_open_ticket_within_its_target_is_not_yet_a_breach(setting):
    result = compute([ticket("INC1", "2019-12-31 12:00", tier="Gold")], setting)
    assert result.quarters[3]["tiers"]["Gold"] == {
        "incidents": 1, "resolved_in_time": None, "breaches": 0,
        "median_hours": None, "p90_hours": None}


def test_semicolons_windows_1252_and_a_formula_kept_as_text(setting):
    rows = [ticket("=HYPERLINK(\"x\")", "01/04/2019 09:00"),
            ticket("INC-café", "02/04/2019 09:00", "Self Service")]
    result = compute(rows, setting, delimiter=";", encoding="cp1252")
    assert result.rejections == []
    assert result.quarters[1]["calls"] == {"Telephone": 1, "Self Service": 1}


@time_machine.travel(dt.datetime(2019, 10, 1, 12, 0), tick=False)
@pytest.mark.parametrize(("row", "reason"), [
    (ticket("", "2019-04-01 09:00"), "The reference is empty."),
    (ticket("INC9", "", ), "logged_at is empty."),
    (ticket("INC9", "1st April"), "logged_at “1st April” is not a date and time"),
    (ticket("INC9", "31/02/2019 10:00"), "logged_at “31/02/2019 10:00” is not a date"),
    (ticket("INC9", "=TODAY()"), "logged_at “=TODAY()” is not a date and time"),
    (ticket("INC9", "2019-03-31 23:59"),
     "logged_at 2019-03-31 23:59 is outside 2019/20 (1 April 2019 to 31 March 2020)."),
    (ticket("INC9", "2020-04-01 00:00"), "is outside 2019/20"),
    (ticket("INC9", "2019-11-01 09:00"), "logged_at 2019-11-01 09:00 is in the future."),
    (ticket("INC9", "2019-04-01 09:00", channel="Fax"),
     "The channel “Fax” is not one held (Telephone, Self Service)"),
    (ticket("INC9", "2019-04-01 09:00", channel=""), "The channel is empty."),
    (ticket("INC9", "2019-04-01 09:00", first_contact="maybe"),
     "first_contact “maybe” is not yes or no"),
    (ticket("INC9", "2019-04-01 09:00", tier="Platinum"),
     "The tier “Platinum” is not one held (Gold, Silver)"),
    (ticket("INC9", "2019-04-01 09:00", resolved_at="soon"),
     "resolved_at “soon” is not a date and time"),
    (ticket("INC9", "2019-04-02 09:00", resolved_at="2019-04-01 09:00"),
     "resolved_at 2019-04-01 09:00 is before logged_at 2019-04-02 09:00."),
    (ticket("INC9", "2019-09-30 09:00", resolved_at="2019-10-02 09:00"),
     "resolved_at 2019-10-02 09:00 is in the future."),
])
def test_each_rejection_names_the_row_column_and_value(setting, row, reason):
    good = ticket("INC1", "2019-04-01 09:00")
    result = compute([good, row], setting)
    assert [r.row for r in result.rejections] == [3]
    assert reason in result.rejections[0].reason
    # the rejected row is left out of the figures, the good one counted
    assert result.quarters[1]["first_contact"]["measured"] == 1


def test_a_duplicate_reference_names_the_first_row_and_is_counted_once(setting):
    result = compute([ticket("INC1", "2019-04-01 09:00"), ticket("INC2", "2019-04-02 09:00"),
                      ticket("INC1", "2019-05-01 09:00")], setting)
    assert [(r.row, r.reason) for r in result.rejections] == [
        (4, "The reference “INC1” is also in row 2; each ticket is counted once.")]
    assert result.quarters[1]["first_contact"]["measured"] == 2


def test_every_reason_of_a_row_is_given(setting):
    result = compute([ticket("INC1", "yesterday", channel="Fax", first_contact="?")], setting)
    reason = result.rejections[0].reason
    assert "logged_at “yesterday”" in reason and "“Fax”" in reason and "“?”" in reason
    assert result.quarters == {}


def test_a_tier_without_a_target_gets_no_share_and_a_note(setting):
    from servicedesk.models import ServiceTier

    ServiceTier.objects.create(name="Bronze", position=5)
    result = compute([ticket("INC1", "2019-04-01 09:00", tier="bronze",
                             resolved_at="2019-04-01 10:00")], setting)
    assert result.quarters[1]["tiers"]["Bronze"] == {
        "incidents": 1, "resolved_in_time": None, "breaches": None, "median_hours": "1.0",
        "p90_hours": "1.0"}
    assert any("Bronze: no resolution time target" in note for note in result.notes)


def test_dry_run_compares_with_what_is_held_and_writes_nothing(setting):
    from servicedesk.models import ServiceDeskReturn

    organisation, year = setting
    run = extract_import.dry_run(get_kind(KIND), upload(year_of_tickets()),
                                 organisation=organisation, year=year)
    assert not ServiceDeskReturn.objects.exists()
    lines = {line.label: line for line in run.comparison[1]}
    assert lines["Calls received: Telephone"].new == 2
    assert lines["Calls received: Telephone"].held is None
    assert lines["Calls received: Telephone"].differs
