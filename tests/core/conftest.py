import shutil

import pytest

from tests.conftest import made_once_for_all_workers
from tests.core.demo import run_demo_steps


@pytest.fixture(scope="session")
def demo_database_once(tmp_path_factory):
    """An SQLite file after the demo's steps ran once (migrated, the shipped report
    imported, the admin account created). Made once in a run, for all its workers
    (migrating an empty SQLite file is most of it): nothing changes it, each test
    changes a copy."""

    def make():
        database = tmp_path_factory.mktemp("demo") / "db.sqlite3"
        run_demo_steps(database)
        return database

    return made_once_for_all_workers(tmp_path_factory, "demo-database", make)


@pytest.fixture
def demo_database(demo_database_once, tmp_path):
    """A copy of it for one test to change."""
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(demo_database_once, database)
    return database
