import pytest

from ictreport.core import registry
from ictreport.core.models import SectionText
from tests.reportpage.factories import WIDGET_TEXT, register_fake_section, reports_over_years

pytestmark = pytest.mark.django_db


def test_report_page_reads_like_the_source(staff_client, shipped_report):
    response = staff_client.get("/en/reports/gwent-police/2019-20/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'OFFICIAL <span lang="cy">SWYDDOGOL</span>' in html  # the Welsh part marked as Welsh
    assert "Nigel Stephens, Assistant Chief Officer - Resources" in html
    assert "3rd September 2020" in html
    for number, title in [(1, "Recommendation"), (2, "Introduction &amp; background"),
                          (12, "Annexes")]:
        assert f"{number}. {title}" in html
    # Numbered paragraphs are counted: seven in section 2.
    assert 'id="para-2-7"' in html and 'id="para-2-8"' not in html
    assert "<li>Shared Resource Service.</li>" in html
    assert "The Digital Services Division has 91 staff." in html


def test_unknown_report_is_404(staff_client, shipped_report):
    assert staff_client.get("/en/reports/gwent-police/2018-19/").status_code == 404
    assert staff_client.get("/en/reports/nowhere/2019-20/").status_code == 404
    assert staff_client.get("/en/reports/gwent-police/2019-21/").status_code == 404


def test_report_list_links_each_report(staff_client, shipped_report):
    response = staff_client.get("/en/reports/")
    assert b'href="/en/reports/gwent-police/2019-20/"' in response.content


def test_overview_without_any_organisation_explains_what_to_do(staff_client):
    response = staff_client.get("/en/")
    assert response.status_code == 200
    assert b"No organisation or year is set up yet" in response.content


def test_overview_links_the_selected_report(staff_client, shipped_report):
    response = staff_client.get("/en/?organisation=gwent-police&year=2019-20")
    assert response.status_code == 200
    assert b'href="/en/reports/gwent-police/2019-20/"' in response.content


def test_overview_unknown_selection_is_404(staff_client, shipped_report):
    assert staff_client.get("/en/?organisation=nowhere").status_code == 404
    assert staff_client.get("/en/?year=1999-00").status_code == 404
    assert staff_client.get("/en/?year=banana").status_code == 404


@pytest.fixture
def only_widgets(monkeypatch):
    """The fake section alone, so the report's numbering does not depend on which real
    sections are installed."""
    monkeypatch.setattr(registry, "_sections", {})
    return register_fake_section(monkeypatch)


def test_data_section_takes_its_number_between_the_prose_paragraphs(staff_client,
                                                                     shipped_report,
                                                                     only_widgets):
    html = staff_client.get("/en/reports/gwent-police/2019-20/").content.decode()
    strategy, widgets, governance = (html.index(f'id="para-3-{n}"') for n in (4, 5, 6))
    assert strategy < widgets < governance
    assert html.index("<h3>Widget returns</h3>") > widgets
    assert html.index("Deliverables.") < widgets < html.index("The governance arrangements")


def test_section_text_frames_the_section_blocks(staff_client, shipped_report, only_widgets):
    SectionText.objects.create(report=shipped_report, section="widgets",
                               intro="Before the widgets.", commentary="After the widgets.")
    html = staff_client.get("/en/reports/gwent-police/2019-20/").content.decode()
    intro, table, commentary = (html.index(s) for s in (
        "<p>Before the widgets.</p>", '-caption">Widgets by year</caption>',
        "<p>After the widgets.</p>"))
    assert intro < table < commentary


def test_data_section_shows_its_tables_sentences_and_charts(staff_client, shipped_report,
                                                            only_widgets):
    reports_over_years(organisation=shipped_report.organisation, years=(2018,))
    html = staff_client.get("/en/reports/gwent-police/2019-20/").content.decode()
    assert f"<p>{WIDGET_TEXT}</p>" in html
    assert '<tr><th scope="row">2019/20</th><td class="num">20</td></tr>' in html
    assert '<figcaption id="chart-widgets-trend-caption">Widgets by year</figcaption>' in html
    assert '<script id="chart-widgets-trend-data" type="application/json">' in html
    assert "Widgets rose by ten each year." in html
    assert "Data table: Widgets by year" in html


def test_report_page_loads_the_chart_code_from_this_site(staff_client, shipped_report):
    html = staff_client.get("/en/reports/gwent-police/2019-20/").content.decode()
    assert '<script src="/static/vendor/plotly.min.js"></script>' in html
    assert '<script src="/static/js/charts.js"></script>' in html
    assert "cdn" not in html.lower()


def test_report_page_links_its_pdf_board_paper(staff_client, shipped_report):
    html = staff_client.get("/en/reports/gwent-police/2019-20/").content.decode()
    assert ('<a href="/en/reports/gwent-police/2019-20/pdf/">Download the report as a PDF board '
            'paper</a>') in html
