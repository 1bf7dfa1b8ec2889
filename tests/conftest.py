import fcntl
import itertools
import os
import pickle
from pathlib import Path

import pytest
import pytest_django.fixtures as pytest_django_fixtures
from django.conf import settings as django_settings
from django.test.utils import override_settings
from django.utils import translation

from tests.factories import OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REPORT = ROOT / "data" / "reports" / "gwent-police-2019-20.yaml"
TESTS = Path(__file__).resolve().parent

# Markers given by where a test is or what it uses, so that `-m "not pdf and not browser"`
# (make test-fast) leaves out every slow test without each file having to say so.
BROWSER_FIXTURES = {"browser", "live_server", "site_server"}  # "page" is also a parameter name
PDF_FIXTURES = {"board_paper", "pdf_pages"}  # pdf_pages: test_status_marking.py


# Fixtures that reach the database from outside any test's transaction.
OUTSIDE_A_TEST = {"board_paper", "module_db", "migrated_template"}
_databases_for_test = pytest_django_fixtures._get_databases_for_test


def _databases_for_test_or_its_fixtures(test):
    """pytest-django makes the test databases only for the tests it sees asking for one
    (a django_db mark, db, transactional_db, live_server); a test whose data comes from
    a session or module fixture asks too, else those fixtures would reach the real
    database when only such tests run. (A private hook of pytest-django 4: if it is
    renamed, ``module_db`` and ``board_paper`` refuse a database not made for tests.)"""
    databases, serialized = _databases_for_test(test)
    if not databases and OUTSIDE_A_TEST & set(getattr(test, "fixturenames", ())):
        return ("default",), False
    return databases, serialized


pytest_django_fixtures._get_databases_for_test = _databases_for_test_or_its_fixtures


TWO_SERVERS_TEST = "tests/deploy/test_two_servers.py"
_TEMPLATE = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database; on PostgreSQL, when the two-server test is to run,
    also a copy of it taken while it is freshly migrated (before any transactional
    test's flush empties the rows migrations made), which that test's deployment starts
    from instead of migrating an empty database: see ``migrated_template``."""
    from django.db import connection, connections

    wanted = any(item.nodeid.startswith(TWO_SERVERS_TEST) for item in request.session.items)
    settings_dict = connection.settings_dict
    # Only ever a copy of a test database (none is made when no test collected asks).
    if not wanted or connection.vendor != "postgresql" or not str(
            settings_dict["NAME"]).startswith("test_"):
        yield
        return
    template = f"{settings_dict['NAME']}_migrated"
    with django_db_blocker.unblock():
        connections.close_all()  # PostgreSQL copies only a database nobody is using
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
            cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{settings_dict["NAME"]}"')
    request.config.stash[_TEMPLATE] = {
        "name": template, "host": settings_dict.get("HOST") or "localhost",
        "port": int(settings_dict.get("PORT") or 5432)}
    try:
        yield
    finally:
        del request.config.stash[_TEMPLATE]
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


@pytest.fixture
def migrated_template(request):
    """``(host, port, name)`` of the migrated copy ``django_db_setup`` kept, or None
    (SQLite, or the two-server test not collected)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    request.getfixturevalue("django_db_setup")
    kept = request.config.stash.get(_TEMPLATE, None)
    return None if kept is None else (kept["host"], kept["port"], kept["name"])


def require_test_database() -> None:
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("test_") or "memorydb" in name):
        pytest.fail(f"Refusing to load test data into {name}: no test database was made.")


def pytest_collection_modifyitems(config, items):
    # After pytest-django's own ordering (db tests first, then transactional ones).
    for item in items:
        path = Path(str(item.path))
        fixtures = set(getattr(item, "fixturenames", ()))
        if TESTS / "browser" in path.parents or fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if "pdf" in path.stem or fixtures & PDF_FIXTURES:
            item.add_marker(pytest.mark.pdf)
    # Data loaded once per module is flushed after it, with every table (rows made by
    # migrations included), as after a transactional test: such modules run last.
    once = [item for item in items if "module_db" in getattr(item, "fixturenames", ())]
    if once:
        items[:] = [item for item in items if item not in once] + once


def pytest_xdist_make_scheduler(config, log):
    """Under ``pytest -n``, the tests run in the order above on every worker (xdist's
    own schedulers send the biggest files first, which would run a transactional test's
    flush, or a module's, before tests that need the rows migrations made)."""
    from tests.scheduling import InOrderScheduling

    if config.getoption("dist") in {"load", "loadfile"}:
        return InOrderScheduling(config, log)
    return None


_test_caches = itertools.count()


@pytest.fixture(scope="session", autouse=True)
def _isolated_var(tmp_path_factory):
    """Nothing a test does lands in the checkout's var/: the cache, static and media
    folders are the session's own, and so is CACHE_DIR for the manage.py processes some
    tests start."""
    var = tmp_path_factory.mktemp("var")
    with pytest.MonkeyPatch.context() as patch, override_settings(
        VAR_DIR=var,
        STATIC_ROOT=var / "static",
        MEDIA_ROOT=var / "media",
        CACHES={"default": {"BACKEND": "ictreport.core.cache.FileCache",
                            "LOCATION": str(var / "cache" / "session")}},
    ):
        patch.setenv("CACHE_DIR", str(var / "cache" / "processes"))
        yield var


@pytest.fixture(autouse=True)
def _own_cache_per_test(settings, _isolated_var):
    """A file cache of each test's own (made only when it is first written), so no
    cached PDF or page is ever served from another test: ids and data versions repeat
    between tests whose transactions were rolled back."""
    settings.CACHES = {"default": {
        "BACKEND": "ictreport.core.cache.FileCache",
        "LOCATION": str(_isolated_var / "cache" / f"test-{next(_test_caches)}"),
    }}


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language. A Welsh request leaves Welsh
    active in the thread (LocaleMiddleware activates the request's language and nothing
    deactivates it), which would turn a later test's page and lookups Welsh."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories hash a password for every user; the production hasher takes about a
    second each time, which is the point in production and waste in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(settings):
    """Celery tasks run in the test's own thread, never on a broker; a change to a
    report does not draw its PDF (tests/reports/test_pdf_jobs.py turns that on)."""
    from ictreport.celery import app

    app.conf.task_always_eager = True
    settings.PDF_PREPARE_ON_CHANGE = False
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def gwent(db):
    return OrganisationFactory(name="Gwent Police", slug="gwent-police")


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def shipped_report(gwent):
    """The 2019/20 report as shipped in data/, imported through the real command (for a
    module's tests that only need it as it is, once: tests/shared_data.py)."""
    from tests.shared_data import import_shipped_report

    return import_shipped_report()


def made_once_for_all_workers(tmp_path_factory, name: str, make):
    """``make()``, or under ``pytest -n`` what the first worker to ask made (pickled to
    the run's shared temporary folder; the others wait for it), so that e.g. a board
    paper is rendered once in a run, not once a worker."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make()
    shared = tmp_path_factory.getbasetemp().parent
    made = shared / f"{name}.pickle"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released as the file closes
        if made.exists():
            return pickle.loads(made.read_bytes())
        value = make()
        made.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def board_paper(django_db_setup, django_db_blocker, tmp_path_factory):
    """The shipped report's PDF (with a stand-in section: a chart and a long table),
    rendered once for the session (for all its workers): see tests/pdf/board.py."""
    from tests.pdf.board import render_board_paper

    def render():
        with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
            require_test_database()
            return render_board_paper(SHIPPED_REPORT, patch)

    return made_once_for_all_workers(tmp_path_factory, "board-paper", render)
