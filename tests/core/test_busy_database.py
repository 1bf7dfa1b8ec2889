"""Two saves at once on the demo's SQLite file: the second waits for the first, and a
save that cannot get the write lock in time gets "busy, please try again" (503), never
a 500. Each writer is its own process, as gunicorn's workers are."""

import json
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager

from tests.conftest import ROOT
from tests.core.demo import demo_environment


def start_writers(database, *years: int, busy_timeout: float | None = None):
    """One writer a year, started together (each takes seconds to start Django and
    sign in); returned once every one is ready."""
    extra = [str(busy_timeout)] if busy_timeout is not None else []
    processes = [subprocess.Popen(
        [sys.executable, "-m", "tests.core.sqlite_writer", str(year), *extra], cwd=ROOT,
        env=demo_environment(database), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    ) for year in years]
    for process in processes:
        line = process.stdout.readline()
        assert line.strip() == "ready", process.communicate(timeout=60)[1]
    return processes


def go(*writers) -> None:
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()


def result(writer) -> dict:
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    return {**json.loads(out.strip().splitlines()[-1]), "log": err}


@contextmanager
def another_save(database):
    """Another connection holding SQLite's write lock, as a long save does."""
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def years(database) -> set[int]:
    with sqlite3.connect(database) as connection:
        return {y for (y,) in connection.execute("SELECT start_year FROM core_financialyear")}


def test_the_demo_database_uses_write_ahead_logging(demo_database):
    with sqlite3.connect(demo_database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_saves_meeting_a_busy_database_wait_for_it_and_succeed(demo_database):
    writers = start_writers(demo_database, 2031, 2032)
    with another_save(demo_database):
        go(*writers)
        # Longer than SQLite's default busy timeout (5 s), which failed the second save.
        time.sleep(6)
        assert [w.poll() for w in writers] == [None, None]  # both waiting for the lock
        assert not years(demo_database) & {2031, 2032}  # WAL: reading is not blocked

    assert [result(w)["status"] for w in writers] == [302, 302]  # to the list: saved
    assert {2031, 2032} <= years(demo_database)


def test_a_save_that_cannot_get_the_lock_in_time_is_asked_to_try_again(demo_database):
    [writer] = start_writers(demo_database, 2033, busy_timeout=0.5)
    with another_save(demo_database):
        go(writer)
        answer = result(writer)

    assert answer["status"] == 503
    assert answer["retry_after"] == "5"
    assert "<h1>The database is busy</h1>" in answer["body"], answer["log"]
    assert "try again in a few seconds" in answer["body"]
    assert 2033 not in years(demo_database)  # nothing half-written
