"""How long the PDF board paper takes: cold, warm and from the cache.

    SECRET_KEY=x .venv/bin/python -m scripts.benchmark_pdf [--repeat 5]

Runs in a fresh SQLite database and cache in a temporary directory (the real database
and var/cache are never touched), with the shipped 2019/20 report imported:

- cold: the first PDF in a new process, cache empty: Chromium starts, every chart is
  drawn, WeasyPrint lays the paper out;
- warm: the same PDF again with the cache emptied first: Chromium is already running;
- cached download: a signed-in GET of /en/reports/<organisation>/<year>/pdf/ once the PDF
  is cached: the whole request, from the URL to the last byte.

Record the output in docs/benchmark-pdf.md.
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REPORT = ROOT / "data" / "reports" / "gwent-police-2019-20.yaml"


def _timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Warm and cached runs to time.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="benchmark-pdf-"))
    try:
        _benchmark(workdir, args.repeat)
    finally:
        shutil.rmtree(workdir)


def _benchmark(workdir: Path, repeat: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ["CACHE_DIR"] = str(workdir / "cache")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    from ictreport.core.models import AnnualReport
    from ictreport.core.sections import Chart
    from ictreport.reports import pdf
    from ictreport.reports.outline import assemble

    # Served by the staticfiles finders, as in development: no collectstatic needed.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.ALLOWED_HOSTS = ["testserver"]
    # WhiteNoise looks for collected static files, which the PDF never uses.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)

    call_command("migrate", verbosity=0)
    call_command("loaddata", "organisations", verbosity=0)
    call_command("import_report", str(SHIPPED_REPORT), stdout=io.StringIO())
    report = AnnualReport.objects.select_related("organisation", "year").get()
    charts = sum(isinstance(b, Chart) for s in assemble(report).sections for b in s.blocks)

    cold, rendered = _timed(lambda: pdf.report_pdf(report))
    pages = len(PdfReader(io.BytesIO(rendered.content)).pages)

    warm = []
    for _ in range(repeat):
        cache.clear()
        seconds, again = _timed(lambda: pdf.report_pdf(report))
        assert not again.from_cache
        warm.append(seconds)

    client = Client()
    # A shared-service administrator: a user in no organisation sees no report.
    client.force_login(get_user_model().objects.create_superuser("benchmark"))
    url = reverse("reports:report_pdf", args=[report.organisation.slug, report.year.slug])
    client.get(url)
    cached = []
    for _ in range(repeat):
        seconds, response = _timed(lambda: client.get(url))
        assert response.status_code == 200 and response.content == rendered.content
        cached.append(seconds)

    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"PDF board paper: {report.organisation.name} {report.year.label}: {pages} pages, "
          f"{charts} charts, {len(rendered.content) / 1024:.0f} KiB")
    if rendered.charts_left_out:
        print(f"  charts left out: {rendered.charts_left_out}")
    print(f"  machine: {os.cpu_count()} CPUs, load average {load}")
    print(f"  cold (Chromium start, charts, layout):   {cold:6.2f} s")
    print(f"  warm (charts and layout), median of {repeat}:  {statistics.median(warm):6.2f} s"
          f"  (min {min(warm):.2f} s)")
    print(f"  cached download (GET {url}), median of {repeat}:"
          f" {statistics.median(cached) * 1000:6.1f} ms  (min {min(cached) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
