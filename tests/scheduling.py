"""How ``pytest -n`` shares the suite between its workers (``tests/conftest.py``).

Each worker has its own test database, and on each the tests must run in the order
``pytest_collection_modifyitems`` gave them: a transactional test, or a module loading
its data once (``module_db``), empties every table when it ends, migrations' rows
included, so none of them may run before a test that needs those rows. So the work is
handed out in that order, never reordered by size, and a file goes to one worker whole
(its module-scoped data loaded once) when its tests are side by side in the order;
a file whose tests the ordering split (some in a transaction, some not) is handed out
test by test, each where it falls in the order.

Files that share a thing made once a run for all workers (``made_once_for_all_workers``
in tests/conftest.py) and cheap to use once made go to one worker together
(``SAME_WORKER``): on two workers, the second one sat idle until the first had made it.
"""

from xdist.scheduler import LoadScopeScheduling

# File -> the unit of work it shares with the other files named alike.
SAME_WORKER = {
    # The demo's SQLite database (tests/core/conftest.py: four manage.py processes,
    # ~25 s to make).
    "tests/core/test_busy_database.py": "tests/core: the demo database",
    "tests/core/test_demo_twice.py": "tests/core: the demo database",
}


def scopes(collection: list[str], same_worker: dict[str, str] = SAME_WORKER,
           ) -> dict[str, str]:
    """Each test's unit of work: its file (or the group ``same_worker`` puts the file
    in) when the file's tests are side by side in ``collection``, else the test
    itself."""
    runs: dict[str, int] = {}
    previous = None
    for nodeid in collection:
        path = nodeid.split("::", 1)[0]
        if path != previous:
            runs[path] = runs.get(path, 0) + 1
            previous = path
    return {nodeid: same_worker.get(path, path) if runs[path] == 1 else nodeid
            for nodeid in collection for path in [nodeid.split("::", 1)[0]]}


class InOrderScheduling(LoadScopeScheduling):
    def __init__(self, config, log=None):
        super().__init__(config, log)
        config.option.loadscopereorder = False
        self._scopes: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._scopes is None:
            self._scopes = scopes(self.collection)
        return self._scopes[nodeid]
