"""The one definition of a whole year and of the quarters a year leaves out, which
every section's selectors and findings use (ictreport.core.coverage)."""

from ictreport.core.coverage import is_complete, periods_from_bits, quarters_missing
from ictreport.core.periods import Quarter

Q1, Q2, Q3, Q4, FULL = Quarter.Q1, Quarter.Q2, Quarter.Q3, Quarter.Q4, Quarter.FULL_YEAR


def test_a_year_is_complete_with_a_full_year_return_or_all_four_quarters():
    assert is_complete([FULL])
    assert is_complete([Q1, Q2, Q3, Q4])
    assert not is_complete([Q1, Q2, Q4])  # its latest is Q4, but Q3 is missing
    assert not is_complete([])


def test_the_quarters_missing_are_those_before_the_latest_held():
    assert quarters_missing([Q1, Q4]) == (Q2, Q3)
    assert quarters_missing([Q2]) == (Q1,)
    assert quarters_missing([Q1, Q2]) == ()  # Q3 and Q4 are still to come
    assert quarters_missing([FULL]) == ()
    assert quarters_missing([]) == ()


def test_bits_read_back_as_the_periods_they_sum():
    assert periods_from_bits((1 << 1) | (1 << 3)) == (Q1, Q3)
    assert periods_from_bits(1) == (FULL,)
    assert periods_from_bits(None) == ()
