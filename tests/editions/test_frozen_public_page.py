"""The public reads the published edition, frozen: reopening the report or a return and
changing figures, a channel's or project's name or the report's text changes nothing
the public sees, until a revised edition is published, which lists why and what
changed; the first edition stays readable at its own address."""

import re

import pytest

from ictreport.core import workflow
from ictreport.core.models import ReportEdition
from projects.models import Project
from tests.editions.factories import (
    RECOMMENDATION,
    approve_and_publish,
    approver_of,
    editor_of,
    small_report,
    stand_in_pdf,
)

# The language switch's form carries a CSRF token, masked afresh for every response.
_CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def page_bytes(response) -> bytes:
    """The page as sent, less its per-response CSRF token."""
    return _CSRF_TOKEN.sub(b"", response.content)


pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2020-21/"


@pytest.fixture
def pdf_notes(monkeypatch):
    return stand_in_pdf(monkeypatch)


@pytest.fixture
def people(gwent):
    return editor_of(gwent), approver_of(gwent)


@pytest.fixture
def published(gwent, people, pdf_notes):
    editor, approver = people
    report, desk_return = small_report(gwent)
    approve_and_publish(report, [desk_return], editor=editor, approver=approver)
    return report, desk_return


def correct_everything(report, desk_return, approver):
    """Reopen the report and its return and change a figure, a channel's and a
    project's name and the report's text, as a correction after publication would."""
    workflow.report_reopen(report=report, user=approver, reason="Telephone calls were "
                           "under-counted")
    workflow.return_reopen(quarterly_return=desk_return, user=approver,
                           reason="The telephony extract missed a week")
    calls = desk_return.channel_calls.get()
    calls.calls = 1500
    calls.save()
    channel = calls.channel
    channel.name = "Voice line"
    channel.save()
    Project.objects.filter(name="Body-worn video").update(name="Body cameras")
    report.refresh_from_db()
    report.recommendation = "Members are asked to note the corrected ICT performance."
    report.title = "Annual Report – ICT & Digital Services 2020/21 (corrected)"
    report.save()


def test_publishing_freezes_the_first_edition(client, published):
    report, _ = published
    edition = ReportEdition.objects.filter(language="en").get()
    assert (edition.number, edition.title, edition.publicly_disclosable) == (
        1, report.title, True)
    page = client.get(URL).content.decode()
    assert edition.html in page
    for shown in ("1,200", "Telephone", "Body-worn video", RECOMMENDATION,
                  "Edition 1, published"):
        assert shown in page
    assert "Revised edition" not in page


def test_public_page_is_unchanged_after_a_reopen_and_edits(client, published, people):
    report, desk_return = published
    pdf_before = client.get(URL + "pdf/").getvalue()  # drawn: the page links it now
    before = page_bytes(client.get(URL))

    correct_everything(report, desk_return, people[1])

    assert page_bytes(client.get(URL)) == before
    assert client.get(URL + "pdf/").getvalue() == pdf_before
    page = before.decode()
    for not_yet in ("1,500", "Voice line", "Body cameras", "corrected"):
        assert not_yet not in page
    # Nothing tells the public that a correction is being worked on.
    assert "reopened" not in page.lower() and "draft" not in page.lower()


def test_the_organisation_sees_live_figures_and_which_edition_is_published(
        client, published, people):
    report, desk_return = published
    correct_everything(report, desk_return, people[1])
    client.force_login(people[0])
    page = client.get(URL).content.decode()
    assert "1,500" in page and "Voice line" in page and "Body cameras" in page
    assert "Edition 1 was published on" in page
    assert f'href="{URL}editions/1/"' in page


def test_a_revised_edition_lists_why_and_what_changed(client, published, people,
                                                      pdf_notes):
    report, desk_return = published
    editor, approver = people
    correct_everything(report, desk_return, approver)
    first_page = client.get(URL + "editions/1/").content.decode()

    approve_and_publish(report, [desk_return], editor=editor, approver=approver)

    second = report.editions.get(number=2, language="en")
    page = client.get(URL).content.decode()
    assert second.html in page
    assert "Revised edition 2, published" in page
    assert "1,500" in page and "Voice line" in page and "Body cameras" in page
    assert "Telephone calls were under-counted" in page
    assert "The telephony extract missed a week" in page
    labels = [change["label"] for change in second.changes]
    assert any("Telephone" in label for label in labels)
    assert {"label": "Paragraph 1.1", "before": RECOMMENDATION,
            "after": "Members are asked to note the corrected ICT performance."
            } in second.changes
    assert any(c["before"] == "Body-worn video" and c["after"] is None
               for c in second.changes) or any(
        "Body-worn video" in (c["before"] or "") for c in second.changes)
    assert any("Body cameras" in (c["after"] or "") for c in second.changes)
    assert "“Members are asked to note the ICT performance for the year.” became" in page
    # The PDF is drawn with the same note, in each language (the Welsh too).
    second_pdf = client.get(URL + "pdf/").getvalue().decode()
    assert "Revised edition 2, published" in second_pdf
    assert "Telephone calls were under-counted" in second_pdf
    assert "The telephony extract missed a week" in second_pdf
    assert "“1,200” became “1,500”" in " ".join(second_pdf.split())
    assert client.get("/cy" + URL[3:] + "pdf/").status_code == 200
    assert [source.html.count("Revised edition 2") for source in pdf_notes[-2:]] != [0, 0]

    # Edition 1 is still there, as it was, with a pointer to the latest.
    old = client.get(URL + "editions/1/").content.decode()
    assert ReportEdition.objects.filter(language="en").get(number=1).html in old
    assert "1,200" in old and "Telephone" in old and "1,500" not in old
    assert "It has been replaced by edition 2" in old
    assert first_page.count("1,200") == old.count("1,200")
    assert client.get(URL + "editions/2/").status_code == 200
    first_pdf = client.get(URL + "editions/1/pdf/").getvalue().decode()
    assert "Edition 1, published" in first_pdf and "Revised edition" not in first_pdf
    assert client.get(URL + "pdf/").getvalue().decode() == second_pdf
    assert client.get(URL + "editions/3/").status_code == 404


def test_an_unchanged_republication_says_nothing_differs(client, published, people):
    report, desk_return = published
    editor, approver = people
    workflow.report_reopen(report=report, user=approver, reason="Checking the cover")
    approve_and_publish(report, [desk_return], editor=editor, approver=approver)
    page = client.get(URL).content.decode()
    assert "No figure or text differs from edition 1." in page
    assert "Checking the cover" in page
    assert report.editions.get(number=2, language="en").changes == []
