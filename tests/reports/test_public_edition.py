"""The public edition: the report without restricted blocks or data-quality findings."""

import pytest

from tests.reportpage.factories import RESTRICTED_TEXT, WIDGET_TEXT, register_fake_section

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2019-20/"


@pytest.fixture
def widgets(monkeypatch):
    return register_fake_section(monkeypatch)


def test_full_edition_shows_restricted_blocks(staff_client, shipped_report, widgets):
    html = staff_client.get(URL).content.decode()
    assert RESTRICTED_TEXT in html
    assert f'href="{URL}?edition=public"' in html


def test_public_edition_leaves_restricted_blocks_out(staff_client, shipped_report, widgets):
    html = staff_client.get(URL + "?edition=public").content.decode()
    assert WIDGET_TEXT in html
    assert RESTRICTED_TEXT not in html
    assert "This is the public edition" in html
    assert f'<a href="{URL}">Full edition</a>' in html
    assert ("<title>Annual report (public edition): Gwent Police 2019/20 – "
            "ICT & Digital Services reporting</title>") in html


def test_an_unknown_edition_shows_the_full_one(staff_client, shipped_report, widgets):
    html = staff_client.get(URL + "?edition=banana").content.decode()
    assert RESTRICTED_TEXT in html
