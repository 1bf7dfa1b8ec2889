"""PDFs are drawn by the worker's task, never in a web request (issue 15 item 3)."""

import datetime

import pytest
from django.conf import settings as settings_module
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

from ictreport.celery import app
from ictreport.core.data_version import ReportDataVersion
from ictreport.core.models import AnnualReport
from ictreport.reports import jobs, pdf, tasks
from ictreport.reports import sweep as sweep_module
from ictreport.reports.pdf import RenderedPdf
from ictreport.reports.sweep import sweep
from tests.pdf import support
from tests.pdf.factories import SectionDataFactory, TableFactory
from tests.shared_data import built_for_module, for_this_test, import_shipped_report

pytestmark = pytest.mark.django_db

URL = "/en/reports/gwent-police/2019-20/pdf/"


@pytest.fixture(autouse=True)
def _own_cache(settings, tmp_path):
    support.use_own_cache(settings, tmp_path)


# The shipped report imported once for the module, not once a test: each test runs in a
# savepoint of its own, so what it writes (titles, statuses, data versions) is undone
# after it (tests/shared_data.py).
_shipped_once = built_for_module(import_shipped_report)


@pytest.fixture
def shipped_report(db, _shipped_once):
    return for_this_test(_shipped_once)


@pytest.fixture
def report(shipped_report, monkeypatch):
    support.use_stand_in_section(
        monkeypatch, SectionDataFactory(blocks=(TableFactory(key="calls"),)), alone=True
    )
    return shipped_report


@pytest.fixture
def queued(monkeypatch):
    """Tasks sent to a broker, as on a server: recorded, not run."""
    app.conf.task_always_eager = False
    sent = []

    def apply_async(task):
        def send(args=(), countdown=None, **kwargs):
            sent.append((task.name, tuple(args), countdown))
        return send

    for task in (tasks.render_report_pdf, tasks.prepare_report_pdf):
        monkeypatch.setattr(task, "apply_async", apply_async(task))
    return sent


class _Drawn(list):
    """The reports drawn; ``languages``: the language each was drawn in."""

    languages: list


@pytest.fixture
def drawn(monkeypatch):
    """Counts the PDFs drawn, with stand-in bytes."""
    calls = _Drawn()

    def render(document, *, edition=None):
        jobs.check_render_allowed()
        calls.append(document.report.pk)
        languages.append(translation.get_language())
        return RenderedPdf(b"%PDF-stand-in " + str(len(calls)).encode())

    languages = []
    monkeypatch.setattr(pdf, "render", render)
    calls.languages = languages
    return calls


def test_a_request_never_draws_the_pdf(staff_client, report, queued, monkeypatch, settings):
    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was drawn inside the request")

    monkeypatch.setattr(pdf, "render", refuse)
    monkeypatch.setattr(pdf.weasyprint, "HTML", refuse)
    response = staff_client.get(URL)
    assert response.status_code == 202
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "The PDF is being prepared" in html
    assert 'role="status" aria-live="polite"' in html
    assert 'href="/en/reports/gwent-police/2019-20/pdf/"' in html  # the Refresh link
    assert "<script>" not in html and 'js/pdf-progress.js' in html  # no inline script
    assert [name for name, _, _ in queued] == ["reports.render_report_pdf"]


def test_many_requests_queue_one_render(staff_client, report, queued):
    for _ in range(3):
        assert staff_client.get(URL).status_code == 202
    assert len(queued) == 1
    assert staff_client.get(URL + "?status=1").json() == {"state": "queued"}


def test_worker_renders_and_the_next_request_downloads(staff_client, report, queued, drawn):
    staff_client.get(URL)
    [(_, args, _)] = queued
    assert tasks.render_report_pdf.run(*args) == "rendered"
    assert staff_client.get(URL + "?status=1").json() == {"state": "ready"}
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert response.content == b"%PDF-stand-in 1"
    # Another worker given the same version draws nothing.
    assert tasks.render_report_pdf.run(*args) == "cached"
    assert drawn == [report.pk]


def test_two_workers_never_draw_the_same_version(report, drawn):
    key = jobs.live_pdf(report).key
    cache.add(jobs.LIVE.lock_key(key), 1, 60)  # another worker holds it
    assert tasks.render_report_pdf.run(report.pk, key) == "locked"
    assert drawn == []


def test_failed_render_is_explained_and_not_retried_at_once(staff_client, report, queued,
                                                           monkeypatch):
    def broken(document, *, edition=None):
        raise RuntimeError("Pango could not lay out the page")

    monkeypatch.setattr(pdf, "render", broken)
    staff_client.get(URL)
    assert tasks.render_report_pdf.run(*queued[0][1]) == "failed"
    response = staff_client.get(URL)
    assert response.status_code == 503
    assert "The PDF could not be made" in response.content.decode()
    assert len(queued) == 1


def test_drawing_outside_a_task_is_refused_on_app_servers(report, settings):
    from ictreport.reports.outline import assemble

    settings.PDF_RENDER_OUTSIDE_TASKS = False
    with pytest.raises(jobs.RenderRefused):
        pdf.render(assemble(report, public=False))


def test_worker_may_draw_when_app_servers_may_not(report, queued, drawn, settings):
    settings.PDF_RENDER_OUTSIDE_TASKS = False
    assert tasks.render_report_pdf.run(report.pk) == "rendered"


# Queued from the data version (issue 15): whatever wrote the change ----------------------


def _later(seconds: float):
    return timezone.now() + datetime.timedelta(seconds=seconds)


def _raw_title(report, title: str) -> None:
    """A change no Python hook sees."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AnnualReport._meta.db_table} SET title = %s WHERE id = %s",
                       [title, report.pk])


@pytest.fixture
def sweeping(settings):
    """Preparing on, and the shipped file's import an hour ago (long swept)."""
    settings.PDF_PREPARE_ON_CHANGE = True
    settings.PDF_DEBOUNCE_SECONDS = 7
    ReportDataVersion.objects.update(changed_at=_later(-3600))  # a table with no trigger


def _prepared(queued):
    return [(args[:3], countdown) for name, args, countdown in queued
            if name == "reports.prepare_report_pdf"]


def test_a_raw_sql_change_queues_its_pdf_once_quiet(report, queued, sweeping, settings):
    _raw_title(report, "Changed by SQL")
    assert sweep() == []  # changed under PDF_DEBOUNCE_SECONDS ago: wait for more
    assert queued == []
    done = sweep(_later(8))
    assert done == [(report.organisation_id, report.year_id, language)
                    for language in jobs.languages()]
    # One per language, the default first, each for the PDF at the new version.
    assert _prepared(queued) == [((report.organisation_id, report.year_id, language), None)
                                 for language in (settings.LANGUAGE_CODE, "cy")]
    english = jobs.live_pdf(report, settings.LANGUAGE_CODE)
    assert queued[0][1][3] == english.key and english.state == jobs.QUEUED


def test_a_burst_of_changes_is_one_render_per_language(report, queued, sweeping):
    for title in ("One", "Two", "Three"):
        report.title = title
        report.save()
        sweep(_later(2))  # each edit within the window of the one before
    assert queued == []
    sweep(_later(8))
    assert len(_prepared(queued)) == 2


def test_one_render_per_version_however_many_sweep(report, queued, drawn, sweeping):
    AnnualReport.objects.filter(pk=report.pk).update(title="Bulk")
    sweep(_later(8))
    cache.delete(sweep_module.SWEPT_KEY)  # another worker's sweep, from scratch
    sweep(_later(8))
    assert len(queued) == 2
    assert [tasks.prepare_report_pdf.run(*args) for _, args, _ in queued] == [
        "rendered", "rendered"]
    # Cached now: a sweep over the same change queues nothing.
    cache.delete(sweep_module.SWEPT_KEY)
    assert sweep(_later(8)) == []
    # The next change is the next version: queued again.
    _raw_title(report, "Changed after the render")
    assert len(sweep(_later(16))) == 2
    assert len(drawn) == 2 and len(queued) == 4


def test_an_unchanged_write_queues_nothing(report, queued, sweeping):
    AnnualReport.objects.filter(pk=report.pk).update(title=report.title)
    assert sweep(_later(8)) == [] and queued == []


def test_only_the_changed_year_is_queued(report, queued, sweeping):
    from tests.factories import AnnualReportFactory, FinancialYearFactory

    other = AnnualReportFactory(organisation=report.organisation,
                                year=FinancialYearFactory(start_year=2020))
    sweep(_later(8))
    assert {args[1] for _, args, _ in queued} == {other.year_id}


def test_a_shared_change_queues_each_organisations_latest_report(report, queued, sweeping):
    from servicedesk.models import Channel

    Channel.objects.filter(pk=Channel.objects.first().pk).update(name="Renamed")
    sweep(_later(8))
    assert {args[:2] for _, args, _ in queued} == {(report.organisation_id, report.year_id)}


def test_nothing_is_swept_when_preparing_is_off(report, queued, settings):
    settings.PDF_PREPARE_ON_CHANGE = False
    _raw_title(report, "Changed by SQL")
    assert sweep(_later(60)) == [] and queued == []


def test_the_beat_runs_the_sweep():
    entry = settings_module.CELERY_BEAT_SCHEDULE["queue-changed-pdfs"]
    assert entry["task"] == tasks.queue_changed_pdfs.name
    assert entry["schedule"] == settings_module.PDF_SWEEP_SECONDS


def test_a_broker_that_is_down_gives_the_page_not_a_500(staff_client, report, monkeypatch):
    app.conf.task_always_eager = False

    def down(*args, **kwargs):
        raise ConnectionRefusedError("no broker")

    monkeypatch.setattr(tasks.render_report_pdf, "apply_async", down)
    response = staff_client.get(URL)
    assert response.status_code == 202
    # Not marked queued: the next request tries again.
    assert staff_client.get(URL + "?status=1").json() == {"state": "queued"}


def test_eager_tasks_run_in_tests(staff_client, report, drawn):
    response = staff_client.get(URL)
    assert response.status_code == 200 and response.content == b"%PDF-stand-in 1"


# Each language's PDF apart (issue 16 item 5) --------------------------------------------


def _welsh_pdf(client, **params):
    return client.get(support.welsh_url("reports:report_pdf", organisation="gwent-police",
                                        year="2019-20"), params, **support.WELSH)


def test_a_welsh_request_never_draws_and_queues_the_welsh_pdf(staff_client, report, queued,
                                                              monkeypatch, settings):
    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was drawn inside the request")

    monkeypatch.setattr(pdf, "render", refuse)
    monkeypatch.setattr(pdf.weasyprint, "HTML", refuse)
    response = _welsh_pdf(staff_client)
    assert response.status_code == 202
    assert response["Content-Language"] == "cy"
    [(name, (report_id, key, language), _)] = queued
    assert (name, report_id, language) == ("reports.render_report_pdf", report.pk, "cy")
    english = jobs.live_pdf(report, settings.LANGUAGE_CODE).key
    assert key == jobs.live_pdf(report, "cy").key != english


def test_the_worker_draws_each_language_under_it(staff_client, report, queued, drawn):
    _welsh_pdf(staff_client)
    staff_client.get(URL)
    assert [args[2] for _, args, _ in queued] == ["cy", translation.get_language()]
    for _, args, _ in queued:
        assert tasks.render_report_pdf.run(*args) == "rendered"
    assert drawn.languages == ["cy", translation.get_language()]
    # Each download is its own language's PDF, not the other's.
    welsh, english = _welsh_pdf(staff_client), staff_client.get(URL)
    assert welsh.content == b"%PDF-stand-in 1" and english.content == b"%PDF-stand-in 2"
    assert welsh["Content-Disposition"].endswith('-cy.pdf"')
    assert _welsh_pdf(staff_client, status=1).json() == {"state": "ready"}


def test_the_welsh_pdf_being_prepared_says_so_in_welsh(staff_client, report, queued):
    html = _welsh_pdf(staff_client).content.decode()
    assert '<html lang="cy"' in html
    assert "The PDF is being prepared" not in html
    assert "Mae’r PDF yn cael ei baratoi" in html


def test_a_task_queued_without_a_language_draws_the_default(report, drawn, settings):
    assert tasks.render_report_pdf.run(report.pk) == "rendered"
    assert tasks.prepare_report_pdf.run(report.organisation_id, report.year_id) == "cached"
    assert drawn.languages == [settings.LANGUAGE_CODE]


def test_a_sign_off_step_queues_every_language_at_once(report, queued, sweeping, settings,
                                                       django_capture_on_commit_callbacks):
    from ictreport.core import workflow
    from ictreport.core.models import ReportStatus
    from tests.editions.factories import approver_of

    approver = approver_of(report.organisation)
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.report_reopen(report=report, user=approver, reason="A late correction.")
    assert queued == [] and callbacks  # nothing before the transaction commits
    for callback in callbacks:
        callback()
    assert [(args[2], countdown) for _, args, countdown in queued] == [
        (settings.LANGUAGE_CODE, None), ("cy", None)]
    # The sweep that follows finds the step's change already queued.
    assert sweep(_later(60)) == []
