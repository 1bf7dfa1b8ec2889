"""A report not yet published says so wherever it is read: DRAFT on a report not
approved, "APPROVED — not yet published" on an approved one, nothing once published;
on the page, in the standalone file, beside the dashboard's link to it and on every
page of its PDF beside the classification marking."""

import pytest

from ictreport.core import workflow
from ictreport.core.roles import APPROVERS
from ictreport.core.sections import Row
from ictreport.reports.pdf import report_pdf
from ictreport.reports.rendering import standalone_html
from tests.access.factories import user_in
from tests.factories import AnnualReportFactory, FinancialYearFactory
from tests.pdf import support
from tests.pdf.factories import SectionDataFactory, TableFactory, TextFactory

pytestmark = pytest.mark.django_db

CLASSIFICATION = "OFFICIAL SWYDDOGOL"
DRAFT = "DRAFT"
APPROVED = "APPROVED — not yet published"
STATES = {"draft": DRAFT, "approved": APPROVED, "published": None}
# Long enough for the PDF to run over several pages.
SECTION = SectionDataFactory(blocks=(TextFactory(), TableFactory(
    key="long", caption="Calls by location",
    rows=tuple(Row((f"Location {n}", n * 10, n % 100)) for n in range(1, 81)))))


def report_in(state, organisation):
    report = AnnualReportFactory(
        organisation=organisation, year=FinancialYearFactory(start_year=2020),
        classification=CLASSIFICATION, introduction="The year in brief.")
    approver = user_in(APPROVERS, organisation)
    if state in ("approved", "published"):
        workflow.report_approve(report=report, user=approver)
    if state == "published":
        workflow.report_publish(report=report, user=approver)
    report.refresh_from_db()
    assert report.status == state
    return report


@pytest.fixture(params=list(STATES))
def state(request):
    return request.param


@pytest.fixture
def report(state, gwent):
    return report_in(state, gwent)


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf-cache")


@pytest.fixture
def pdf_pages(report, monkeypatch, settings, module_cache):
    # One PDF per state, shared by the tests: the first renders it, the others are
    # served it from the module's cache, as nothing it shows differs between them.
    support.use_own_cache(settings, module_cache)
    support.use_stand_in_section(monkeypatch, SECTION, alone=True)
    return support.pages(report_pdf(report).content)


def banner(html):
    start = html.find('class="status-banner')
    return None if start < 0 else html[start:html.index("</p>", start)]


def test_report_page_carries_the_marking_in_a_banner_above_the_report(staff_client, report,
                                                                      state):
    html = staff_client.get(report.get_absolute_url()).content.decode()
    marking = STATES[state]
    if marking is None:
        assert banner(html) is None
        assert DRAFT not in html and "not yet published" not in html
        return
    assert f'<strong class="status-banner__marking">{marking}</strong>' in banner(html)
    assert html.index('class="status-banner') < html.index('id="report-title"')


def test_page_banner_says_what_the_marking_means(staff_client, gwent):
    draft = report_in("draft", gwent)
    html = staff_client.get(draft.get_absolute_url()).content.decode()
    assert "This report has not been approved: its figures and text may still change." \
        in banner(html)


def test_public_edition_of_a_draft_is_marked_too(staff_client, gwent):
    draft = report_in("draft", gwent)
    html = staff_client.get(f"{draft.get_absolute_url()}?edition=public").content.decode()
    assert DRAFT in banner(html)


def test_standalone_file_carries_the_same_marking(report, state):
    html = standalone_html(report)
    marking = STATES[state]
    if marking is None:
        assert banner(html) is None
    else:
        assert f'<strong class="status-banner__marking">{marking}</strong>' in banner(html)


def test_overview_marks_its_link_to_a_report_not_yet_published(staff_client, report, state):
    html = staff_client.get("/en/?organisation=gwent-police&year=2020-21").content.decode()
    link = html[html.index('<p class="lead-link">'):]
    link = link[:link.index("</p>")]
    assert "Read the annual report" in link
    marking = STATES[state]
    if marking is None:
        assert "status-tag" not in link
    else:
        assert f'<strong class="status-tag status-tag--{state}">{marking}</strong>' in link


def test_every_pdf_page_carries_the_marking_beside_the_classification(pdf_pages, state):
    assert len(pdf_pages) >= 4
    marking = STATES[state]
    for page in pdf_pages:
        top, bottom = page.in_top_margin(), page.in_bottom_margin()
        assert CLASSIFICATION in top and CLASSIFICATION in bottom, page.number
        if marking is None:
            assert DRAFT not in page.text and "not yet published" not in page.text
        else:
            assert marking in top, (page.number, top)
            assert marking in bottom, (page.number, bottom)


def test_pdf_cover_says_what_the_marking_means(pdf_pages, state):
    cover = " ".join(pdf_pages[0].text.split())
    if state == "draft":
        assert "This report has not been approved: its figures and text may still change." \
            in cover
    elif state == "approved":
        assert "This report has been approved but not yet published." in cover
    else:
        assert "This report has" not in cover
