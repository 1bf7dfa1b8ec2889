"""``make demo`` run a second time changes nothing in the database: not a row, not a
history entry, not a timestamp -- nor the data version's counters: ``loaddata`` writes
the organisations' rows back unchanged, and the triggers bump only on a change.
"""

from tests.core.demo import DEMO_STEPS, demo_recipe_commands, dump, run_demo_steps


def test_the_steps_here_are_the_demo_recipes():
    assert demo_recipe_commands() == [
        "migrate", "collectstatic", "loaddata", "import_report", "ensure_admin"]
    assert [step[0] for step in DEMO_STEPS if step[0] != "import_report"] == [
        "migrate", "loaddata", "ensure_admin"]


def test_running_the_demo_steps_again_leaves_the_database_as_it_was(demo_database):
    database = demo_database  # the steps ran once already
    first = dump(database)
    assert any('INSERT INTO "finance_historicallinefigure"' in line for line in first)
    assert any('INSERT INTO "core_reportdataversion"' in line for line in first)

    again = run_demo_steps(database)

    assert dump(database) == first
    assert "already exists" in again[-1]
