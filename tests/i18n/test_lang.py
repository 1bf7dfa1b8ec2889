"""lang right everywhere: <html lang> is the page's language (site and admin), the
switch's button carries the language it names, and the classification marking's other
half is marked — "SWYDDOGOL" lang="cy" on an English page, "OFFICIAL" lang="en" on a
Welsh one."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def html_lang(html: str) -> str:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html)
    assert match is not None, html[:300]
    return match.group(1)


@pytest.mark.parametrize(("path", "lang"), [
    ("/en/accounts/login/", "en"), ("/cy/accounts/login/", "cy"),
    ("/en/accessibility/", "en"), ("/cy/accessibility/", "cy"),
    ("/cy/no-such-page/", "cy"),
])
def test_html_lang_is_the_pages_language(client, path, lang):
    assert html_lang(client.get(path).content.decode()) == lang


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_admin_has_the_pages_language(staff_client, lang):
    html = staff_client.get(f"/{lang}/admin/").content.decode()
    assert html_lang(html) == lang


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_signed_in_pages_have_the_pages_language(staff_client, lang):
    html = staff_client.get(f"/{lang}/reports/").content.decode()
    assert html_lang(html) == lang


def test_a_cookie_does_not_override_the_address(client):
    """The address says the language: a Welsh cookie on an /en/ page is still English."""
    client.cookies["django_language"] = "cy"
    assert html_lang(client.get("/en/accounts/login/").content.decode()) == "en"


def test_marking_on_an_english_page():
    with translation.override("en"):
        html = Template("{% load marking %}{{ m|marking }}").render(
            Context({"m": "OFFICIAL SWYDDOGOL"}))
    assert html == 'OFFICIAL <span lang="cy">SWYDDOGOL</span>'


def test_marking_on_a_welsh_page():
    with translation.override("cy"):
        html = Template("{% load marking %}{{ m|marking }}").render(
            Context({"m": "OFFICIAL SWYDDOGOL"}))
    assert html == '<span lang="en">OFFICIAL</span> SWYDDOGOL'


def test_marking_with_a_descriptor():
    with translation.override("cy"):
        html = Template("{% load marking %}{{ m|marking }}").render(
            Context({"m": "OFFICIAL-SENSITIVE SWYDDOGOL-SENSITIF"}))
    assert html == '<span lang="en">OFFICIAL-SENSITIVE</span> SWYDDOGOL-SENSITIF'


@pytest.mark.parametrize(("path", "other"), [("/en/accounts/login/", "cy"),
                                             ("/cy/accounts/login/", "en")])
def test_the_page_header_marks_the_other_half(client, path, other):
    html = client.get(path).content.decode()
    word = "SWYDDOGOL" if other == "cy" else "OFFICIAL"
    assert f'<span lang="{other}">{word}</span>' in html


@pytest.mark.parametrize(("lang", "other"), [("en", "cy"), ("cy", "en")])
def test_the_admin_marks_the_other_half(staff_client, lang, other):
    html = staff_client.get(f"/{lang}/admin/").content.decode()
    word = "SWYDDOGOL" if other == "cy" else "OFFICIAL"
    assert f'<span lang="{other}">{word}</span>' in html


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_reports_link_is_current_under_either_prefix(staff_client, lang):
    html = staff_client.get(f"/{lang}/reports/").content.decode()
    assert f'<a href="/{lang}/reports/" aria-current="page">' in html
