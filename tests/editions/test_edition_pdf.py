"""An edition's PDF is drawn once, at the publish step, and names the edition, why it
was revised and what changed. Real renders (WeasyPrint, charts by Chromium): two
editions in one test, to keep them few."""

import pytest
from django.core.exceptions import ValidationError

from ictreport.core import workflow
from ictreport.core.models import ReportEdition, ReportStatus
from ictreport.reports import chart_images
from tests.editions.factories import approve_and_publish, approver_of, editor_of, small_report
from tests.pdf import support

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2020-21/"


@support.needs_chromium
def test_each_edition_has_its_own_pdf_naming_it_and_its_changes(client, gwent):
    editor, approver = editor_of(gwent), approver_of(gwent)
    report, desk_return = small_report(gwent)
    approve_and_publish(report, [desk_return], editor=editor, approver=approver)
    first = client.get(URL + "pdf/")
    assert first["Content-Disposition"] == (
        'attachment; filename="ict-annual-report-gwent-police-2020-21-edition-1.pdf"')
    text = support.all_text(first.content)
    assert "Edition 1, published" in text
    assert "1,200" in text

    workflow.return_reopen(quarterly_return=desk_return, user=approver,
                           reason="The telephony extract missed a week")
    calls = desk_return.channel_calls.get()
    calls.calls = 1500
    calls.save()
    workflow.report_reopen(report=report, user=approver, reason="New call figures")
    approve_and_publish(report, [desk_return], editor=editor, approver=approver)

    second = client.get(URL + "pdf/").content
    assert second == bytes(ReportEdition.objects.filter(language="en").get(number=2).pdf)
    text = " ".join(support.all_text(second).split())
    assert "Revised edition 2, published" in text
    assert "The telephony extract missed a week" in text
    assert "“1,200” became “1,500”" in text
    # Edition 1's PDF is the one drawn when it was published.
    assert client.get(URL + "editions/1/pdf/").content == first.content


def test_without_its_charts_nothing_is_published(gwent, monkeypatch):
    def no_chromium(charts):
        raise chart_images.ChartsUnavailable("Chromium was not found (test).")

    monkeypatch.setattr(chart_images, "svg_data_uris", no_chromium)
    report, desk_return = small_report(gwent)
    with pytest.raises(ValidationError, match="charts of its PDF could not be drawn"):
        approve_and_publish(report, [desk_return], editor=editor_of(gwent),
                            approver=approver_of(gwent))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert not ReportEdition.objects.exists()
