import pytest

from ictreport.core import registry
from tests.yearround.factories import year_round


@pytest.fixture
def data(db):
    """Two organisations, each with full-year, quarterly and part years for every
    registered section."""
    return year_round([section.key for section in registry.sections()])
