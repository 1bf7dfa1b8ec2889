"""How long an extract takes to read and compute, and how much memory it needs.

Run with ``python -m scripts.benchmark_extracts``. It generates, from a fixed random
seed (the same files every run):

- a service desk extract of 100,000 tickets (about a year for a force of 7,000 staff),
  the default columns ``reference, logged_at, channel, first_contact, tier,
  resolved_at``, and
- a finance ledger of 200,000 transactions, ``date, account, amount``, over 40 mapped
  accounts and 2 unmapped ones, about one in ten a credit,

both as CSV, and for each prints the time to read the file into a frame
(``ictreport.core.extracts.read_frame``: the upload limits, decoding, the CSV parser)
and to compute the year's quarterly figures from it (the kind's ``compute``: parsing,
validation and the pandas aggregation), with the peak memory of each: Python's own
allocations as ``tracemalloc`` counts them (numpy and pandas report theirs to it), and
the process's peak resident size (``resource.getrusage``'s ``ru_maxrss``). Each kind runs
in a process of its own, so one kind's peak is not the other's. Times are the best of
``BENCHMARK_RUNS`` (default 3) runs without ``tracemalloc``, which slows Python down;
memory is measured in one more run with it.

The goal (issue 18): at most 10 s and 500 MB for each. The database is a throwaway test
database, holding the shipped organisations and the 2019/20 report (its channels, tiers
and budget lines). A benchmark, not a test: it prints figures and asserts nothing.
"""

import csv
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

KINDS = ("servicedesk-tickets", "finance-ledger")
TICKETS = 100_000
LEDGER_LINES = 200_000
SEED = 20190401
RUNS = int(os.environ.get("BENCHMARK_RUNS", "3"))
ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REPORT = ROOT / "data" / "reports" / "gwent-police-2019-20.yaml"
GOAL_SECONDS, GOAL_MB = 10, 500


def ticket_rows(channels, tiers, count=TICKETS):
    """``count`` tickets logged through 2019/20, each resolved within a few days (one in
    twenty still open), in an order a tool's export would give them."""
    rng = random.Random(SEED)
    start = datetime(2019, 4, 1)
    seconds = int((datetime(2020, 3, 31, 23, 59) - start).total_seconds())
    rows = []
    for n in range(count):
        logged = start + timedelta(seconds=rng.randrange(seconds))
        open_ = rng.random() < 0.05
        resolved = "" if open_ else (logged + timedelta(
            minutes=rng.randint(1, 5 * 24 * 60))).strftime("%Y-%m-%d %H:%M")
        rows.append((f"INC{n:07d}", logged.strftime("%Y-%m-%d %H:%M"),
                     rng.choice(channels), rng.choice(("yes", "no", "yes")),
                     rng.choice([*tiers, ""]), resolved))
    rows.sort(key=lambda row: row[1])
    return ["reference", "logged_at", "channel", "first_contact", "tier", "resolved_at"], rows


def ledger_rows(accounts, count=LEDGER_LINES):
    """``count`` transactions through 2019/20 over ``accounts`` and two unmapped codes."""
    rng = random.Random(SEED)
    start = datetime(2019, 4, 1)
    codes = [*accounts, "SUSPENSE", "9999"]
    rows = []
    for _ in range(count):
        day = start + timedelta(days=rng.randrange(366))
        pence = rng.randint(1, 2_500_000) * (-1 if rng.random() < 0.1 else 1)
        amount = f"{pence / 100:,.2f}" if pence > 0 else f"-{-pence / 100:,.2f}"
        date_text = day.strftime("%Y-%m-%d") if rng.random() < 0.7 else day.strftime(
            "%d/%m/%Y")
        rows.append((date_text, rng.choice(codes), amount))
    return ["date", "account", "amount"], rows


def write_csv(path: Path, headers, rows) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path.stat().st_size


def _setup(kind_key):
    """The reference data the kind reads, and the generated file's headers and rows."""
    from django.core.management import call_command

    from finance.models import AccountMapping, BudgetLine
    from ictreport.core.models import FinancialYear, Organisation
    from servicedesk.models import Channel, ServiceTier

    with open(os.devnull, "w") as quiet:
        call_command("loaddata", "organisations", verbosity=0)
        call_command("import_report", str(SHIPPED_REPORT), stdout=quiet)
    organisation = Organisation.objects.get(slug="gwent-police")
    year = FinancialYear.objects.get(start_year=2019)
    if kind_key == "servicedesk-tickets":
        for hours, tier in zip((2, 4, 8, 24), ServiceTier.objects.order_by("position"),
                               strict=False):
            if tier.resolution_hours is None:
                tier.resolution_hours = hours
                tier.resolution_target = 90
                tier.save()
        headers, rows = ticket_rows(list(Channel.objects.values_list("name", flat=True)),
                                    list(ServiceTier.objects.values_list("name", flat=True)))
    else:
        lines = list(BudgetLine.objects.filter(organisation=organisation))
        accounts = [f"CC{n:04d}" for n in range(40)]
        AccountMapping.objects.bulk_create(
            AccountMapping(organisation=organisation, account=code, line=lines[n % len(lines)])
            for n, code in enumerate(accounts))
        headers, rows = ledger_rows(accounts)
    return organisation, year, headers, rows


def _phases(kind, path, organisation, year):
    from ictreport.core.extracts import read_frame

    started = time.perf_counter()
    frame = read_frame(path, columns=kind.columns, mapping={})
    read = time.perf_counter() - started
    started = time.perf_counter()
    result = kind.compute(frame, organisation=organisation, year=year)
    computed = time.perf_counter() - started
    return frame, result, read, computed


def run_one(kind_key: str) -> None:
    """Benchmark one kind (in this process) and print one line of figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")
    import django

    django.setup()
    from django.test.runner import DiscoverRunner

    from ictreport.core.extracts import get_kind

    runner = DiscoverRunner(verbosity=0, interactive=False)
    runner.setup_test_environment()
    old_config = runner.setup_databases()
    try:
        kind = get_kind(kind_key)
        organisation, year, headers, rows = _setup(kind_key)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{kind_key}.csv"
            size = write_csv(path, headers, rows)
            del rows
            baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            reads, computes = [], []
            for _ in range(RUNS):
                frame, result, read, computed = _phases(kind, path, organisation, year)
                reads.append(read)
                computes.append(computed)
                del frame
            tracemalloc.start()
            from ictreport.core.extracts import read_frame

            frame = read_frame(path, columns=kind.columns, mapping={})
            read_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            held_before = tracemalloc.get_traced_memory()[0]
            kind.compute(frame, organisation=organisation, year=year)
            compute_peak = tracemalloc.get_traced_memory()[1] - held_before
            tracemalloc.stop()
            peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"{kind_key}\t{len(frame)}\t{size}\t{min(reads):.2f}\t{min(computes):.2f}\t"
              f"{read_peak / 2**20:.0f}\t{compute_peak / 2**20:.0f}\t"
              f"{baseline_rss / 1024:.0f}\t{peak_rss / 1024:.0f}\t{result.rows}\t"
              f"{len(result.rejections)}\t{len(result.quarters)}")
    finally:
        runner.teardown_databases(old_config)
        runner.teardown_test_environment()


def main():
    print(f"Extract benchmark: best of {RUNS} runs for the times; tracemalloc peaks from one "
          "more run; peak RSS of the kind's own process (ru_maxrss). Goal: at most "
          f"{GOAL_SECONDS} s and {GOAL_MB} MB each.")
    print()
    header = ("| extract | rows | CSV size | read (s) | compute (s) | read + compute (s) | "
              "peak traced: read / compute (MB) | process RSS before → peak (MB) | "
              "rejected | quarters |")
    print(header)
    print("|" + " --- |" * 10)
    for key in KINDS:
        done = subprocess.run([sys.executable, "-m", "scripts.benchmark_extracts", key],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        lines = [line for line in done.stdout.splitlines() if line.startswith(key + "\t")]
        if done.returncode != 0 or not lines:
            print(f"| {key} | failed: {done.stderr.strip().splitlines()[-1:]} |")
            continue
        (_key, rows, size, read, compute, read_mb, compute_mb, rss_before, rss_peak,
         _read_rows, rejected, quarters) = lines[0].split("\t")
        total = float(read) + float(compute)
        print(f"| {key} | {int(rows):,} | {int(size) / 2**20:.1f} MB | {read} | {compute} | "
              f"{total:.2f} | {read_mb} / {compute_mb} | {rss_before} → {rss_peak} | "
              f"{rejected} | {quarters} |")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run_one(sys.argv[1])
    else:
        main()
