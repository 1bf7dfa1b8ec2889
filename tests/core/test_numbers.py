"""Plain decimal notation only: what a person means by a figure, and nothing a
computer would also read as one."""

from decimal import Decimal

import pytest

from ictreport.core.numbers import (
    NotPlainNumber,
    PlainDecimalField,
    PlainIntegerField,
    is_plain_decimal,
    parse_decimal,
    parse_integer,
    parse_plain_decimal,
)

REFUSED = ["1e5", "1E5", "1,5", "584,47", "1_000", "１０００", "١٢٣", "NaN", "nan", "Infinity",
           "-Infinity", "inf", "1 000", "1\u00a0000", "12,34,567", "1234,567", ",123", "1,",
           "1.2.3", "--5", "+5", "5-", "0x10", "£5", "5%", "", " ", "abc", "1,234.5,6"]


@pytest.mark.parametrize("text, value", [
    ("0", Decimal("0")), ("1234", Decimal("1234")), ("1,234", Decimal("1234")),
    ("1,234.5", Decimal("1234.5")), ("1,234,567.89", Decimal("1234567.89")),
    ("-2,266.96", Decimal("-2266.96")), ("0.5", Decimal("0.5")), (".5", Decimal("0.5")),
    ("5.", Decimal("5")), (" 42 ", Decimal("42")), ("100000", Decimal("100000")),
])
def test_plain_decimals_are_read(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", REFUSED)
def test_anything_else_is_not_a_decimal(text):
    with pytest.raises(NotPlainNumber):
        parse_decimal(text)


@pytest.mark.parametrize("text, value", [("0", 0), ("1,234", 1234), ("-3", -3),
                                         ("1,000,000", 1_000_000)])
def test_plain_whole_numbers_are_read(text, value):
    assert parse_integer(text) == value


@pytest.mark.parametrize("text", [*REFUSED, "1.0", "1.5", ".5"])
def test_anything_else_is_not_a_whole_number(text):
    with pytest.raises(NotPlainNumber):
        parse_integer(text)


def test_numbers_already_parsed_pass_through():
    assert parse_decimal(Decimal("1.50")) == Decimal("1.50")
    assert parse_decimal(7) == Decimal(7) and parse_integer(7) == 7
    for value in (Decimal("NaN"), Decimal("Infinity"), True, 1.5):
        with pytest.raises(NotPlainNumber):
            parse_decimal(value)


def test_the_message_names_the_field_and_the_row():
    field = PlainDecimalField(label="Annual budget (£)", max_digits=14, decimal_places=2)
    with pytest.raises(Exception) as refused:
        field.clean("1e5")
    assert refused.value.messages == [
        "Annual budget (£): enter a number in plain figures, such as 1234.5 or 1,234.5 (no "
        "letters, spaces or exponents; commas only between thousands)."]
    field.row_label = "Airwave"
    with pytest.raises(Exception) as refused:
        field.clean("584,47")
    assert refused.value.messages[0].startswith("Airwave, Annual budget (£): enter a number")


def test_a_percent_sign_in_the_label_is_not_a_format():
    field = PlainDecimalField(label="% complete", max_digits=5, decimal_places=2)
    with pytest.raises(Exception) as refused:
        field.clean("most")
    assert refused.value.messages[0].startswith("% complete: enter a number")


def test_the_box_is_text_the_browser_leaves_alone():
    for field, mode in ((PlainIntegerField(min_value=0), "numeric"),
                        (PlainDecimalField(max_digits=5, decimal_places=2), "decimal")):
        html = field.widget.render("x", "", attrs=field.widget_attrs(field.widget))
        assert 'type="text"' in html and f'inputmode="{mode}"' in html
        assert "step" not in html and "min=" not in html


# Imports: parse_plain_decimal quotes the refused value in its message.
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
