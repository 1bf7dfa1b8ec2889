"""The publish request draws no PDF: it freezes what each language's PDF will show and
queues the worker, which draws it; a reader asking meanwhile is told it is being
prepared; charts that cannot be drawn are tried again, then the reader is told it
failed. The drawing is a stand-in here (the flow is under test, not the PDF)."""

import pytest

from ictreport.celery import app
from ictreport.core.models import EditionPdf, ReportEdition
from ictreport.reports import chart_images, edition_jobs, jobs, tasks
from ictreport.reports import editions as report_editions
from tests.editions.factories import publish_small, stand_in_pdf

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2020-21/"


@pytest.fixture
def queued(settings, monkeypatch):
    """As on an app server: drawing refused outside a task, and tasks go to a broker
    (recorded here) instead of running at once."""
    settings.PDF_RENDER_OUTSIDE_TASKS = False
    app.conf.task_always_eager = False
    sent = []
    monkeypatch.setattr(tasks.draw_edition_pdf, "apply_async",
                        lambda args, **kwargs: sent.append(args[0]))
    return sent


@pytest.fixture
def drawn(monkeypatch):
    """A stand-in drawing that, like the real one, refuses to draw outside a task."""
    sources = stand_in_pdf(monkeypatch)
    stand_in = report_editions.pdf.draw

    def draw(source):
        jobs.check_render_allowed()
        return stand_in(source)

    monkeypatch.setattr(report_editions.pdf, "draw", draw)
    return sources


def test_publishing_draws_nothing_and_queues_each_language(
        gwent, queued, drawn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish_small(gwent)
    stored = list(ReportEdition.objects.order_by("language"))
    assert [e.language for e in stored] == ["cy", "en"]
    assert drawn == [] and not EditionPdf.objects.exists()
    assert sorted(queued) == sorted(e.pk for e in stored)  # one task a language, queued
    for edition in stored:
        assert edition.pdf_source.html.startswith("<!DOCTYPE html>")

    # The worker's task draws each copy; a second run finds it drawn.
    for edition in stored:
        assert tasks.draw_edition_pdf.apply(args=(edition.pk,)).get() == edition_jobs.DRAWN
    assert tasks.draw_edition_pdf.apply(args=(stored[0].pk,)).get() == edition_jobs.ALREADY
    assert len(drawn) == 2 and EditionPdf.objects.count() == 2


def test_a_reader_is_told_the_pdf_is_being_prepared(client, gwent, queued, drawn):
    publish_small(gwent)  # in the test's transaction: its tasks were never sent
    edition = ReportEdition.objects.get(language="en")
    page = client.get(URL + "editions/1/").content.decode()
    assert "being prepared" in page and "see its progress" in page
    assert "Download this edition as a PDF board paper" not in page

    response = client.get(URL + "editions/1/pdf/")
    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "The PDF of edition 1 of" in text and "as it was published" in text
    assert 'id="pdf-progress" role="status"' in text
    assert f'href="{URL}editions/1/"' in text  # the edition's page meanwhile
    assert "<script>" not in text  # the polling script is a static file (CSP)
    assert queued == [edition.pk]  # the request queued the lost task again, once
    assert client.get(URL + "editions/1/pdf/?status=1").json() == {"state": "queued"}
    assert client.get(URL + "pdf/").status_code == 202  # the latest edition's address
    assert queued == [edition.pk] and drawn == []

    tasks.draw_edition_pdf.apply(args=(edition.pk,))
    assert client.get(URL + "editions/1/pdf/?status=1").json() == {"state": "ready"}
    assert client.get(URL + "editions/1/pdf/").status_code == 200
    assert "Download this edition as a PDF board paper" in client.get(
        URL + "editions/1/").content.decode()


def test_charts_that_cannot_be_drawn_are_tried_again_then_the_reader_is_told(
        client, gwent, monkeypatch):
    attempts = []

    def no_chromium(source):
        attempts.append(source)
        raise chart_images.ChartsUnavailable("Chromium was not found (test).")

    monkeypatch.setattr(report_editions.pdf, "draw", no_chromium)
    report, _return = publish_small(gwent)  # published all the same: the worker retries
    assert report.editions.count() == 2
    assert edition_jobs.retry_delay(0) < edition_jobs.retry_delay(1)

    response = client.get(URL + "editions/1/pdf/")  # tasks run at once in tests
    assert len(attempts) == 1 + edition_jobs.MAX_RETRIES
    assert response.status_code == 503
    assert "The PDF could not be made" in response.content.decode()
    assert client.get(URL + "editions/1/pdf/?status=1").json() == {"state": "failed"}
    assert not EditionPdf.objects.exists()
