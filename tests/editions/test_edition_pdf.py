"""An edition's PDF is drawn once, by the worker, from what was frozen at the publish
step -- even when the report is reopened and changed before the worker runs -- and names
the edition, why it was revised and what changed. Real renders (WeasyPrint, charts by
Chromium): two editions in one test, in English only, to keep them few."""

import pytest

from ictreport.celery import app
from ictreport.core import workflow
from ictreport.core.models import EditionPdf, ReportEdition
from ictreport.reports import tasks
from tests.editions.factories import approve_and_publish, approver_of, editor_of, small_report
from tests.pdf import support

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2020-21/"


def _draw(number: int) -> None:
    """Run the worker's task for the English copy of edition ``number``."""
    edition = ReportEdition.objects.get(number=number, language="en")
    assert tasks.draw_edition_pdf.apply(args=(edition.pk,)).get() == "drawn"


@support.needs_chromium
def test_each_edition_has_its_own_pdf_as_published(client, gwent, settings, monkeypatch):
    settings.PDF_RENDER_OUTSIDE_TASKS = False  # only the task may draw
    app.conf.task_always_eager = False
    monkeypatch.setattr(tasks.draw_edition_pdf, "apply_async", lambda *a, **k: None)
    editor, approver = editor_of(gwent), approver_of(gwent)
    report, desk_return = small_report(gwent)
    approve_and_publish(report, [desk_return], editor=editor, approver=approver)

    # Reopened and corrected before the worker got to edition 1's PDF.
    workflow.return_reopen(quarterly_return=desk_return, user=approver,
                           reason="The telephony extract missed a week")
    calls = desk_return.channel_calls.get()
    calls.calls = 1500
    calls.save()
    workflow.report_reopen(report=report, user=approver, reason="New call figures")
    _draw(1)
    first = client.get(URL + "editions/1/pdf/")
    assert first["Content-Disposition"] == (
        'attachment; filename="ict-annual-report-gwent-police-2020-21-edition-1.pdf"')
    first_pdf = first.getvalue()
    text = support.all_text(first_pdf)
    assert "Edition 1, published" in text
    assert "1,200" in text and "1,500" not in text
    assert "Charts left out" not in text  # an edition is never kept without its charts

    approve_and_publish(report, [desk_return], editor=editor, approver=approver)
    _draw(2)
    second = client.get(URL + "pdf/").getvalue()
    assert second == EditionPdf.objects.get(edition__number=2).file.read()
    text = " ".join(support.all_text(second).split())
    assert "Revised edition 2, published" in text
    assert "The telephony extract missed a week" in text
    assert "“1,200” became “1,500”" in text
    # Edition 1's PDF is the one drawn from edition 1.
    assert client.get(URL + "editions/1/pdf/").getvalue() == first_pdf
