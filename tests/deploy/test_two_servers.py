"""Two gunicorn app servers sharing one PostgreSQL database and Redis, and one Celery
worker (issue 15 item 5): a change made through server A is on server B's report page at
the next request, and B's PDF shows it once the worker has drawn it; no request on
either server draws a PDF (the servers run with PDF_RENDER_OUTSIDE_TASKS=false, so a
render there raises and shows in their logs).

Runs against a database of its own (not the test transaction): a copy of the session's
migrated test database when there is one on the same PostgreSQL (tests/conftest.py),
else an empty one migrated here.
Skipped only outside CI when PostgreSQL or Redis is absent; under CI=true it runs.
"""

import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("TWO_SERVERS_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("TWO_SERVERS_REDIS", "redis://127.0.0.1:6379/9")
REPORT = "/en/reports/gwent-police/2019-20/"
REPORT_FILE = "gwent-police-2019-20.yaml"
NEW_TITLE = "Annual Report – ICT & Digital Services 2019/20 (changed on server A)"


def _reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true"
    and not (_reachable("127.0.0.1", 5432) and _reachable("127.0.0.1", 6379)),
    reason="Needs PostgreSQL and Redis on 127.0.0.1 (CI starts both).")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Form(HTMLParser):
    """The fields of the page's first POST form, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields, self._in_form, self._select, self._textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # The admin's change form (the header's sign-out is a POST form too).
        if tag == "form" and a.get("id", "").endswith("_form") and not self.fields:
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None]
        elif tag == "option" and self._select is not None:
            if "selected" in a or self._select[1] is None:
                self._select[1] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            if self._select[1] is not None:
                self.fields.append(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(self._textarea)
            self._textarea = None


# Static files as collectstatic makes them, into the test's own folder (never the
# checkout's var/), less WhiteNoise's compressed copies: Brotli and gzip at their highest
# levels, of every file and plotly.js most of all, were most of the set-up's time (half a
# minute of CPU), and this test reads none of them (without a .br or .gz WhiteNoise
# serves the file itself).
COLLECT_STATIC = """\
import django
from whitenoise.compress import Compressor

Compressor.compress = lambda self, path: []
django.setup()
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
"""

SETUP = """\
import time
from django.contrib.auth import get_user_model
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.management import call_command
started = time.monotonic()
def step(name):
    print(f"{{name}}: {{time.monotonic() - started:.1f}} s", flush=True)
if {migrate}:
    call_command("migrate", "--noinput", verbosity=0); step("migrate")
call_command("loaddata", "organisations", verbosity=0); step("loaddata")
call_command("import_report", {report!r}); step("import_report")
cache.clear()
u = get_user_model().objects.create_superuser("lead", "", "not-used-pw-1")
s = SessionStore(); s[SESSION_KEY] = str(u.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create()
print("SESSION", s.session_key)
"""


def _create_database(conn, name: str, template: str | None) -> None:
    """The deployment's database: a copy of the session's freshly migrated test
    database when tests/conftest.py kept one (so not migrated again: ``migrate`` would
    find nothing to do), else an empty one for ``migrate`` to build."""
    conn.execute(f"DROP DATABASE IF EXISTS {name}")
    conn.execute(f"CREATE DATABASE {name}" + (f' TEMPLATE "{template}"' if template else ""))


@pytest.fixture
def deployment(tmp_path, migrated_template):
    import psycopg

    name = f"ict_two_servers_{os.getpid()}"
    server = urllib.parse.urlsplit(PG)
    template = migrated_template and migrated_template[2]
    if migrated_template and migrated_template[:2] != (server.hostname, server.port or 5432):
        template = None  # kept on another PostgreSQL server than this test's
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        _create_database(conn, name, template)
    env = {**os.environ, "DATABASE_URL": f"{PG}/{name}", "REDIS_URL": REDIS,
           "SECRET_KEY": "two-servers-test-key", "CELERY_QUEUE": f"two-servers-{os.getpid()}",
           "PDF_DEBOUNCE_SECONDS": "1", "PYTHONUNBUFFERED": "1",
           "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    py = sys.executable

    # Static files are collected while a process of its own makes the database ready
    # (migrate unless it is a copy of a migrated one, the organisations and the shipped
    # report, and a signed-in session) and the Celery worker starts (it reads no static
    # file from STATIC_ROOT, and the database only for a task). The two servers start
    # once the static files are there (WhiteNoise lists them as a server starts); every
    # process reads the database only at the first request, sent once its set-up has
    # finished.
    logs = {"database": tmp_path / "database.log", "worker": tmp_path / "worker.log"}
    database = subprocess.Popen(
        [py, "manage.py", "shell"], cwd=ROOT, env=env, text=True, stdin=subprocess.PIPE,
        stdout=logs["database"].open("w"), stderr=subprocess.STDOUT)
    database.stdin.write(SETUP.format(
        report=str(ROOT / "data" / "reports" / REPORT_FILE), migrate=not template))
    database.stdin.close()  # all there as the shell starts, so it runs it and exits
    procs, ports = [database], []
    try:
        # One worker, none to meet: no mingle (a second's wait for replies), gossip or
        # heartbeat.
        procs.append(subprocess.Popen(
            [str(Path(py).with_name("celery")), "-A", "ictreport", "worker", "--pool=solo",
             "--loglevel=INFO", "--without-mingle", "--without-gossip",
             "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=logs["worker"].open("w"), stderr=subprocess.STDOUT))
        statics = subprocess.run(
            [py, "-c", COLLECT_STATIC], cwd=ROOT, capture_output=True, text=True,
            env={**env, "DJANGO_SETTINGS_MODULE": "ictreport.settings"}, timeout=600)
        assert statics.returncode == 0, statics.stderr[-3000:]
        gunicorn = str(Path(py).with_name("gunicorn"))
        for server in ("a", "b"):
            port = _free_port()
            ports.append(port)
            logs[server] = tmp_path / f"server-{server}.log"
            procs.append(subprocess.Popen(
                [gunicorn, "ictreport.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                 "--timeout", "30", "--access-logfile", "-"],
                cwd=ROOT, env={**env, "PDF_RENDER_OUTSIDE_TASKS": "false"},
                stdout=logs[server].open("w"), stderr=subprocess.STDOUT))
        try:
            database.wait(timeout=600)
        except subprocess.TimeoutExpired:
            pytest.fail("the database's set-up took over 600 s")
        output = logs["database"].read_text()
        assert database.returncode == 0, output[-3000:]
        print(f"database: {f'a copy of {template}' if template else 'migrated here'}\n{output}")
        session_key = re.search(r"SESSION (\w+)", output).group(1)
        for port in ports:
            for _ in range(1200):
                if _reachable("127.0.0.1", port):
                    break
                time.sleep(0.05)
        yield {"a": f"http://127.0.0.1:{ports[0]}", "b": f"http://127.0.0.1:{ports[1]}",
               "session": session_key, "logs": logs}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _opener(base: str, session: str):
    jar = http.cookiejar.CookieJar()
    host = urllib.parse.urlsplit(base).hostname
    jar.set_cookie(http.cookiejar.Cookie(
        0, "sessionid", session, None, False, host, False, False, "/", True, False,
        None, False, None, None, {}))
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _get(opener, url):
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_a_change_on_server_a_is_on_server_b_and_in_its_pdf(deployment):
    started = time.monotonic()
    a, _jar_a = _opener(deployment["a"], deployment["session"])
    b, _ = _opener(deployment["b"], deployment["session"])

    status, page, _ = _get(b, deployment["b"] + REPORT)
    assert status == 200, deployment["logs"]["b"].read_text()[-3000:]
    assert NEW_TITLE.encode() not in page

    # Server A: the report's admin form, posted back with its title changed.
    status, html, _ = _get(a, deployment["a"] + "/en/admin/core/annualreport/")
    assert status == 200, html[:500]
    change = re.search(rb'href="(/en/admin/core/annualreport/\d+/change/)', html).group(1)
    status, html, _ = _get(a, deployment["a"] + change.decode())
    form = _Form()
    form.feed(html.decode())
    # The title is held in both languages: its English box is "title_en".
    fields = [(k, NEW_TITLE if k == "title_en" else v) for k, v in form.fields]
    assert any(k == "title_en" for k, _ in fields)
    fields.append(("_save", "Save"))
    request = urllib.request.Request(
        deployment["a"] + change.decode(), data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": deployment["a"] + change.decode()})
    status, body, _ = _get(a, request)
    assert status == 200, body[:2000]
    assert b"errornote" not in body, re.findall(rb'class="errorlist[^>]*>(.*?)</ul>', body)

    # Server B, next request: the new title.
    status, page, _ = _get(b, deployment["b"] + REPORT)
    assert status == 200 and NEW_TITLE.replace("&", "&amp;").encode() in page

    # Server B's PDF: "being prepared" until the worker has drawn it, then the PDF.
    deadline = time.monotonic() + 120
    seen = set()
    while True:
        status, body, headers = _get(b, deployment["b"] + REPORT + "pdf/")
        seen.add(status)
        if status == 200:
            break
        assert status == 202, body[:1000]
        assert time.monotonic() < deadline, "the worker never drew the PDF"
        time.sleep(0.25)
    assert headers["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    assert PdfReader(io.BytesIO(body)).metadata.title == NEW_TITLE

    for server in ("a", "b"):
        log = deployment["logs"][server].read_text()
        assert "RenderRefused" not in log and "Traceback" not in log, log[-3000:]
    assert "Rendered the PDF of" in deployment["logs"]["worker"].read_text()
    print(f"two-server round trip: {time.monotonic() - started:.1f} s; statuses {seen}")
