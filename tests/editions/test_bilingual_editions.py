"""The public edition in both languages (issue 16 item 5): publishing stores each
language's page and PDF, a Welsh address serves the Welsh copy, and the editions list
offers both."""

import pytest
from django.test.utils import override_settings
from django.utils import translation

from ictreport.core import editions
from ictreport.core.models import ReportEdition
from ictreport.reports import editions as report_editions
from ictreport.reports.pdf import RenderedPdf
from tests.editions.factories import approve_and_publish, approver_of, editor_of, small_report
from tests.pdf import support

pytestmark = pytest.mark.django_db

ORG, YEAR = "gwent-police", "2020-21"


@pytest.fixture(autouse=True)
def drawn(monkeypatch):
    """Stand-in PDFs that say which language they were drawn in."""
    languages = []

    def render(document, *, edition=None):
        language = translation.get_language()
        languages.append(language)
        number = edition["number"] if edition else 0
        return RenderedPdf(f"%PDF-stand-in edition {number} {language}".encode())

    monkeypatch.setattr(report_editions.pdf, "render", render)
    return languages


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
    assert drawn == [translation.get_language(), "cy"]  # each PDF drawn in its language
    assert bytes(stored["cy"].pdf) == b"%PDF-stand-in edition 1 cy"
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
    assert response.content == b"%PDF-stand-in edition 1 cy"
    assert response["Content-Disposition"].endswith('-edition-1-cy.pdf"')
    assert _welsh(client, "reports:report_pdf").content == b"%PDF-stand-in edition 1 cy"
    english = client.get(f"/en/reports/{ORG}/{YEAR}/editions/1/pdf/")
    assert english.content.endswith(b" " + translation.get_language().encode())  # en


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
