from datetime import date

import pytest

from ictreport.core.periods import (
    Quarter,
    parse_year_slug,
    year_containing,
    year_label,
    year_slug,
)


def test_year_is_written_both_ways():
    assert year_label(2019) == "2019/20"
    assert year_slug(2019) == "2019-20"
    assert year_label(2099) == "2099/00"


@pytest.mark.parametrize("slug", ["2019-21", "2019/20", "19-20", "2019", "", "abcd-ef"])
def test_parse_year_slug_rejects_anything_but_consecutive_years(slug):
    with pytest.raises(ValueError):
        parse_year_slug(slug)


def test_parse_year_slug():
    assert parse_year_slug("2019-20") == 2019
    assert parse_year_slug("2099-00") == 2099


def test_financial_year_runs_april_to_march():
    assert year_containing(date(2020, 3, 31)) == 2019
    assert year_containing(date(2020, 4, 1)) == 2020


def test_quarter_codes_round_trip():
    for quarter in Quarter:
        assert Quarter.from_code(quarter.code) is quarter
    assert Quarter.FULL_YEAR.code == "full-year"
    with pytest.raises(ValueError):
        Quarter.from_code("Q5")
