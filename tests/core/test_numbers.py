from decimal import Decimal

import pytest

from ictreport.core.numbers import is_plain_decimal, parse_plain_decimal


@pytest.mark.parametrize(("text", "number"), [
    ("0", Decimal("0")),
    ("1234", Decimal("1234")),
    ("1234.5", Decimal("1234.5")),
    ("  584.47 ", Decimal("584.47")),
    ("-12.50", Decimal("-12.50")),
    ("1,234", Decimal("1234")),
    ("1,234.5", Decimal("1234.5")),
    ("12,345,678.90", Decimal("12345678.90")),
    ("999", Decimal("999")),
])
def test_plain_decimal_notation_is_read(text, number):
    assert parse_plain_decimal(text) == number
    assert str(parse_plain_decimal(text)) == str(number)


@pytest.mark.parametrize("text", [
    "1,5",          # a decimal comma: never 15
    "584,47",       # never 58,447
    "12,34",        # a separator out of its group
    "1,2345",
    ",123",
    "1,,234",
    "1.234,5",      # continental style
    "1 234",        # space inside
    "1_000",        # Python's literal syntax
    "１２３",        # full-width digits
    "١٢٣",          # Arabic-Indic digits
    "1e5",
    "NaN",
    "Infinity",
    "+5",
    "--5",
    "5.",
    ".5",
    "0x10",
    "",
    "   ",
    "£12",
    "12%",
])
def test_anything_else_is_refused_with_the_value_named(text):
    with pytest.raises(ValueError, match="plain decimal notation") as refused:
        parse_plain_decimal(text)
    assert f"“{text.strip()}”" in str(refused.value)
    assert not is_plain_decimal(text)


def test_is_plain_decimal_takes_no_space_around():
    assert is_plain_decimal("-1,234.5")
    assert not is_plain_decimal(" 1")
    assert not is_plain_decimal(12)
