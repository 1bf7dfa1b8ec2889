"""Figures are written by one locale-aware helper (ictreport.core.formatting, through
django.utils.formats): grouped in threes in English and Welsh alike, money as £1,234 or
-£1,234.50, percentages as 63%; British date formats for English."""

from decimal import Decimal

import pytest
from django.utils import formats, translation

from ictreport.core.formatting import format_millions, format_value, number_word
from ictreport.core.wording import change_detail


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize(("value", "fmt", "expected"), [
    (1234567, "int", "1,234,567"),
    (999, "int", "999"),
    (-1000, "int", "-1,000"),
    (63, "percent", "63%"),
    (Decimal("12.5"), "percent", "12.5%"),
    (1234, "money", "£1,234"),
    (Decimal("-1234.50"), "money", "-£1,234.50"),
    (Decimal("0.5"), "money", "£0.50"),
    (Decimal("1234567.25"), "decimal", "1,234,567.25"),
    (None, "int", "–"),
])
def test_format_value(language, value, fmt, expected):
    with translation.override(language):
        assert format_value(value, fmt) == expected


def test_millions():
    with translation.override("en"):
        assert format_millions(4820735) == "£4.82m"
        assert format_millions(83194) == "£0.08m"


def test_number_words_in_each_language(welsh_catalogue):
    with translation.override("en"):
        assert [number_word(n) for n in (0, 1, 3, 9, 10, 12345)] == [
            "zero", "one", "three", "nine", "10", "12,345"]
    with translation.override("cy"):
        assert [number_word(n) for n in (0, 1, 3, 9, 10, 12345)] == [
            "dim", "un", "tri", "naw", "10", "12,345"]


def test_english_dates_are_british():
    with translation.override("en"):
        assert formats.get_format("SHORT_DATE_FORMAT") == "d/m/Y"
        assert formats.get_format("DATE_FORMAT") == "j M Y"


def test_change_phrases_in_welsh(welsh_catalogue):
    with translation.override("cy"):
        assert change_detail(1034, 1000, previous_year=2018) == "34 yn fwy nag yn 2018/19"
        assert change_detail(1000, 2234, previous_year=2018) == "1,234 yn llai nag yn 2018/19"
        assert change_detail(5, 5, previous_year=2018) == "yr un faint ag yn 2018/19"
        assert change_detail(78, 100, previous_year=2018, by="percent") == \
            "22% yn llai nag yn 2018/19"


def test_change_phrases_in_english():
    with translation.override("en"):
        assert change_detail(1034, 1000, previous_year=2018) == "34 more than 2018/19"
        assert change_detail(1000, 2234, previous_year=2018) == "1,234 fewer than 2018/19"
        assert change_detail(105, 100, previous_year=2018, by="money") == \
            "5% more than 2018/19"
        assert change_detail(95, 100, previous_year=2018, by="money") == \
            "5% less than 2018/19"
