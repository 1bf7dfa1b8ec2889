"""How long a large spreadsheet import takes, how many SQL queries it runs and how much
memory it needs.

Run with ``python -m scripts.benchmark_import`` (``make benchmark-import``). It builds a
throwaway test database (SQLite in memory, or ``test_<name>`` when DATABASE_URL names a
PostgreSQL database) holding invented organisations, financial years and service desk
channels, and generates, from a fixed random seed (the same files every run), a file of
the service desk's calls per channel (``organisation, year, period, channel, calls``,
the columns the admin's export writes) as CSV and as XLSX (numbers as numeric cells):

- 10,000 rows: 25 organisations × 10 years × 4 quarters × 10 channels, and
- 1,000 rows: 5 organisations × 5 years × 4 quarters × 10 channels,

so both have ten figures per return and every row creates a figure (and every tenth a
draft return). Each file is imported the way the admin's import does it
(``ictreport.core.import_admin.FigureImportExportAdmin``), by a superuser, in three
steps timed apart:

- read: the upload read within the limits (``ictreport.core.uploads.read_upload``);
- dry run: ``ChannelCallsResource.import_data(dry_run=True)``, rolled back, and the
  preview kept in the database (``ImportPreview``), as the upload step does;
- confirm: the preview taken back, ``import_data`` for real in one transaction
  (``use_transactions``, ``rollback_on_validation_errors``), and the admin's log entries,
  as the confirm step does.

It then does the same through the admin's own two pages with Django's test client
(the upload, whose answer is the line-by-line preview page, then the confirmation), so
the cost of rendering the preview is visible too: with 1,000 rows unless
BENCHMARK_ADMIN_ROWS lists more sizes.

The import's row limit (``IMPORT_MAX_ROWS``, 1,000 unless the environment sets it) is
raised to 10,000 for the run, as a deployment importing such files would set it.

Each measurement runs in a process of its own, on a fresh database: the wall time
(``time.perf_counter``) and the process's peak resident size (``resource.getrusage``'s
``ru_maxrss``) in one, the SQL queries (``django.test.utils.CaptureQueriesContext``,
which records them as DEBUG does) in another, and Python's peak allocations
(``tracemalloc``, which slows Python down) in a third; TIMED and UNTIMED below say
which sizes and formats each covers. A benchmark, not a test: it prints figures and
asserts nothing.
"""

import csv
import io
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.benchmark_import_tables import growth, pages_table, steps_table

SIZES = (1_000, 10_000)
# Organisations and years of each size; every one reports four quarters of CHANNELS.
SHAPES = {1_000: (5, 5), 10_000: (25, 10)}
CHANNELS = ("Telephone", "Self Service", "Email", "Walk-in", "Live Chat", "Portal",
            "Out of Hours", "Text Message", "Social Media", "Letter")
FORMATS = ("csv", "xlsx")
# What is run: the time of both formats; the queries of CSV (the same statements
# whichever format the rows came in); Python's peak allocations of both formats at 1,000
# rows and of CSV at 10,000 (tracemalloc makes that run take many minutes; the XLSX
# file's process RSS is measured with its time); and the admin's pages for CSV at the
# sizes in BENCHMARK_ADMIN_ROWS (1,000 unless set: at 10,000 rows the pages take many
# minutes more).
ADMIN_ROWS = {int(n) for n in os.environ.get("BENCHMARK_ADMIN_ROWS", "1000").split(",") if n}
TIMED = [(size, file_format, "time") for size in SIZES for file_format in FORMATS]
# Longest first. These runs' own times are not reported, so they run BENCHMARK_JOBS
# (default 2) at once, after the timed runs, which run one at a time.
UNTIMED = [
    *[(size, "csv", "memory") for size in reversed(SIZES)],
    *[(size, "csv", "admin") for size in reversed(SIZES) if size in ADMIN_ROWS],
    *[(size, "csv", "queries") for size in reversed(SIZES)],
    (SIZES[0], "xlsx", "memory"),
]
JOBS = int(os.environ.get("BENCHMARK_JOBS", "2"))
LAST_YEAR = 2019
SEED = 20190401
HEADERS = ["organisation", "year", "period", "channel", "calls"]
ROOT = Path(__file__).resolve().parent.parent


def file_rows(size: int) -> list[list]:
    """``size`` rows of calls per channel over SHAPES[size]'s organisations and years."""
    from ictreport.core.periods import year_slug

    organisations, years = SHAPES[size]
    rng = random.Random(SEED)
    rows = [[f"benchmark-{o:02d}", year_slug(year), f"Q{quarter}", channel,
             rng.randint(0, 25_000)]
            for o in range(organisations)
            for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1)
            for quarter in range(1, 5)
            for channel in CHANNELS]
    return rows


def file_content(rows: list[list], file_format: str) -> bytes:
    """The rows as a CSV or XLSX file, its first row the headers."""
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)
        return buffer.getvalue().encode()
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("calls")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _setup(size: int):
    """The organisations, years and channels the rows name, and a superuser."""
    from django.contrib.auth import get_user_model

    from ictreport.core.models import FinancialYear, Organisation
    from servicedesk.models import Channel

    organisations, years = SHAPES[size]
    Organisation.objects.bulk_create(
        Organisation(name=f"Benchmark organisation {o:02d}", slug=f"benchmark-{o:02d}")
        for o in range(organisations))
    FinancialYear.objects.bulk_create(
        FinancialYear(start_year=year) for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    for position, name in enumerate(CHANNELS):
        Channel.objects.create(name=name, position=position, self_service="Self" in name)
    return get_user_model().objects.create_superuser("benchmark")


def _request(user):
    """A request as the admin's confirm step receives it (messages and all)."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().post("/admin/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def import_steps(upload, file_format: str, user, step):
    """The admin's upload and confirm steps, each inside ``step(name)`` (a context
    manager measuring it); the dry run's and the import's results."""
    from django.contrib import admin

    from ictreport.core.previews import ImportPreview
    from ictreport.core.uploads import dataset_from_json, dataset_to_json, read_upload
    from servicedesk.models import ChannelCalls
    from servicedesk.resources import ChannelCallsResource

    model_admin = admin.site._registry[ChannelCalls]
    request = _request(user)
    with step("read"):
        dataset = read_upload(upload, file_format)
    with step("dry run"):
        # FigureImportExportAdmin._dry_run
        checked = ChannelCallsResource(user=user).import_data(
            dataset, dry_run=True, raise_errors=False, file_name=upload.name, user=user,
            **model_admin.get_import_data_kwargs(request=request))
        preview = None
        if not (checked.has_errors() or checked.has_validation_errors()):
            preview = ImportPreview.objects.create_for(
                user=user, model=ChannelCalls, file_name=upload.name,
                file_format=file_format, rows=dataset_to_json(dataset))
    if preview is None:
        return checked, None
    with step("confirm"):
        # FigureImportExportAdmin.process_import, then ImportMixin.process_dataset
        taken = ImportPreview.objects.take(token=preview.token, user=user, model=ChannelCalls)
        imported = ChannelCallsResource(user=user).import_data(
            dataset_from_json(taken.rows), dry_run=False, file_name=taken.file_name,
            user=user, retain_instance_in_row_result=True,
            **model_admin.get_import_data_kwargs(request=request))
        if not (imported.has_errors() or imported.has_validation_errors()):
            model_admin.generate_log_entries(imported, request)
    return checked, imported


def admin_pages(upload, file_format: str, user, step):
    """The same through the admin's pages: the upload (answered with the preview
    page), then the confirmation. The responses' status codes."""
    from django.contrib import admin
    from django.test import Client
    from django.urls import reverse

    from servicedesk.models import ChannelCalls

    formats = [each().get_title() for each in admin.site._registry[ChannelCalls]
               .get_import_formats()]
    client = Client()
    client.force_login(user)
    with step("upload page"):
        preview = client.post(reverse("admin:servicedesk_channelcalls_import"),
                              {"format": formats.index(file_format), "import_file": upload})
    confirm_form = (preview.context or {}).get("confirm_form")
    if confirm_form is None:
        return preview.status_code, None
    with step("confirm page"):
        confirmed = client.post(reverse("admin:servicedesk_channelcalls_process_import"),
                                confirm_form.initial)
    return preview.status_code, confirmed.status_code


def _kind(sql: str) -> str:
    word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
    return word if word in {"SELECT", "INSERT", "UPDATE", "DELETE"} else "other"


def run_one(size: int, file_format: str, measure: str) -> None:
    """One measurement in this process, printed as ``figure\\tstep\\tvalue`` lines."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")
    import django

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    from contextlib import contextmanager

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import override_settings
    from django.test.runner import DiscoverRunner
    from django.test.utils import CaptureQueriesContext

    from servicedesk.models import ChannelCalls, ServiceDeskReturn

    figures: list[tuple[str, str, object]] = []

    @contextmanager
    def step(name):
        if measure == "queries" or measure == "admin":
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                yield
                elapsed = time.perf_counter() - started
            kinds = Counter(_kind(query["sql"]) for query in queries.captured_queries)
            figures.append(("queries", name, len(queries)))
            figures.append(("kinds", name, " ".join(
                f"{kind}={kinds[kind]}" for kind in ("SELECT", "INSERT", "UPDATE", "DELETE",
                                                     "other") if kinds[kind])))
            if measure == "admin":
                figures.append(("seconds", name, f"{elapsed:.2f}"))
        elif measure == "memory":
            tracemalloc.reset_peak()
            held = tracemalloc.get_traced_memory()[0]
            yield
            figures.append(("traced MB", name,
                            f"{(tracemalloc.get_traced_memory()[1] - held) / 2**20:.0f}"))
        else:
            started = time.perf_counter()
            yield
            figures.append(("seconds", name, f"{time.perf_counter() - started:.2f}"))

    runner = DiscoverRunner(verbosity=0, interactive=False)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    # Django keeps the last 9,000 queries only; an import runs more.
    connection.queries_log = deque(maxlen=10_000_000)
    try:
        with override_settings(
            IMPORT_MAX_ROWS=max(SIZES), DEBUG=False,
            STORAGES={**settings.STORAGES, "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        ):
            user = _setup(size)
            content = file_content(file_rows(size), file_format)
            upload = SimpleUploadedFile(f"calls.{file_format}", content)
            figures.append(("file bytes", "", len(content)))
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if measure == "memory":
                tracemalloc.start()
            if measure == "admin":
                outcome = admin_pages(upload, file_format, user, step)
                figures.append(("outcome", "", f"upload {outcome[0]}, confirm {outcome[1]}"))
            else:
                checked, imported = import_steps(upload, file_format, user, step)
                figures.append(("outcome", "", _outcome(checked, imported)))
            if measure == "memory":
                tracemalloc.stop()
            rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            figures.append(("rss MB", "before", f"{rss_before / 1024:.0f}"))
            figures.append(("rss MB", "peak", f"{rss_peak / 1024:.0f}"))
            figures.append(("held", "", f"{ServiceDeskReturn.objects.count()} returns, "
                                        f"{ChannelCalls.objects.count()} figures"))
            figures.append(("database", "", connection.vendor))
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()
    for figure, name, value in figures:
        print(f"{figure}\t{name}\t{value}")


def _outcome(checked, imported) -> str:
    def totals(result):
        return ", ".join(f"{count} {kind}" for kind, count in result.totals.items() if count)

    if imported is None:
        first = next((row for row in checked.invalid_rows), None) or (
            checked.base_errors[:1] or checked.row_errors()[:1])
        return f"dry run refused the file: {first}"
    if imported.has_errors() or imported.has_validation_errors():
        return "import refused the file, nothing imported"
    return f"dry run: {totals(checked)}; import: {totals(imported)}"


def measured(size: int, file_format: str, measure: str) -> dict:
    """One measurement's figures, from a process of its own: {(figure, step): value}."""
    done = subprocess.run(
        [sys.executable, "-m", "scripts.benchmark_import", str(size), file_format, measure],
        capture_output=True, text=True, cwd=ROOT, check=False)
    figures = {}
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            figures[parts[0], parts[1]] = parts[2]
    if done.returncode != 0 or not figures:
        figures["failed", ""] = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return figures


def main():
    load = os.getloadavg()
    print("Import benchmark: the service desk's calls per channel, imported by a superuser "
          "as the admin does it, each measurement in a fresh process and database. Load "
          f"average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on "
          f"{os.cpu_count()} CPUs.")
    results = {}

    def run(key):
        started = time.perf_counter()
        results[key] = measured(*key)
        print(f"  ran {key[0]:,} rows, {key[1]}, {key[2]}: "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    for key in TIMED:
        run(key)
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        list(pool.map(run, UNTIMED))
    first = results[TIMED[0]]
    print(f"Database: {first.get(('database', ''), '?')}.")
    steps_table(results, SIZES, FORMATS)
    pages_table(results, SIZES)
    growth(results, SIZES)
    load = os.getloadavg()
    print(f"\nLoad average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}.")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run_one(int(sys.argv[1]), sys.argv[2], sys.argv[3])
    else:
        main()
