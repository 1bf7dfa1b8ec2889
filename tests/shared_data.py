"""Data built once for a module's tests and rolled back after them, as Django's
``TestCase.setUpTestData`` does: the module's data is written in a transaction of its
own that is never committed, and each test runs inside it in a savepoint of its own
(pytest-django's ``db``), so whatever a test writes is undone before the next one
starts, and the module's data when the module ends. Unlike ``module_db``
(tests/browser/conftest.py) nothing is committed or flushed: tests may write, and
nothing is reordered. Each test gets its own deep copy of the Python objects built.

    _built = built_for_module(make_the_data)

    @pytest.fixture
    def data(db, _built):
        return for_this_test(_built)

The rows are there for every test of the module from the first that asks for them
until the module ends, asked for or not: the module's other tests must not mind them.
Only for tests that run in pytest-django's transaction (``db``): ``for_this_test``
refuses a transactional test, whose flush would empty the module's data.
"""

import copy
import io
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

_builds = itertools.count()


def built_once(django_db_blocker, make: Callable[[], Any], var: Path) -> Iterator[Any]:
    """``make()`` in a transaction left open until the module's last test ends, then
    rolled back. Built with the settings every test has (tests/conftest.py's autouse
    fixtures are per test, so not yet in force here): fast password hashing, no PDF
    drawn on a change, Celery eager, a cache of the build's own, the default language."""
    from ictreport.celery import app
    from tests.conftest import require_test_database

    with django_db_blocker.unblock():
        require_test_database()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                PDF_PREPARE_ON_CHANGE=False,
                CACHES={"default": {
                    "BACKEND": "ictreport.core.cache.FileCache",
                    "LOCATION": str(var / "cache" / f"built-{next(_builds)}")}},
                STORAGES={**settings.STORAGES, "staticfiles": {
                    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
            ), translation.override(settings.LANGUAGE_CODE):
                app.conf.task_always_eager = True
                built = make()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def for_this_test(built: Any) -> Any:
    """The module's data for one test: its own copy of the objects, the rows as the
    module built them (the test is in a savepoint inside the module's transaction)."""
    if len(connection.savepoint_ids) < 1 or not connection.in_atomic_block:
        raise RuntimeError("Module data built once needs a test in a transaction (db), "
                           "not a transactional one.")
    return copy.deepcopy(built)


def built_for_module(make: Callable[[], Any], scope: str = "module"):
    """A module-scoped fixture holding ``built_once(make)`` (or class-scoped: the rows
    are gone once the class's last test ends, for the module's other tests)."""
    @pytest.fixture(scope=scope)
    def fixture(django_db_blocker, _isolated_var):
        yield from built_once(django_db_blocker, make, _isolated_var)
    return fixture


def import_shipped_report():
    """What tests/conftest.py's ``shipped_report`` makes: the 2019/20 report as shipped
    in data/, imported through the real command, for Gwent."""
    from tests.conftest import SHIPPED_REPORT
    from tests.factories import OrganisationFactory

    gwent = OrganisationFactory(name="Gwent Police", slug="gwent-police")
    call_command("import_report", str(SHIPPED_REPORT), stdout=io.StringIO())
    return gwent.reports.get(year_id=2019)


class ShippedReportOnce:
    """A base for a test class whose tests share the shipped report, imported once for
    the class rather than once each (``shipped_report``): each test runs in a savepoint
    of its own, so what it imports or changes is undone after it, and the rows are gone
    before the module's other tests."""

    @pytest.fixture(scope="class")
    @classmethod
    def _shipped_once(cls, django_db_blocker, _isolated_var):
        yield from built_once(django_db_blocker, import_shipped_report, _isolated_var)

    @pytest.fixture
    def shipped_report(self, db, _shipped_once):
        return for_this_test(_shipped_once)
