import pytest

from ictreport.core import registry
from tests.shared_data import built_once, for_this_test
from tests.yearround.factories import year_round


@pytest.fixture(scope="module")
def _data_once(django_db_blocker, _isolated_var):
    """Built once for each module (the builders are deterministic, so every test sees
    the same rows); each test's writes are undone after it (tests/shared_data.py)."""
    yield from built_once(django_db_blocker,
                          lambda: year_round([section.key for section in registry.sections()]),
                          _isolated_var)


@pytest.fixture
def data(db, _data_once):
    """Two organisations, each with full-year, quarterly and part years for every
    registered section."""
    return for_this_test(_data_once)
