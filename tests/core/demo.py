"""The demo's database steps (``make demo``) run as the Makefile runs them: each a
``manage.py`` process, on an SQLite file of the test's own, never ``var/``."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SHIPPED_REPORTS = sorted((ROOT / "data" / "reports").glob("*.yaml"))


def demo_recipe_commands() -> list[str]:
    """The ``manage.py`` commands of the Makefile's ``demo`` recipe, in order."""
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(),
                       re.MULTILINE)
    return re.findall(r"manage\.py (\w+)", recipe.group(1))


# The recipe's steps that write the database, as the Makefile gives them
# (collectstatic writes only var/static).
DEMO_STEPS = [
    ["migrate", "--noinput"],
    ["loaddata", "organisations"],
    *[["import_report", str(path)] for path in SHIPPED_REPORTS],
    ["ensure_admin"],
]


def demo_environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "insecure-test-key",
        "CACHE_DIR": str(database.parent / "cache"),
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "0",
    }


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=demo_environment(database),
        capture_output=True, text=True, check=True, timeout=300,
    )


def run_demo_steps(database: Path) -> list[str]:
    """Each step's output."""
    return [manage(database, *step).stdout for step in DEMO_STEPS]


def dump(database: Path) -> list[str]:
    """Every table's schema and rows, history tables included, as SQL statements.
    Sorted: triggers recreated by each migrate may be listed in another order."""
    with sqlite3.connect(database) as connection:
        return sorted(connection.iterdump())
