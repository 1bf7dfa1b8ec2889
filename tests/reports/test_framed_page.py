"""Whole pages kept in the cache (``ictreport.reports.page_cache``): one page serves
every reader of the same kind, so what belongs to one of them — their name, their CSRF
token — is put in per request and never shown to the next; and an address with a made-up
query parameter is rendered, not kept."""

import re

import pytest
from django.test import Client

from ictreport.reports import page_cache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _signed_in(username: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def built(monkeypatch):
    """The keys of the pages built (rendered) rather than taken from the cache."""
    keys = []
    cached = page_cache.cached

    def recording(key, build):
        def build_and_record():
            keys.append(key)
            return build()
        return cached(key, build_and_record)

    monkeypatch.setattr(page_cache, "cached", recording)
    return keys


def test_each_reader_of_one_cached_page_sees_their_own_name_and_token(shipped_report, built):
    url = shipped_report.get_absolute_url()
    first, second = _signed_in("first.officer"), _signed_in("second<officer>")
    pages = [first.get(url).content.decode(), second.get(url).content.decode()]

    assert len(built) == 1  # the second reader got the page the first one built
    assert "first.officer" in pages[0] and "first.officer" not in pages[1]
    assert "second&lt;officer&gt;" in pages[1] and "second<officer>" not in pages[1]
    tokens = [set(CSRF_INPUT.findall(page)) for page in pages]
    assert all(len(found) == 1 for found in tokens)  # the same token in every form
    assert tokens[0] != tokens[1]
    for client, found in zip((first, second), tokens, strict=True):
        # The token on the page is the reader's own: a form posted with it is accepted.
        client.enforce_csrf_checks = True
        (token,) = found
        response = client.post("/i18n/setlang/", {"language": "cy", "next": url,
                                                   "csrfmiddlewaretoken": token})
        assert response.status_code == 302


def test_a_made_up_query_parameter_is_rendered_not_kept(shipped_report, built):
    client = _signed_in("performance.officer")
    url = shipped_report.get_absolute_url()
    for n in range(3):
        assert client.get(f"{url}?n={n}").status_code == 200
    assert client.get(f"{url}?edition=public&edition=public").status_code == 200
    assert built == []
    client.get(url)
    client.get(f"{url}?edition=public")
    assert len(built) == 2
