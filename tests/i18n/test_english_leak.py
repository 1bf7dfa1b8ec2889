"""No English interface string on a Welsh page.

The English is collected from the catalogue itself (tests/i18n/catalogue.py): every
msgid whose Welsh differs, cut at its placeholders and tags into phrases of 12
characters or more that no Welsh translation also holds. Each page is fetched at its
/cy/ address and its text as a reader meets it (visible text, accessible names; not what
is marked lang="en") is searched for those phrases. A failure lists, page by page, the
English still shown: a string not yet translated, or text built outside the catalogue.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ictreport.core import registry
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)
from tests.factories import UserFactory
from tests.i18n.catalogue import english_phrases, parse
from tests.i18n.pagetext import visible_text

pytestmark = pytest.mark.django_db

SELECTED = "?organisation=gwent-police&year=2019-20"


@pytest.fixture(scope="module")
def english(welsh_catalogue) -> set[str]:
    _header, entries = parse(welsh_catalogue)
    phrases = english_phrases(entries)
    assert len(phrases) > 50, "too few English phrases collected from the catalogue"
    return phrases


def leaks(html: str, phrases: set[str], language: str = "cy") -> list[str]:
    text = visible_text(html, language)
    return sorted(p for p in phrases if p in text)


@pytest.fixture
def site(shipped_report, monkeypatch):
    """The shipped 2019/20 report, a published public 2020/21 edition, and a signed-in
    shared-service administrator (who sees every page and the admin)."""
    stand_in_pdf(monkeypatch)
    gwent = shipped_report.organisation
    report, desk_return = small_report(gwent)
    approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                        approver=approver_of(gwent))
    member = Client()
    member.force_login(UserFactory(username="performance.officer", is_staff=True,
                                   is_superuser=True))
    return {"member": member, "anonymous": Client(), "report": shipped_report}


def welsh(name, *args, query=""):
    with translation.override("cy"):
        return reverse(name, args=args) + query


def signed_in_pages(report) -> dict[str, str]:
    pages = {
        "overview": welsh("reports:overview", query=SELECTED),
        "report page": welsh("reports:report", "gwent-police", "2019-20"),
        "accessibility statement": welsh("accessibility"),
        "admin index": welsh("admin:index"),
        "admin change form": welsh("admin:core_annualreport_change", report.pk),
    }
    for section in registry.sections():
        if section.url_name:
            pages[f"{section.key} dashboard"] = welsh(section.url_name, query=SELECTED)
    return pages


ANONYMOUS_PAGES = {
    "login page": ("login", ()),
    "public edition": ("reports:report", ("gwent-police", "2020-21")),
    "public edition, edition 1": ("reports:edition", ("gwent-police", "2020-21", 1)),
    "accessibility statement (signed out)": ("accessibility", ()),
}


@pytest.mark.parametrize("name", sorted(ANONYMOUS_PAGES))
def test_pages_anyone_sees_are_all_welsh(site, english, name):
    url_name, args = ANONYMOUS_PAGES[name]
    path = welsh(url_name, *args)
    response = site["anonymous"].get(path)
    assert response.status_code == 200, path
    found = leaks(response.content.decode(), english)
    assert found == [], f"{name} ({path}) shows English:\n" + "\n".join(found)


@pytest.mark.parametrize("path", ["/cy/no-such-page/", "/cy/reports/nowhere/2019-20/"])
def test_the_not_found_page_is_all_welsh(site, english, settings, path):
    settings.DEBUG = False
    response = site["anonymous"].get(path)
    assert response.status_code == 404, path
    found = leaks(response.content.decode(), english)
    assert found == [], f"{path} shows English:\n" + "\n".join(found)


def test_signed_in_pages_are_all_welsh(site, english):
    """Every signed-in page at once, so one run lists all that is left."""
    report = []
    for name, path in signed_in_pages(site["report"]).items():
        response = site["member"].get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        found = leaks(response.content.decode(), english)
        if found:
            report.append(f"{name} ({path}):\n  " + "\n  ".join(found))
    assert report == [], "English on Welsh pages:\n" + "\n".join(report)


def test_the_english_page_does_show_the_english(site, english):
    """The check can see English: the same login page in English has plenty."""
    html = site["anonymous"].get("/en/accounts/login/").content.decode()
    assert len(leaks(html, english, "en")) >= 2
