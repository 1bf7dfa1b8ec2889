"""The write helpers every import uses: a row is read once, and written only when it
differs, is missing, or is no longer listed."""

import pytest

from ictreport.core.periods import Quarter
from ictreport.core.writes import changed_fields, file_positions, sync_children, upsert
from servicedesk.models import Channel, ChannelCalls, ServiceDeskReturn
from tests.servicedesk.factories import ChannelFactory, desk_return

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(gwent):
    phone, web, chat = (ChannelFactory(name=n) for n in ("Phone", "Web", "Chat"))
    return desk_return(gwent, 2020, Quarter.Q1, calls={phone: 500, web: 120}), phone, web, chat


def test_upsert_of_an_unchanged_row_only_reads_it(held, django_assert_num_queries):
    desk, *_ = held
    history = ServiceDeskReturn.history.count()
    with django_assert_num_queries(1):  # the row
        row = upsert(ServiceDeskReturn,
                     {"organisation": desk.organisation, "year": desk.year, "quarter": 1},
                     {"first_contact_closed": None})
    assert row.pk == desk.pk
    assert ServiceDeskReturn.history.count() == history


def test_related_rows_are_compared_by_key_without_fetching_them(held,
                                                                django_assert_num_queries):
    desk, phone, web, _chat = held
    calls = ChannelCalls.objects.get(desk_return=desk, channel=phone)
    with django_assert_num_queries(0):
        assert changed_fields(calls, {"channel": phone, "calls": 500}) == []
        assert changed_fields(calls, {"channel": web.pk, "calls": 501}) == ["channel", "calls"]


def test_sync_children_reads_the_set_once_when_nothing_differs(held,
                                                               django_assert_num_queries):
    desk, phone, web, _chat = held
    with django_assert_num_queries(1):  # the return's calls
        rows = sync_children(ChannelCalls, {"desk_return": desk}, [
            {"channel": web, "calls": 120}, {"channel": phone, "calls": 500}],
            key=["channel"])
    assert [r.channel_id for r in rows] == [web.pk, phone.pk]
    assert ChannelCalls.history.filter(history_type="~").count() == 0


def test_sync_children_writes_only_the_difference(held):
    desk, phone, web, chat = held
    ids = dict(ChannelCalls.objects.values_list("channel_id", "pk"))

    sync_children(ChannelCalls, {"desk_return": desk}, [
        {"channel": phone, "calls": 501}, {"channel": chat, "calls": 7}], key=["channel"])

    assert sorted(ChannelCalls.objects.values_list("channel__name", "calls")) == [
        ("Chat", 7), ("Phone", 501)]
    assert ChannelCalls.objects.get(channel=phone).pk == ids[phone.pk]  # updated in place
    assert sorted(ChannelCalls.history.filter(history_type__in=["~", "-"]).values_list(
        "history_type", "channel_id")) == [("-", web.pk), ("~", phone.pk)]
    assert ChannelCalls.history.filter(history_type="+", channel=chat).count() == 1


def test_a_file_listing_shared_names_in_their_order_moves_none_of_them(db):
    """Channels are shared: a file listing them as held (here from position 1, with a
    gap) keeps their places, and a new one goes after the last."""
    for name, position in (("Phone", 1), ("Web", 3)):
        ChannelFactory(name=name, position=position)
    assert file_positions(Channel, ["Phone", "Web", "Walk-in"]) == {
        "Phone": 1, "Web": 3, "Walk-in": 4}
    assert file_positions(Channel, ["Phone", "Walk-in", "Web"]) == {
        "Phone": 1, "Walk-in": 4, "Web": 3}


def test_a_file_listing_held_names_in_another_order_renumbers_them(db):
    for name, position in (("Phone", 1), ("Web", 3)):
        ChannelFactory(name=name, position=position)
    assert file_positions(Channel, ["Web", "Phone"]) == {"Web": 0, "Phone": 1}
