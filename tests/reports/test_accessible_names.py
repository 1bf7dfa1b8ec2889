"""Names and messages a screen reader user depends on: download links that say which
table they download, page titles that say which organisation and year, error summaries
that name the field, and the Welsh part of the classification marked as Welsh."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from ictreport.core import registry
from ictreport.core.templatetags.marking import marking
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)

pytestmark = pytest.mark.django_db

SELECTED = "?organisation=gwent-police&year=2019-20"
SITE = " – ICT & Digital Services reporting</title>"
DOWNLOAD = re.compile(r'<a href="[^"]*_?export=(?:csv|xlsx)[^"]*">(.*?)</a>', re.S)
TAG = re.compile(r"<[^>]+>")


def accessible_name(html: str) -> str:
    return " ".join(unescape(TAG.sub("", html)).split())


@pytest.mark.parametrize("key", [s.key for s in registry.sections() if s.url_name])
def test_every_download_link_names_its_table_and_format(staff_client, shipped_report, key):
    url = reverse(registry.get_section(key).url_name) + SELECTED
    html = staff_client.get(url).content.decode()
    links = DOWNLOAD.findall(html)
    assert links, "the dashboard offers downloads"
    names = [accessible_name(link) for link in links]
    assert len(set(names)) == len(names), "two download links share a name"
    for link, name in zip(links, names, strict=True):
        visible = accessible_name(re.sub(r'<span class="visually-hidden">.*?</span>', "", link))
        assert visible in {"CSV", "Excel (XLSX)"}
        assert re.fullmatch(rf"Download .+ as {re.escape(visible)}", name), name


def test_service_desk_downloads_are_named_with_their_caption(staff_client, shipped_report):
    html = staff_client.get(reverse("servicedesk:dashboard") + SELECTED).content.decode()
    names = [accessible_name(link) for link in DOWNLOAD.findall(html)]
    assert names[:2] == ["Download Service Desk Calls as CSV",
                         "Download Service Desk Calls as Excel (XLSX)"]
    assert ("Download Calls for service by channel, 2017/18 to 2019/20 as CSV"  # a chart's
            in names)


@pytest.mark.parametrize("url_name, page", [
    ("servicedesk:dashboard", "Service levels"),
    ("projects:dashboard", "Core planned work and projects"),
    ("audits:dashboard", "Audit"),
    ("finance:dashboard", "Financial performance"),
    ("reports:overview", "Overview"),
])
def test_section_titles_name_the_organisation_and_year(staff_client, shipped_report, url_name,
                                                       page):
    html = staff_client.get(reverse(url_name) + SELECTED).content.decode()
    assert f"<title>{page}: Gwent Police 2019/20{SITE}" in html


def test_report_titles_name_the_organisation_and_year(staff_client, gwent, monkeypatch):
    stand_in_pdf(monkeypatch)
    report, desk_return = small_report(gwent)
    approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                        approver=approver_of(gwent))
    url = "/en/reports/gwent-police/2020-21/"
    assert (f"<title>Annual report: Gwent Police 2020/21{SITE}"
            in staff_client.get(url).content.decode())
    assert (f"<title>Annual report (public edition): Gwent Police 2020/21{SITE}"
            in staff_client.get(url + "?edition=public").content.decode())
    assert (f"<title>Annual report, edition 1: Gwent Police 2020/21{SITE}"
            in staff_client.get(url + "editions/1/").content.decode())
    # The public, signed out, get the edition at the report's address.
    assert (f"<title>Annual report, edition 1: Gwent Police 2020/21{SITE}"
            in Client().get(url).content.decode())


def _summary(html: str) -> str:
    start = html.index('<div class="error-summary"')
    return html[start:html.index("</div>", start)]


def test_login_error_summary_names_and_links_each_field(client):
    html = client.post("/en/accounts/login/", {"username": "", "password": ""}).content.decode()
    summary = _summary(html)
    assert '<a href="#id_username">Username: this field is required.</a>' in summary
    assert '<a href="#id_password">Password: this field is required.</a>' in summary
    assert "This field is required." not in summary
    assert 'id="id_username"' in html and 'id="id_password"' in html


def test_password_change_error_summary_names_the_field(staff_client):
    html = staff_client.post("/en/accounts/password/", {
        "old_password": "wrong", "new_password1": "a-long-new-passphrase",
        "new_password2": "another-long-passphrase"}).content.decode()
    summary = _summary(html)
    assert re.search(r'<a href="#id_old_password">Old password: your old password was '
                     r"entered incorrectly\.", summary)
    assert re.search(r'<a href="#id_new_password2">New password confirmation: the two '
                     r"password fields didn(’|&#x27;|')t match\.</a>", summary)


@pytest.mark.parametrize("value, html", [
    ("OFFICIAL", "OFFICIAL"),
    ("OFFICIAL SWYDDOGOL", 'OFFICIAL <span lang="cy">SWYDDOGOL</span>'),
    ("OFFICIAL-SENSITIVE SWYDDOGOL-SENSITIF",
     'OFFICIAL-SENSITIVE <span lang="cy">SWYDDOGOL-SENSITIF</span>'),
    ("<b>SWYDDOGOL</b> & co", '&lt;b&gt;<span lang="cy">SWYDDOGOL</span>&lt;/b&gt; &amp; co'),
    ("", ""),
])
def test_marking_puts_the_welsh_in_lang_cy(value, html):
    assert marking(value) == html


def test_site_header_and_footer_mark_the_welsh(staff_client, shipped_report):
    html = staff_client.get("/en/reports/gwent-police/2019-20/").content.decode()
    marked = ('<span class="visually-hidden">Classification: </span>OFFICIAL '
              '<span lang="cy">SWYDDOGOL</span></p>')
    assert html.count(marked) == 2  # header and footer


def test_pdf_cover_marks_the_welsh(shipped_report, monkeypatch):
    """The PDF's HTML, as handed to WeasyPrint (neither it nor Chromium is run here)."""
    from ictreport.reports import pdf
    from ictreport.reports.outline import assemble

    handed = []

    class FakeHTML:
        def __init__(self, *, string, url_fetcher):
            handed.append(string)

        def write_pdf(self, **kwargs):
            return b"%PDF-stand-in"

    monkeypatch.setattr(pdf.weasyprint, "HTML", FakeHTML)
    monkeypatch.setattr(pdf.chart_images, "svg_data_uris", lambda charts: {})
    pdf.render(assemble(shipped_report))
    [html] = handed
    assert ('<dt>Classification</dt><dd>OFFICIAL <span lang="cy">SWYDDOGOL</span></dd>'
            in html)
