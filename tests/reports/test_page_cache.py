"""The report page and the overview come from the cache while the data version stands,
and are never stale once it moves."""

import pytest
from django.urls import reverse

from ictreport.core import registry
from ictreport.core.models import AnnualReport
from servicedesk.models import ChannelCalls

pytestmark = pytest.mark.django_db


def _overview(report):
    return (f"{reverse('reports:overview')}?organisation={report.organisation.slug}"
            f"&year={report.year.slug}")


def _body(response) -> str:
    """The report itself (the page around it carries a per-request CSRF token)."""
    html = response.content.decode()
    return html[html.index('<article class="report"'):html.index("</article>")]


@pytest.fixture
def no_building(monkeypatch):
    def forbid(*, organisation, year):
        raise AssertionError("a section was built again while nothing changed")

    def apply():
        for section in registry.sections():
            monkeypatch.setattr(section, "build", forbid)
    return apply


def test_unchanged_pages_build_no_section(staff_client, shipped_report, no_building):
    first = _body(staff_client.get(shipped_report.get_absolute_url()))
    staff_client.get(_overview(shipped_report))
    no_building()
    assert _body(staff_client.get(shipped_report.get_absolute_url())) == first
    assert staff_client.get(_overview(shipped_report)).status_code == 200


def test_a_changed_title_is_on_the_next_page(staff_client, shipped_report):
    staff_client.get(shipped_report.get_absolute_url())
    AnnualReport.objects.filter(pk=shipped_report.pk).update(title="A title never seen")
    assert "A title never seen" in staff_client.get(
        shipped_report.get_absolute_url()).content.decode()


def test_a_changed_figure_is_on_the_next_overview(staff_client, shipped_report):
    url = _overview(shipped_report)
    before = staff_client.get(url).content
    ChannelCalls.objects.filter(desk_return__organisation=shipped_report.organisation,
                                desk_return__year=shipped_report.year).update(calls=0)
    after = staff_client.get(url).content
    assert after != before  # the service desk's card now says no calls


# Each language cached apart (issue 16 item 5) -------------------------------------------


def _welsh(client, url):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="cy")


def _in_welsh(name, **kwargs):
    from tests.pdf import support

    return support.welsh_url(name, **kwargs)


def test_the_welsh_page_is_never_the_cached_english_one(staff_client, shipped_report):
    url = shipped_report.get_absolute_url()  # /en/…, read before a Welsh request
    english = _body(staff_client.get(url))
    welsh = _body(_welsh(staff_client, _in_welsh(
        "reports:report", organisation="gwent-police", year="2019-20")))
    assert '<article class="report" lang="cy"' in welsh
    assert '<h2 id="contents-title">Cynnwys</h2>' in welsh
    assert '<h2 id="contents-title">Contents</h2>' in english
    # And the English page after the Welsh one is English again, from its own entry.
    assert _body(staff_client.get(url)) == english


def test_each_language_builds_its_sections_once(staff_client, shipped_report, no_building):
    url = _in_welsh("reports:report", organisation="gwent-police", year="2019-20")
    staff_client.get(shipped_report.get_absolute_url())
    welsh = _body(_welsh(staff_client, url))
    no_building()  # both languages are cached now
    assert _body(_welsh(staff_client, url)) == welsh
    assert staff_client.get(shipped_report.get_absolute_url()).status_code == 200


def test_the_welsh_overview_is_never_the_cached_english_one(staff_client, shipped_report):
    url = _overview(shipped_report)
    english = staff_client.get(url).content.decode()
    welsh = _welsh(staff_client, _in_welsh("reports:overview") + url[url.index("?"):])
    welsh = welsh.content.decode()
    assert "perfformiad TGCh" in welsh and "ICT performance 2019/20" not in welsh
    assert "ICT performance" in english


def test_cache_keys_name_the_language(shipped_report):
    from django.utils import translation

    from ictreport.core.data_version import cache_key
    from ictreport.reports import pdf

    keys = {}
    for language in ("en", "cy"):
        with translation.override(language):
            keys[language] = (
                cache_key("report-body", organisation=1, year=2019, version=5),
                pdf.pdf_key(shipped_report, public=False, version=5),
            )
    assert keys["en"][0] != keys["cy"][0] and keys["en"][1] != keys["cy"][1]
    assert pdf.pdf_key(shipped_report, public=False, version=5, language="cy") == keys["cy"][1]
