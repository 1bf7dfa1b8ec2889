"""The ledger extract's computation (finance.ledger, finance.extracts): quarters from the
April–March year, spend per budget line exact to the penny, unmapped accounts listed with
their totals, and each reason a row is rejected."""

import random
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finance.extracts import LedgerExtract
from finance.ledger import compute_ledger, parse_pence
from ictreport.core.extracts import read_frame
from ictreport.core.numbers import is_plain_decimal, parse_decimal
from tests.factories import FinancialYearFactory
from tests.finance.factories import AccountMappingFactory, BudgetLineFactory, ledger_csv

ACCOUNTS = {"IT100": "SRS Collaboration", "IT200": "Airwave"}
TODAY = date(2020, 6, 30)  # after the year 2019/20 has ended


def frame_of(rows, **kwargs):
    upload = SimpleUploadedFile("ledger.csv", ledger_csv(rows, **kwargs))
    return read_frame(upload, columns=LedgerExtract.columns, mapping={})


def compute(rows, *, accounts=ACCOUNTS, today=TODAY, start_year=2019):
    return compute_ledger(frame_of(rows), start_year=start_year, today=today,
                          accounts=accounts)


def test_spend_per_quarter_and_line_with_credits_negative():
    figures = compute([
        ("2019-04-01", "IT100", "1,234.56"),
        ("30/06/2019", "it100 ", "-234.56"),   # a credit; code in other case and spaced
        ("2019-07-01 00:00:00", "IT200", "100"),  # as an XLSX date cell arrives
        ("31/12/2019", "IT200", "0.5"),
        ("2020-01-01", "IT100", "10.00"),
        ("2020-03-31T23:59", "IT200", ".25"),
    ])
    assert figures.rejections == []
    assert figures.spend == {
        1: {"SRS Collaboration": Decimal("1000.00")},
        2: {"Airwave": Decimal("100.00")},
        3: {"Airwave": Decimal("0.50")},
        4: {"SRS Collaboration": Decimal("10.00"), "Airwave": Decimal("0.25")},
    }
    assert all(str(v).count(".") == 1 and len(str(v).split(".")[1]) == 2
               for by_line in figures.spend.values() for v in by_line.values())
    assert (figures.rows, figures.counted, figures.quarters) == (6, 6, [1, 2, 3, 4])


def test_money_is_exact_to_the_penny_over_many_rows():
    rng = random.Random(20190401)
    rows, expected = [], {0: Decimal(0), 1: Decimal(0)}
    for n in range(50_000):
        pence = rng.randint(-50_000, 5_000_000)
        amount = Decimal(pence).scaleb(-2)
        account = "IT100" if n % 2 else "IT200"
        rows.append(("2019-05-01", account, f"{amount:,.2f}"))
        expected[n % 2] += amount
    rows += [("2019-05-02", "IT100", "0.10")] * 10_000
    figures = compute(rows)
    assert figures.spend[1]["SRS Collaboration"] == expected[1] + Decimal("1000.00")
    assert figures.spend[1]["Airwave"] == expected[0]
    # Adding the same amounts as floats is off: the computation does not do that.
    assert sum([0.10] * 10_000) != 1000.0


def test_unmapped_accounts_are_listed_with_their_totals_not_rejected():
    figures = compute([
        ("2019-04-01", "IT100", "50.00"),
        ("2019-04-02", "zz9", "20.00"),
        ("2019-10-02", "ZZ9", "5.50"),
        ("2019-10-03", "PETTY", "-300.00"),
        ("2019-10-04", "PETTY", "1.00"),
    ])
    assert figures.rejections == []
    assert [(u.account, u.total, u.transactions) for u in figures.unmapped] == [
        ("PETTY", Decimal("-299.00"), 2),  # the largest by size first
        ("zz9", Decimal("25.50"), 2),      # named as the file first writes it
    ]
    assert figures.unmapped_spend == {
        1: {"zz9": (Decimal("20.00"), 1)},
        3: {"PETTY": (Decimal("-299.00"), 2), "zz9": (Decimal("5.50"), 1)},
    }
    assert figures.spend == {1: {"SRS Collaboration": Decimal("50.00")}}


@pytest.mark.parametrize(("row", "reason"), [
    (("", "IT100", "1.00"), "date: the date is empty."),
    (("2019-02-30", "IT100", "1.00"), "date: “2019-02-30” is not a date"),
    (("1st April 2019", "IT100", "1.00"), "date: “1st April 2019” is not a date"),
    (("04-01-2019", "IT100", "1.00"), "date: “04-01-2019” is not a date"),
    (("2019-03-31", "IT100", "1.00"),
     "date: 2019-03-31 is outside the year 2019/20 (2019-04-01 to 2020-03-31)."),
    (("01/04/2020", "IT100", "1.00"), "date: 01/04/2020 is outside the year 2019/20"),
    (("2020-01-15", "IT100", "1.00"), "date: 2020-01-15 is in the future."),
    (("2019-04-01", "IT100", ""), "amount: the amount is empty."),
    (("2019-04-01", "IT100", "1,5"), "amount: “1,5” is not a number"),
    (("2019-04-01", "IT100", "1e5"), "amount: “1e5” is not a number"),
    (("2019-04-01", "IT100", "£12.00"), "amount: “£12.00” is not a number"),
    (("2019-04-01", "IT100", "=SUM(C2:C9)"), "amount: “=SUM(C2:C9)” is not a number"),
    (("2019-04-01", "IT100", "NaN"), "amount: “NaN” is not a number"),
    (("2019-04-01", "IT100", "12 000"), "amount: “12 000” is not a number"),
    (("2019-04-01", "IT100", "12.345"), "amount: “12.345” has a fraction of a penny"),
    (("2019-04-01", "IT100", "1234567890123"),
     "amount: “1234567890123” is larger than a budget line can hold."),
    (("2019-04-01", "  ", "1.00"),
     "account: the account is empty, so no budget line can be found for it."),
])
def test_each_rejection_names_the_row_column_and_value(row, reason):
    figures = compute([("2019-04-01", "IT100", "1.00"), row, ("2019-04-03", "IT200", "2")],
                      today=date(2020, 1, 1))
    assert [(r.row, r.reason[:len(reason)]) for r in figures.rejections] == [(3, reason)]
    assert figures.counted == 2
    assert figures.spend == {1: {"SRS Collaboration": Decimal("1.00"),
                                 "Airwave": Decimal("2.00")}}


def test_a_file_whose_every_amount_is_refused_is_all_rejections():
    figures = compute([("2019-04-01", "IT100", "1,5"), ("2019-04-02", "IT100", "x")])
    assert [r.row for r in figures.rejections] == [2, 3]
    assert figures.spend == {} and figures.unmapped == [] and figures.quarters == []


def test_trailing_zeros_past_the_pence_are_pence():
    figures = compute([("2019-04-01", "IT100", "12.3400"), ("2019-04-01", "IT100", "-0.04")])
    assert figures.spend == {1: {"SRS Collaboration": Decimal("12.30")}}


def test_a_rejected_row_keeps_its_spreadsheet_number_after_blank_rows():
    frame = frame_of([("2019-04-01", "IT100", "1"), ("", "", ""),
                      ("2019-04-01", "IT100", "x")])
    figures = compute_ledger(frame, start_year=2019, today=TODAY, accounts=ACCOUNTS)
    assert [r.row for r in figures.rejections] == [3, 4]


def test_columns_are_typed_and_nothing_is_a_float():
    frame = pd.DataFrame({"date": ["2019-04-01"] * 3, "account": ["IT100"] * 3,
                          "amount": ["0.10", "0.20", "0.30"]}, dtype="string",
                         index=range(2, 5))
    figures = compute_ledger(frame, start_year=2019, today=TODAY, accounts=ACCOUNTS)
    assert figures.spend[1]["SRS Collaboration"] == Decimal("0.60")
    assert isinstance(figures.spend[1]["SRS Collaboration"], Decimal)


@pytest.mark.django_db
def test_the_kind_maps_accounts_by_the_organisations_table(gwent, other_organisation):
    year = FinancialYearFactory(start_year=2019)
    srs = BudgetLineFactory(organisation=gwent, name="SRS Collaboration")
    AccountMappingFactory(organisation=gwent, account="it100", line=srs)
    # another organisation's mapping of the same code means nothing for Gwent
    AccountMappingFactory(organisation=other_organisation, account="IT200")
    result = LedgerExtract().compute(frame_of([
        ("2019-04-01", "IT100", "10.00"), ("2019-04-01", "IT200", "-30.00"),
        ("2019-04-01", "IT100", "-40.00"), ("nonsense", "IT100", "1")]),
        organisation=gwent, year=year)
    assert result.quarters == {1: {
        "expenditure": {"SRS Collaboration": "-30.00"},
        "unmapped": {"IT200": {"total": "-30.00", "transactions": 1}},
    }}
    assert [(r.row, r.reason[:10]) for r in result.rejections] == [(5, "date: “non")]
    assert result.rows == 4
    assert result.notes[0].startswith("1 account is mapped to no budget line, so its spend "
                                      "of -£30.00 is counted in none")
    assert "Unmapped account IT200: -£30.00 in 1 transaction." in result.notes
    assert any("the SRS Collaboration line's credits come to more than its spend" in note
               for note in result.notes)


@pytest.fixture
def other_organisation(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="Zedland Council", slug="zedland")


def test_amounts_follow_the_one_plain_number_rule_exactly():
    """The column-wide parser agrees with ictreport.core.numbers on every value, and
    reads each one it accepts to the same pence as Decimal does."""
    rng = random.Random(7)
    alphabet = "0123456789.,-- e"
    values = ["1,234.56", "-1,234,567.89", "1,5", "584,47", ".5", "5.", "-.5", ".", "-",
              ",123", "1,23", "12,345", "1,2345", "1.2.3", "1,234,56", "--1", "1-", "+1",
              "0001", "00,001", "1,000.", "999999999999.99", "٣", "１２"]
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9)))
               for _ in range(5000)]
    pence, reason = parse_pence(pd.Series(values, dtype="string"))
    for value, got, why in zip(values, pence, reason, strict=True):
        stripped = value.strip()
        if not is_plain_decimal(stripped):
            assert why == "not_a_number", value
            continue
        exact = parse_decimal(stripped)
        if exact != exact.quantize(Decimal("0.01")):
            assert why == "too_fine", value
        else:
            assert pd.isna(why) and got == int(exact * 100), value
