"""How ``pytest -n`` shares the suite (tests/scheduling.py): a file whose tests are side
by side goes to one worker whole, a file the ordering split goes test by test."""

import re

from tests.conftest import ROOT, TESTS
from tests.scheduling import SAME_WORKER, scopes


def test_a_file_whose_tests_are_together_is_one_unit_of_work():
    collection = ["a.py::one", "a.py::two", "b.py::one", "c.py::one", "c.py::two"]
    assert scopes(collection) == {
        "a.py::one": "a.py", "a.py::two": "a.py", "b.py::one": "b.py",
        "c.py::one": "c.py", "c.py::two": "c.py",
    }


def test_a_file_split_by_the_ordering_goes_test_by_test():
    # b.py's transactional test was moved after c.py's tests: both of b.py's tests run
    # where the ordering put them, not together.
    collection = ["b.py::in_a_transaction", "c.py::one", "b.py::flushing", "c.py::two"]
    assert scopes(collection) == {
        "b.py::in_a_transaction": "b.py::in_a_transaction", "c.py::one": "c.py::one",
        "b.py::flushing": "b.py::flushing", "c.py::two": "c.py::two",
    }


def test_files_named_together_are_one_unit_of_work():
    collection = ["a.py::one", "b.py::one", "c.py::one", "c.py::two"]
    assert scopes(collection, {"a.py": "made once", "c.py": "made once"}) == {
        "a.py::one": "made once", "b.py::one": "b.py",
        "c.py::one": "made once", "c.py::two": "made once",
    }


def test_every_file_using_the_demo_database_is_in_its_group():
    using = {str(path.relative_to(ROOT)) for path in TESTS.rglob("test_*.py")
             if re.search(r"\bdemo_database\b", path.read_text())}
    assert using and using == {path for path, group in SAME_WORKER.items()
                               if group == "tests/core: the demo database"}
