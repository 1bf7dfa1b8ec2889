"""A bounded loopback load against gunicorn as docs/deploy.md runs it: 32 signed-in
clients for 60 s over the overview, the report page and each section's dashboard, then
the same with the PDF download in the mix.

Run with ``python -m scripts.benchmark_load`` (``make benchmark-load``). It builds a
throwaway PostgreSQL database (``ictreport_bench_load`` on 127.0.0.1:5432, user
postgres; SQLite in a temporary folder when PostgreSQL does not answer), migrates,
loads the organisations, imports ``data/reports/gwent-police-2019-20.yaml``, creates a
superuser and a session for it, starts one Celery worker (Redis db 7 as the broker and
the cache when Redis answers, else the filesystem transport and file cache, as
``scripts/serve.sh``) and gunicorn (``--workers 2×cores+1 --timeout 30``,
``PDF_RENDER_OUTSIDE_TASKS=false``) on a free loopback port, warms every page and the
PDF, and runs the two loads. Both servers are stopped (their process groups), and the
database dropped, at the end or on Ctrl-C.

First one client asks the whole mix for 10 s (what a request costs with no queue).
Printed per kind of URL and overall: requests, requests/s, p50/p95/p99 in ms, errors
(any status but 200, any exception or timeout), and how much the pages' p95 changed
when the PDF joined the mix. ``BENCHMARK_SECONDS`` shortens (or lengthens) each run,
``BENCHMARK_CLIENTS`` changes the 32. A benchmark, not a test: it prints figures,
asserts nothing.
"""

import http.client
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = float(os.environ.get("BENCHMARK_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCHMARK_CLIENTS", "32"))
TIMEOUT = 30  # a client's wait for one response, as gunicorn's --timeout
WORKERS = 2 * (os.cpu_count() or 1) + 1
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
PG_DATABASE = "ictreport_bench_load"
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 7
REPORT_FILE = ROOT / "data" / "reports" / "gwent-police-2019-20.yaml"
ORGANISATION, YEAR = "gwent-police", "2019-20"
PDF_KIND = "PDF"


class Stop(Exception):
    """SIGTERM: stop as Ctrl-C does (servers stopped, database dropped)."""


def _on_sigterm(signum, frame):
    raise Stop


# --- the services --------------------------------------------------------------------

def postgres_answers() -> bool:
    try:
        import psycopg
        with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres",
                             connect_timeout=3):
            return True
    except Exception as exc:
        print(f"PostgreSQL on {PG_HOST}:{PG_PORT} does not answer ({exc}); using SQLite.")
        return False


def postgres_admin(sql: str):
    import psycopg
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres",
                         autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError as exc:
        print(f"Redis on {REDIS_HOST}:{REDIS_PORT} does not answer ({exc}); "
              "using the file cache and the filesystem broker.")
        return False


def forget(version: int | None, queue: str):
    """Delete what this run left in Redis (a shared database): the cache entries under
    its report's data version, and its queue."""
    try:
        import redis
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB,
                             socket_timeout=5)
        patterns = [f"*{queue}"] + ([f"*:{version}:*"] if version else [])
        names = [name for pattern in patterns for name in client.scan_iter(match=pattern)]
        if names:
            client.delete(*names)
    except Exception as exc:
        print(f"Could not delete this run's keys from Redis db {REDIS_DB}: {exc}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A server in a process group of its own (Ctrl-C in the terminal does not reach it:
    ``stop`` does), its output in ``log``."""
    with open(log, "ab") as out:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def stop(process: subprocess.Popen | None, name: str):
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # gunicorn and celery stop gracefully
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop within 30 s: killed.")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


# --- HTTP ----------------------------------------------------------------------------

def get(conn: http.client.HTTPConnection, url: str, cookie: str) -> tuple[int, str, int]:
    conn.request("GET", url, headers={"Cookie": cookie})
    response = conn.getresponse()
    body = response.read()
    return response.status, response.getheader("Content-Type", ""), len(body)


def wait_for(port: int, url: str, cookie: str, *, want_pdf: bool, seconds: float,
             process: subprocess.Popen) -> tuple[int, str, float]:
    """Ask ``url`` until it gives 200 (and a PDF, when ``want_pdf``), at most ``seconds``."""
    started = time.monotonic()
    status, kind = 0, ""
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn ended (exit code {process.returncode}).")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            status, kind, _size = get(conn, url, cookie)
        except OSError:
            status, kind = 0, ""
        finally:
            conn.close()
        if status == 200 and (not want_pdf or kind.startswith("application/pdf")):
            break
        time.sleep(0.5)
    return status, kind, time.monotonic() - started


# --- the load ------------------------------------------------------------------------

def client(index: int, port: int, mix: list[tuple[str, str]], cookie: str, until: float,
           results: list):
    """One client: its own connection, round the mix from its own starting point until
    ``until``. Appends (kind, ms, outcome) to ``results`` (a list's append is atomic)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    position = index % len(mix)
    try:
        while time.monotonic() < until:
            kind, url = mix[position]
            position = (position + 1) % len(mix)
            began = time.perf_counter()
            try:
                status, _type, _size = get(conn, url, cookie)
                outcome = status
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__  # a timeout, a reset, a bad response
                conn.close()  # the next request opens a new connection
            results.append((kind, (time.perf_counter() - began) * 1000, outcome))
    finally:
        conn.close()


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def run(port: int, mix: list[tuple[str, str]], cookie: str, *, clients: int = CLIENTS,
        seconds: float = SECONDS) -> tuple[list, float, str]:
    results: list = []
    at_start = load_average()
    began = time.monotonic()
    until = began + seconds
    threads = [threading.Thread(target=client, args=(i, port, mix, cookie, until, results),
                                daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - began, at_start


def percentile(sorted_ms: list[float], p: float) -> float:
    """The nearest-rank percentile."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_ms)))
    return sorted_ms[rank - 1]


def summary(results: list, elapsed: float) -> dict:
    durations = sorted(ms for _kind, ms, _outcome in results)
    outcomes = Counter(outcome for _kind, _ms, outcome in results)
    return {
        "requests": len(results), "per_second": len(results) / elapsed,
        "p50": percentile(durations, 50), "p95": percentile(durations, 95),
        "p99": percentile(durations, 99),
        "mean": statistics.fmean(durations) if durations else float("nan"),
        "errors": sum(n for outcome, n in outcomes.items() if outcome != 200),
        "outcomes": outcomes,
    }


def report(title: str, results: list, elapsed: float, at_start: str, kinds: list[str],
           clients: int = CLIENTS) -> dict:
    by_kind = defaultdict(list)
    for row in results:
        by_kind[row[0]].append(row)
    pages = [row for row in results if row[0] != PDF_KIND]
    rows = [(kind, summary(by_kind[kind], elapsed)) for kind in kinds if by_kind[kind]]
    if any(kind == PDF_KIND for kind in by_kind):
        rows.append(("all pages (no PDF)", summary(pages, elapsed)))
    rows.append(("overall", summary(results, elapsed)))
    who = f"{clients} clients" if clients > 1 else "one client"
    print(f"\n{title}: {who}, {elapsed:.1f} s; load average {at_start} at the start, "
          f"{load_average()} at the end")
    print(f"  {'URL kind':<24} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'errors':>6}  outcomes")
    for kind, s in rows:
        outcomes = ", ".join(f"{k}: {n}" for k, n in sorted(s["outcomes"].items(), key=str))
        print(f"  {kind:<24} {s['requests']:>8} {s['per_second']:>7.1f} {s['p50']:>8.1f} "
              f"{s['p95']:>8.1f} {s['p99']:>8.1f} {s['errors']:>6}  {outcomes}")
    return {"pages": summary(pages, elapsed), "overall": rows[-1][1]}


# --- set-up --------------------------------------------------------------------------

def environment(tmp: Path, *, use_postgres: bool, use_redis: bool) -> dict:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.update({
        "DATABASE_URL": (f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DATABASE}"
                         if use_postgres else f"sqlite:///{tmp / 'db.sqlite3'}"),
        "MEDIA_ROOT": str(tmp / "media"),
        # A queue of this run's own, so no other worker on this Redis takes its tasks.
        "CELERY_QUEUE": f"bench-load-{os.getpid()}",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
    })
    if use_redis:
        env["REDIS_URL"] = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
    else:
        env.pop("REDIS_URL", None)
        env["CACHE_DIR"] = str(tmp / "cache")
        env["CELERY_QUEUE_DIR"] = str(tmp / "celery")
    return env


def build_database() -> tuple[str, list[tuple[str, str]], int]:
    """Migrate, load, import, sign in: the session cookie, the mix of pages and the
    report's data version (which every cache key of this run holds)."""
    import django
    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import translation

    from ictreport.core import registry
    from ictreport.core.data_version import data_version
    from ictreport.core.models import AnnualReport

    with open(os.devnull, "w") as quiet:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("loaddata", "organisations", verbosity=0)
        call_command("import_report", str(REPORT_FILE), stdout=quiet)
    user = get_user_model().objects.create_superuser("benchmark-load")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()

    query = f"?organisation={ORGANISATION}&year={YEAR}"
    report_kwargs = {"organisation": ORGANISATION, "year": YEAR}
    with translation.override("en"):
        mix = [("overview", reverse("reports:overview") + query),
               ("report page", reverse("reports:report", kwargs=report_kwargs))]
        mix += [(f"dashboard {section.key}", reverse(section.url_name) + query)
                for section in registry.sections() if section.url_name]
        pdf = (PDF_KIND, reverse("reports:report_pdf", kwargs=report_kwargs))
    report = next(r for r in AnnualReport.objects.filter(organisation__slug=ORGANISATION)
                  .select_related("year") if r.year.slug == YEAR)
    version = data_version(report.organisation_id, report.year_id)
    from django.db import connections
    connections.close_all()
    return f"sessionid={session.session_key}", [*mix, pdf], version


def main():
    signal.signal(signal.SIGTERM, _on_sigterm)
    # Ctrl-C stops it even when started in the background by a shell that ignores it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    tmp = Path(tempfile.mkdtemp(prefix="ictreport-bench-load-"))
    use_postgres = postgres_answers()
    use_redis = redis_answers()
    env = environment(tmp, use_postgres=use_postgres, use_redis=use_redis)
    worker = web = version = None
    created = False
    try:
        if use_postgres:
            postgres_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            postgres_admin(f"CREATE DATABASE {PG_DATABASE}")
            created = True
        # The settings read the environment once, when Django is set up here; the
        # import queues no PDF (the warm-up below asks for the one the load reads).
        os.environ.update(env, PDF_PREPARE_ON_CHANGE="false")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictreport.settings")
        if not use_redis:
            os.environ.pop("REDIS_URL", None)
        set_up = time.monotonic()
        cookie, mix, version = build_database()
        pages = mix[:-1]
        database = f"PostgreSQL {PG_DATABASE}" if use_postgres else f"SQLite in {tmp}"
        shared = f"Redis db {REDIS_DB}" if use_redis else "file cache, filesystem broker"
        print(f"Database built in {time.monotonic() - set_up:.1f} s: {database}; {shared}.")

        worker = start([str(BIN / "celery"), "-A", "ictreport", "worker", "--pool=solo",
                        "--loglevel=INFO"], env, tmp / "worker.log")
        port = free_port()
        web = start([str(BIN / "gunicorn"), "ictreport.wsgi", "--bind", f"127.0.0.1:{port}",
                     "--workers", str(WORKERS), "--timeout", str(TIMEOUT)],
                    {**env, "PDF_RENDER_OUTSIDE_TASKS": "false"}, tmp / "gunicorn.log")
        print(f"gunicorn: {WORKERS} workers on 127.0.0.1:{port} (logs in {tmp}).")

        print("Warming up (each page once, then the PDF until the worker has drawn it):")
        for kind, url in mix:
            status, content_type, waited = wait_for(
                port, url, cookie, want_pdf=kind == PDF_KIND,
                seconds=180 if kind == PDF_KIND else 60, process=web)
            print(f"  {kind:<24} {status} {content_type.split(';')[0]:<16} "
                  f"{waited:6.1f} s  {url}")

        # What one request costs with no queue: one client, the whole mix, a few rounds.
        report("Baseline, one client, pages and the PDF",
               *run(port, mix, cookie, clients=1, seconds=min(10.0, SECONDS)),
               kinds=[kind for kind, _url in mix], clients=1)
        first = report("Run 1, pages only", *run(port, pages, cookie),
                       kinds=[kind for kind, _url in pages])
        second = report("Run 2, pages and the PDF", *run(port, mix, cookie),
                        kinds=[kind for kind, _url in mix])
        before, after = first["pages"]["p95"], second["pages"]["p95"]
        print(f"\nPages' p95: {before:.1f} ms without the PDF, {after:.1f} ms with it "
              f"({after - before:+.1f} ms, {(after / before - 1) * 100:+.0f}%).")
        print(f"Errors: {first['overall']['errors']} in run 1, "
              f"{second['overall']['errors']} in run 2.")
    except (KeyboardInterrupt, Stop):
        print("\nInterrupted: stopping.")
    finally:
        stop(web, "gunicorn")
        stop(worker, "The Celery worker")
        if created:
            try:
                postgres_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            except Exception as exc:
                print(f"Could not drop {PG_DATABASE}: {exc}")
        if use_redis:
            forget(version, env["CELERY_QUEUE"])
        if os.environ.get("BENCHMARK_KEEP_LOGS"):
            print(f"Logs kept in {tmp}.")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
