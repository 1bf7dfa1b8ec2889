"""The public edition in both languages (issue 16 item 5): publishing stores each
language's page and PDF, a Welsh address serves the Welsh copy, and the editions list
offers both."""

import pytest
from django.test.utils import override_settings
from django.utils import translation

from ictreport.core import editions
from ictreport.core.models import ReportEdition
from tests.editions.factories import (
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)
from tests.pdf import support

pytestmark = pytest.mark.django_db

ORG, YEAR = "gwent-police", "2020-21"


@pytest.fixture(autouse=True)
def drawn(monkeypatch):
    """Stand-in PDFs (their print page as it is); the sources they were drawn from."""
    return stand_in_pdf(monkeypatch)


def _publish(gwent):
    report, desk_return = small_report(gwent)
    approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                        approver=approver_of(gwent))
    return report


def _welsh(client, name, **kwargs):
    return client.get(support.welsh_url(name, organisation=ORG, year=YEAR, **kwargs),
                      **support.WELSH)


def test_publishing_stores_the_edition_in_each_language(gwent, drawn):
    report = _publish(gwent)
    stored = {e.language: e for e in report.editions.all()}
    assert sorted(stored) == ["cy", "en"]
    assert {e.number for e in stored.values()} == {1}
    assert drawn == []  # nothing drawn at the publish step: the worker draws them
    # What each PDF will show is frozen in its language.
    assert '<html lang="cy"' in stored["cy"].pdf_source.html
    assert '<html lang="en' in stored["en"].pdf_source.html
    assert '<article class="report" lang="cy"' in stored["cy"].html
    assert "Cynnwys" in stored["cy"].html and "Cynnwys" not in stored["en"].html
    assert "Argraffiad 1, a gyhoeddwyd" in stored["cy"].html
    # The figures are the same; the words around them are each language's (a table
    # row's key holds its header, so "Not recorded" is "Heb ei gofnodi" in Welsh).
    def figures(edition):
        return [value for _key, _label, value in edition.data["entries"]
                if str(value).replace(",", "").replace(".", "").replace("%", "")
                .replace("£", "").replace("-", "").isdigit()]
    assert len(stored["cy"].data["entries"]) == len(stored["en"].data["entries"])
    assert figures(stored["cy"]) == figures(stored["en"]) and figures(stored["en"])


def test_a_welsh_address_serves_the_welsh_edition(client, gwent):
    _publish(gwent)
    welsh = _welsh(client, "reports:edition", number=1).content.decode()
    assert '<article class="report" lang="cy"' in welsh
    english = client.get(f"/en/reports/{ORG}/{YEAR}/editions/1/").content.decode()
    assert '<article class="report" lang="cy"' not in english
    # The report's address, read by the public, is its latest edition in the language.
    assert '<article class="report" lang="cy"' in _welsh(client, "reports:report").content.decode()


def test_a_welsh_address_serves_the_welsh_pdf(client, gwent):
    _publish(gwent)
    response = _welsh(client, "reports:edition_pdf", number=1)
    welsh = response.getvalue()
    assert b'<html lang="cy"' in welsh and b"Argraffiad 1" in welsh
    assert response["Content-Disposition"].endswith('-edition-1-cy.pdf"')
    assert _welsh(client, "reports:report_pdf").getvalue() == welsh
    english = client.get(f"/en/reports/{ORG}/{YEAR}/editions/1/pdf/")
    assert b'<html lang="en' in english.getvalue()


def test_the_editions_list_offers_both_languages(client, gwent):
    _publish(gwent)
    english = client.get(f"/en/reports/{ORG}/{YEAR}/editions/1/").content.decode()
    with translation.override("cy"):
        welsh_page = support.welsh_url("reports:edition", organisation=ORG, year=YEAR,
                                       number=1)
        welsh_pdf = support.welsh_url("reports:edition_pdf", organisation=ORG, year=YEAR,
                                      number=1)
    assert f'<a href="{welsh_page}" hreflang="cy" lang="cy">Cymraeg</a>' in english
    assert f'<a href="{welsh_pdf}" hreflang="cy" lang="cy">PDF</a>' in english
    welsh = _welsh(client, "reports:edition", number=1).content.decode()
    assert 'hreflang="en" lang="en">English</a>' in welsh
    assert "Argraffiadau a gyhoeddwyd" in welsh


def test_a_revision_is_compared_with_the_last_edition_in_its_own_language(gwent):
    from ictreport.core import workflow

    report = _publish(gwent)
    workflow.report_reopen(report=report, user=approver_of(gwent), reason="A correction.")
    report.refresh_from_db()
    report.title = "A corrected title"
    report.save()
    workflow.report_approve(report=report, user=approver_of(gwent))
    workflow.report_publish(report=report, user=approver_of(gwent))
    second = {e.language: e for e in report.editions.filter(number=2)}
    assert sorted(second) == ["cy", "en"]
    for copy in second.values():
        assert any(change["after"] == "A corrected title" for change in copy.changes)
    assert [c["label"] for c in second["cy"].changes if c["after"] == "A corrected title"] \
        != [c["label"] for c in second["en"].changes if c["after"] == "A corrected title"]


def test_an_edition_published_in_english_only_is_served_to_welsh_readers(client, gwent):
    with override_settings(LANGUAGES=[("en", "English")], LANGUAGE_CODE="en"):
        report = _publish(gwent)
    assert list(report.editions.values_list("language", flat=True)) == ["en"]
    welsh = _welsh(client, "reports:edition", number=1)
    assert welsh.status_code == 200
    assert '<article class="report" lang="en' in welsh.content.decode()
    assert editions.in_language(report.editions.all(), "cy").get().language == "en"
    assert ReportEdition.objects.count() == 1
