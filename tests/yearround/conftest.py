import pytest

from ictreport.core import registry
from tests.shared_data import built_for_module, for_this_test
from tests.yearround.factories import year_round

# Built once for each module (the builders are deterministic, so every test sees the
# same rows); each test's writes are undone after it (tests/shared_data.py).
_data_once = built_for_module(
    lambda: year_round([section.key for section in registry.sections()]))


@pytest.fixture
def data(db, _data_once):
    """Two organisations, each with full-year, quarterly and part years for every
    registered section."""
    return for_this_test(_data_once)
