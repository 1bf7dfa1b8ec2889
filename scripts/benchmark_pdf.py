"""How long the PDF board paper takes: cold, warm, warm with a changed chart, cached.

    SECRET_KEY=x .venv/bin/python -m scripts.benchmark_pdf [--repeat 5] [--profile FILE]

(``make benchmark-pdf``.) Runs in a fresh SQLite database and cache in a temporary
directory (the real database and var/cache are never touched), with the shipped 2019/20
report imported, and prints:

- cold: the first PDF in a new process, cache empty: Chromium starts, every chart is
  drawn, WeasyPrint lays the paper out;
- warm: the same PDF rendered again (its cached PDF removed) with the charts' drawings
  cached -- the re-render after a change that leaves the charts alone;
- warm, heap not frozen: as warm, with the process's long-lived objects handed back to
  the garbage collector first (``gc.unfreeze``), as every render went before ``pdf.py``
  froze them (``pdf._freeze_long_lived_objects``); frozen again afterwards;
- warm, one chart changed: as warm, but one chart's drawing is not cached (a different
  chart each time), so Chromium draws that one;
- warm, every chart drawn: the cache emptied first, Chromium already running -- how
  every warm render went before the drawings were cached, the baseline of the ratios;
- cached download: a signed-in GET of the PDF's URL once it is cached, the whole request.

Each render is split into assembling the report, the charts, the templates, WeasyPrint's
HTML parse, its layout and its write_pdf (drawing the pages and the PDF/UA tags), timed
by wrapping those functions. Wall-clock medians; the CPU column is this process's own
CPU time (Chromium's is not in it), which the machine's other load disturbs less.
Warm runs take turns, so a change of load falls on every kind alike. ``--profile`` writes
a cProfile of one more warm render. A benchmark, not a test: it prints figures, asserts
only that it measured what it says. Record the output in docs/benchmark-pdf.md.
"""

import argparse
import cProfile
import functools
import gc
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REPORT = ROOT / "data" / "reports" / "gwent-police-2019-20.yaml"
PHASES = ("assemble", "charts", "template", "parse", "layout", "write_pdf")


class Phases:
    """Seconds spent in each phase of a render, by wrapping the functions doing it; a
    phase entered again inside itself (a template including another) counts once."""

    def __init__(self):
        self.seconds = defaultdict(float)
        self._active = set()

    def wrap(self, owner, name: str, phase: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, **kwargs):
            if phase in self._active:
                return original(*args, **kwargs)
            self._active.add(phase)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - started
                self._active.discard(phase)

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        taken, self.seconds = dict(self.seconds), defaultdict(float)
        return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Runs of each warm kind.")
    parser.add_argument("--profile", help="Write a cProfile of one warm render here.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="benchmark-pdf-"))
    try:
        _benchmark(workdir, args.repeat, args.profile)
    finally:
        shutil.rmtree(workdir)


def _benchmark(workdir: Path, repeat: int, profile: str | None) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ["CACHE_DIR"] = str(workdir / "cache")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    import weasyprint
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.template.backends import django as django_templates
    from pypdf import PdfReader

    from ictreport.core import charts as figures
    from ictreport.core.data_version import data_version
    from ictreport.core.models import AnnualReport
    from ictreport.reports import chart_images, pdf
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
    chart_keys = [chart_images.svg_key(figures.figure(chart))
                  for chart in pdf._charts(assemble(report))]
    pdf_key = pdf.pdf_key(report, public=False,
                          version=data_version(report.organisation_id, report.year_id))

    phases = Phases()
    phases.wrap(pdf, "assemble", "assemble")
    phases.wrap(chart_images, "svg_data_uris", "charts")
    phases.wrap(django_templates.Template, "render", "template")
    phases.wrap(weasyprint.HTML, "__init__", "parse")
    phases.wrap(weasyprint.HTML, "render", "layout")
    phases.wrap(weasyprint.document.Document, "write_pdf", "write_pdf")

    def timed_render() -> dict:
        wall, cpu = time.perf_counter(), time.process_time()
        rendered = pdf.report_pdf(report)
        run = {"total": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
               **phases.take()}
        assert not rendered.from_cache and not rendered.charts_left_out, rendered
        run["content"] = rendered.content
        return run

    cold = timed_render()
    assert gc.get_freeze_count(), "the first render froze nothing: nothing to compare"
    content = cold["content"]
    pages = len(PdfReader(io.BytesIO(content)).pages)

    kinds = {"warm": [], "warm, heap not frozen": [], "warm, one chart changed": [],
             "warm, every chart drawn": []}
    for index in range(repeat):
        cache.delete(pdf_key)
        kinds["warm"].append(timed_render())
        cache.delete(pdf_key)
        gc.unfreeze()
        kinds["warm, heap not frozen"].append(timed_render())
        gc.collect()
        gc.freeze()
        cache.delete_many([pdf_key, chart_keys[index % len(chart_keys)]])
        kinds["warm, one chart changed"].append(timed_render())
        cache.clear()
        kinds["warm, every chart drawn"].append(timed_render())
    same = all(run["content"] == content for runs in kinds.values() for run in runs)

    if profile:
        cache.delete(pdf_key)
        profiler = cProfile.Profile()
        profiler.runcall(pdf.report_pdf, report)
        profiler.dump_stats(profile)

    cached = _cached_download(report, content, repeat)

    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"PDF board paper: {report.organisation.name} {report.year.label}: {pages} pages, "
          f"{len(chart_keys)} charts, {len(content) / 1024:.0f} KiB"
          f"{'' if same else ' (the warm PDFs differ from the cold one)'}")
    print(f"  machine: {os.cpu_count()} CPUs, load average {load}; "
          f"warm runs: median of {repeat}")
    baseline = statistics.median(run["total"] for run in kinds["warm, every chart drawn"])
    header = "".join(f"{name:>10}" for name in ("total", "cpu", *PHASES, "ratio"))
    print(f"  {'seconds':26}{header}")
    print(_row("cold", [cold], baseline))
    for name, runs in kinds.items():
        print(_row(name, runs, baseline))
    print(f"  cached download (GET {cached[0]}): median {cached[1] * 1000:.1f} ms"
          f"  (min {cached[2] * 1000:.1f} ms)")
    if profile:
        print(f"  profile of a warm render: {profile}")


def _row(name: str, runs: list[dict], baseline: float) -> str:
    figures = [statistics.median(run.get(column, 0.0) for run in runs)
               for column in ("total", "cpu", *PHASES)]
    cells = "".join(f"{value:10.2f}" for value in figures)
    return f"  {name:26}{cells}{figures[0] / baseline:9.2f}x"


def _cached_download(report, content: bytes, repeat: int) -> tuple[str, float, float]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    client = Client()
    # A shared-service administrator: a user in no organisation sees no report.
    client.force_login(get_user_model().objects.create_superuser("benchmark"))
    url = reverse("reports:report_pdf", args=[report.organisation.slug, report.year.slug])
    client.get(url)
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.content == content
    return url, statistics.median(seconds), min(seconds)


if __name__ == "__main__":
    main()
