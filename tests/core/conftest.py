import shutil

import pytest

from tests.core.demo import run_demo_steps


@pytest.fixture(scope="session")
def demo_database_once(tmp_path_factory):
    """An SQLite file after the demo's steps ran once (migrated, the shipped report
    imported, the admin account created)."""
    database = tmp_path_factory.mktemp("demo") / "db.sqlite3"
    run_demo_steps(database)
    return database


@pytest.fixture
def demo_database(demo_database_once, tmp_path):
    """A copy of it for one test to change."""
    database = tmp_path / "db.sqlite3"
    shutil.copyfile(demo_database_once, database)
    return database
