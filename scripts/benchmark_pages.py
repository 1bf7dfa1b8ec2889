"""The report page, the overview and a cached PDF download against a minimal Django page
of the same size: same process, same run, signed in.

Run with ``python -m scripts.benchmark_pages`` (``make benchmark``). Like
``scripts.benchmark_report`` it builds a throwaway test database, imports the shipped
reports and signs a superuser in; every page goes through the whole middleware stack
(Django's test client, no network). The minimal page renders one template with one
variable, padded to the size of the page it is compared with; it still loads the
session and the user, as every signed-in page does. Each page is asked once before
timing (the first request fills the cache under the report's data version: that is
the point), then ``BENCHMARK_RUNS`` times, each request followed by the minimal page's
so that the machine's load falls on both alike. Printed: medians and p10s, their
ratios, queries, sizes, for the report page (English and Welsh), the overview, the
cached PDF and every section dashboard, with the shipped data and with ten times the
organisations and years.

``BENCHMARK_PROFILE=1`` also prints a pyinstrument profile of the report page, when
pyinstrument is installed (``BENCHMARK_PROFILE=overview``: of the page so named).
A benchmark, not a test: it prints figures, asserts nothing.
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from ictreport.celery import app as celery_app  # noqa: E402
from ictreport.core import registry  # noqa: E402
from ictreport.core.models import AnnualReport  # noqa: E402
from scripts import benchmark_report as base  # noqa: E402

urlpatterns = base.urlpatterns


def pages(report: AnnualReport) -> list[tuple[str, str]]:
    query = f"?organisation={report.organisation.slug}&year={report.year.slug}"
    kwargs = {"organisation": report.organisation.slug, "year": report.year.slug}
    with translation.override("cy"):
        welsh = report.get_absolute_url()
    return [
        ("report page", report.get_absolute_url()),
        ("report page, Welsh", welsh),
        ("overview", reverse("reports:overview") + query),
        ("cached PDF download", reverse("reports:report_pdf", kwargs=kwargs)),
        *((f"{section.key} dashboard", reverse(section.url_name) + query)
          for section in registry.sections() if section.url_name),
    ]


def compare(client: Client, report: AnnualReport) -> list[tuple]:
    rows = []
    for name, url in pages(report):
        client.get(url)  # fills the cache (renders the PDF once)
        rows.append((name, base.measure(client, url)))
    return rows


def profile(client: Client, url: str):
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("\n(pyinstrument is not installed: no profile)")
        return
    profiler = Profiler(interval=0.0001)
    with profiler:
        for _ in range(base.RUNS):
            client.get(url)
    print(profiler.output_text(unicode=False, color=False, show_all=False))


def main():
    runner = DiscoverRunner(verbosity=0, interactive=False)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    try:
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False, STORAGES={
                **base.settings.STORAGES, "staticfiles": {
                    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
            call_command("loaddata", "organisations", verbosity=0)
            with open(os.devnull, "w") as quiet:
                for report_file in base.SHIPPED_REPORTS:
                    call_command("import_report", str(report_file), stdout=quiet)
            report = (AnnualReport.objects.select_related("organisation", "year")
                      .order_by("-year").first())
            # The first PDF request queues its render: run it in this process, as a
            # worker would, so that the timed requests download the cached PDF.
            celery_app.conf.task_always_eager = True
            client = Client()
            client.force_login(get_user_model().objects.create_superuser("benchmark"))
            print(f"Page benchmark: {connection.vendor} database, "
                  f"{base.settings.CACHES['default']['BACKEND']} cache, median and p10 "
                  f"(ms) of {base.RUNS} requests after {base.WARM_UP} to warm up, each "
                  "followed by the minimal page's, signed in, through Django's test "
                  f"client. Load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}.")
            base.print_rows(f"Shipped data: {base.held_data()}", compare(client, report))
            base.add_ten_times_the_data()
            base.print_rows(f"Ten times the organisations and years: {base.held_data()}",
                       compare(client, report))
            wanted = os.environ.get("BENCHMARK_PROFILE")
            for name, url in pages(report) if wanted else ():
                if wanted == name or (wanted == "1" and name == "report page"):
                    print(f"\nProfile of the {name}, {base.RUNS} requests:")
                    profile(client, url)
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()


if __name__ == "__main__":
    sys.exit(main())
