"""How long the annual report page takes to render, against a minimal Django page.

Run with ``python -m scripts.benchmark_report`` (``make benchmark``). It builds a
throwaway test database (SQLite in memory, or ``test_<name>`` when DATABASE_URL names a
PostgreSQL database), loads the shipped organisations and reports, signs a staff user
in and requests, through Django's whole middleware stack:

- the report page of every shipped report, and
- a minimal page of the same size: one template, one variable, no database work of its
  own (the session and user lookups every signed-in page makes are still there),

first with the shipped data, then with ten times as many organisations and years, each
organisation reporting every year. Each page and the minimal page are asked in turn,
so load on a shared machine falls on both; it prints their median and p10 times, the
ratios, and the SQL queries of each. A benchmark, not a test: it prints figures and
asserts nothing.
"""

import os
import statistics
import sys
import time
import warnings
from importlib import import_module
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")

import django

django.setup()
# WhiteNoise looks for collected static files, which a benchmark has no use for.
warnings.filterwarnings("ignore", message="No directory at")

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402

from ictreport.core.models import AnnualReport, FinancialYear, Organisation  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REPORTS = sorted((ROOT / "data" / "reports").glob("*.yaml"))
RUNS = int(os.environ.get("BENCHMARK_RUNS", "30"))
WARM_UP = 3
SCALE = 10

_MINIMAL = engines["django"].from_string(
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Minimal</title>"
    "</head><body><main><pre>{{ filler }}</pre></main></body></html>"
)
_minimal_size = {"bytes": 0}


def minimal_page(request):
    """As little as Django can do to send ``_minimal_size`` bytes of HTML."""
    frame = len(_MINIMAL.render({"filler": ""}).encode())
    filler = "x" * max(_minimal_size["bytes"] - frame, 0)
    return HttpResponse(_MINIMAL.render({"filler": filler}, request))


# The site's own patterns as they are (its i18n_patterns cannot be include()d).
MINIMAL_URL = "/benchmark/minimal/"
urlpatterns = [
    path(MINIMAL_URL.strip("/") + "/", minimal_page),
    *import_module(settings.ROOT_URLCONF).urlpatterns,
]


def percentile(times: list[float], fraction: float) -> float:
    """The time ``fraction`` of the way up the sorted times (0.1: the p10)."""
    ordered = sorted(times)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def _timed_get(client: Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    return elapsed


def _queries_and_size(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), len(response.content)


def measure(client: Client, url: str) -> dict:
    """The page at ``url`` against the minimal page padded to its size, asked in turn
    (page, minimal, page, ...) ``RUNS`` times after ``WARM_UP``, so that a change in the
    machine's load falls on both alike. Returns the medians and p10s (ms), the queries
    of one request of each and the page's bytes."""
    queries, size = _queries_and_size(client, url)
    _minimal_size["bytes"] = size
    page_times, minimal_times = [], []
    for run in range(WARM_UP + RUNS):
        page, minimal = _timed_get(client, url), _timed_get(client, MINIMAL_URL)
        if run >= WARM_UP:
            page_times.append(page)
            minimal_times.append(minimal)
    minimal_queries, _size = _queries_and_size(client, MINIMAL_URL)
    return {
        "median": statistics.median(page_times), "p10": percentile(page_times, 0.1),
        "minimal_median": statistics.median(minimal_times),
        "minimal_p10": percentile(minimal_times, 0.1),
        "queries": queries, "minimal_queries": minimal_queries, "bytes": size,
    }


def add_ten_times_the_data():
    """Ten times the organisations and years; every organisation reports every year,
    with the cover and prose of the first shipped report. The sections' figures stay
    as imported: their selectors filter by organisation and year, which the section
    apps' own query pins cover."""
    template = AnnualReport.objects.order_by("pk").first()
    held = sorted(FinancialYear.objects.values_list("start_year", flat=True))
    # The years nearest those held; financial years run from 2000 to 2099.
    extra_years = sorted((y for y in range(2000, 2100) if y not in held),
                         key=lambda y: abs(y - held[-1]))[:(SCALE - 1) * len(held)]
    FinancialYear.objects.bulk_create([FinancialYear(start_year=y) for y in extra_years])
    Organisation.objects.bulk_create([
        Organisation(name=f"Benchmark organisation {n}", slug=f"benchmark-{n}")
        for n in range(Organisation.objects.count() * (SCALE - 1))
    ])
    existing = set(AnnualReport.objects.values_list("organisation_id", "year_id"))
    copies = []
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        for year_id in FinancialYear.objects.values_list("pk", flat=True):
            if (organisation_id, year_id) in existing:
                continue
            copy = AnnualReport.objects.get(pk=template.pk)
            copy.pk, copy.organisation_id, copy.year_id = None, organisation_id, year_id
            copies.append(copy)
    AnnualReport.objects.bulk_create(copies)


def report_rows(client: Client, reports: list[AnnualReport]) -> list[tuple]:
    return [(f"report page {r.get_absolute_url()}", measure(client, r.get_absolute_url()))
            for r in reports]


def print_rows(title: str, rows):
    print(f"\n{title}")
    print(f"  {'page':<44} {'median':>7} {'p10':>7} {'queries':>7} {'bytes':>8} "
          f"{'minimal':>7} {'p10':>7} {'ratio':>6} {'p10':>6}")
    for name, m in rows:
        print(f"  {name:<44} {m['median']:>7.2f} {m['p10']:>7.2f} {m['queries']:>7} "
              f"{m['bytes']:>8,} {m['minimal_median']:>7.2f} {m['minimal_p10']:>7.2f} "
              f"{m['median'] / m['minimal_median']:>5.2f}x "
              f"{m['p10'] / m['minimal_p10']:>5.2f}x")


def held_data() -> str:
    return (f"organisations: {Organisation.objects.count()}, "
            f"years: {FinancialYear.objects.count()}, reports: {AnnualReport.objects.count()}")


def main():
    runner = DiscoverRunner(verbosity=0, interactive=False)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    try:
        with override_settings(
            ROOT_URLCONF=__name__,
            DEBUG=False,
            STORAGES={**settings.STORAGES, "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
        ):
            call_command("loaddata", "organisations", verbosity=0)
            with open(os.devnull, "w") as quiet:
                for report_file in SHIPPED_REPORTS:
                    call_command("import_report", str(report_file), stdout=quiet)
            shipped = list(AnnualReport.objects.select_related("organisation", "year"))
            client = Client()
            # A shared-service administrator: sees every organisation's report.
            client.force_login(get_user_model().objects.create_superuser("benchmark"))
            print(f"Report page benchmark: {connection.vendor} database, median and p10 "
                  f"(ms) of {RUNS} requests after {WARM_UP} to warm up, each followed by "
                  "the minimal page's, through Django's test client (the whole "
                  "middleware stack, no network).")
            print_rows(f"Shipped data: {held_data()}", report_rows(client, shipped))
            add_ten_times_the_data()
            print_rows(f"Ten times the organisations and years: {held_data()}",
                       report_rows(client, shipped))
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()


if __name__ == "__main__":
    main()
