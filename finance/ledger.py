"""A finance system's ledger export, computed with pandas: each quarter's spend per
budget line.

One row per transaction, columns ``date``, ``account`` and ``amount``; every value
arrives as text (pandas ``string`` dtype), as the extract framework reads the file.
Everything here is vectorised over the column: no Python loop runs over the rows,
only over the few groups the result has (quarters × lines, unmapped accounts, and the
rows that are rejected).

The rules, decided here and said in the README:

* **date** — ``2019-04-01`` (ISO, optionally with a time, as an XLSX date cell
  arrives) or the UK ``01/04/2019``; nothing else, so ``04/01/2019`` is never read
  the US way. A date outside the financial year, or after today, is rejected. The
  quarter is the April–March one the date falls in.
* **amount** — pounds in plain decimal notation (``ictreport.core.numbers``:
  ``1234.56``, ``1,234.56``, ``-25.00``; ``1,5``, ``1e5``, ``£12``, a formula are
  rejected); credits are negative. An amount with a fraction of a penny (``12.345``)
  is rejected rather than rounded; ``12.3400`` is 12.34. Amounts are held as whole
  pence in 64-bit integers and summed exactly, never as floats; a line's sum is turned
  into a ``Decimal`` of pounds and pence once, at the end.
* **account** — a cost centre or account code, matched to the organisation's mapping
  ignoring case and surrounding spaces. A code the mapping does not know is **not** a
  rejection: its spend is counted in no budget line and listed, account by account,
  with its total (``Unmapped``), since the fix is a row in the mapping table and the
  next import of the same file then counts it. A blank account is a rejection: no
  mapping can ever place it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from ictreport.core.periods import year_end_date, year_label, year_start_date

# The largest amount a budget line's money field holds (14 digits, 2 after the point).
MAX_INTEGER_DIGITS = 12


@dataclass(frozen=True)
class RejectedRow:
    row: int  # as a spreadsheet shows it: the header is row 1
    reason: str


@dataclass(frozen=True)
class Unmapped:
    account: str  # as the file first writes it
    total: Decimal
    transactions: int


@dataclass(frozen=True)
class LedgerFigures:
    # quarter (1–4) -> budget line key (as the mapping gives it) -> net spend in pounds
    spend: dict[int, dict[object, Decimal]]
    # quarter (1–4) -> account (as the file first writes it) -> (net spend, transactions)
    # for accounts the mapping does not know
    unmapped_spend: dict[int, dict[str, tuple[Decimal, int]]]
    unmapped: list[Unmapped]  # largest total (by size) first
    rejections: list[RejectedRow]  # in row order
    rows: int  # data rows read
    counted: int  # rows counted (not rejected), mapped or not

    @property
    def quarters(self) -> list[int]:
        """The quarters with at least one transaction counted, mapped or not."""
        return sorted(set(self.spend) | set(self.unmapped_spend))


def normalise_account(text: str) -> str:
    """How an account code is matched: without surrounding spaces, ignoring case."""
    return str(text).strip().upper()


def pounds(pence: int) -> Decimal:
    """Whole pence as pounds and pence, exactly."""
    return Decimal(int(pence)).scaleb(-2)


def _by_value(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(each row's code, the distinct values stripped): a ledger repeats its dates and
    accounts thousands of times, so they are parsed once per distinct value and taken
    back to the rows by code."""
    codes, distinct = pd.factorize(column.astype("string").fillna(""), sort=False)
    return codes, pd.Series(distinct, dtype="string").str.strip()


def parse_dates(text: pd.Series) -> pd.Series:
    """Each value as a day (``datetime64``), or NaT where it is no date we read."""
    text = text.astype("string").str.strip()
    iso = pd.to_datetime(text.where(text.str.fullmatch(
        r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", na=False)),
        format="ISO8601", errors="coerce")
    uk = pd.to_datetime(text.where(text.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", na=False)),
                        format="%d/%m/%Y", errors="coerce")
    return iso.fillna(uk).dt.normalize()


_WIDTH = 40  # no amount in plain notation that a budget line can hold is longer
_ZERO, _NINE, _POINT, _COMMA, _MINUS = (ord(c) for c in "09.,-")


def parse_pence(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(whole pence as ``Int64``, the reason a value is refused or <NA>) for each value.

    The plain-decimal rule is the one ``ictreport.core.numbers`` holds for every form
    and import (``is_plain_decimal``): digits with an optional leading minus and decimal
    point, commas only between thousands. It is applied here to the whole column at
    once as arithmetic on a matrix of character codes (numpy), which also reads the
    value exactly in whole pence: no regular expression or float per value.
    """
    text = text.astype("string").fillna("").str.strip()
    length = text.str.len().to_numpy(dtype=np.int64)
    n = len(text)
    width = int(min(max(length.max(initial=0), 1), _WIDTH))
    chars = np.asarray(text.to_numpy(dtype=object), dtype=f"<U{width}")
    codes = chars.view(np.uint32).reshape(n, width)
    position = np.arange(width, dtype=np.int16)
    inside = position < np.minimum(length, width)[:, None]
    negative = codes[:, 0] == _MINUS
    start = negative.astype(np.int16)
    digit = (codes >= _ZERO) & (codes <= _NINE)
    point = codes == _POINT
    comma = codes == _COMMA
    body = inside & (position >= start[:, None])
    stray = (body & ~(digit | point | comma)).any(axis=1)
    points = (body & point).sum(axis=1)
    point_at = np.where(points > 0, np.argmax(body & point, axis=1),
                        np.minimum(length, width)).astype(np.int16)
    whole_part = body & (position < point_at[:, None])
    fraction_part = body & (position > point_at[:, None])
    whole_digits = (whole_part & digit).sum(axis=1)
    fraction_digits = (fraction_part & digit).sum(axis=1)
    # Commas only before the point, exactly every fourth place counted from it, with
    # one to three digits before the first.
    whole_width = point_at - start
    from_point = point_at[:, None] - position
    grouped = whole_part & (from_point % 4 == 0)
    has_commas = (whole_part & comma).any(axis=1)
    commas_right = ((whole_part & comma) == grouped).all(axis=1) & (whole_width % 4 != 0)
    plain = (~stray & (length <= _WIDTH) & (points <= 1) & ~(fraction_part & comma).any(axis=1)
             & (~has_commas | commas_right) & ((whole_digits > 0) | (fraction_digits > 0)))

    value = np.where(digit, codes.astype(np.int64) - _ZERO, 0)
    # Each whole digit's place: how many whole digits stand to its right.
    place = np.cumsum((whole_part & digit)[:, ::-1], axis=1)[:, ::-1] - 1
    place = np.where(whole_part & digit, place, -1)
    too_large = plain & ((place >= MAX_INTEGER_DIGITS) & (value > 0)).any(axis=1)
    powers = 10 ** np.clip(place, 0, MAX_INTEGER_DIGITS - 1)
    pounds = np.where((place >= 0) & (place < MAX_INTEGER_DIGITS), value * powers, 0).sum(
        axis=1)
    decimal_place = np.cumsum(fraction_part & digit, axis=1)  # 1 for the first after it
    decimal_place = np.where(fraction_part & digit, decimal_place, 0)
    too_fine = plain & ~too_large & ((decimal_place > 2) & (value > 0)).any(axis=1)
    pennies = (np.where(decimal_place == 1, value * 10, 0)
               + np.where(decimal_place == 2, value, 0)).sum(axis=1)
    good = plain & ~too_large & ~too_fine
    pence = pd.Series(np.where(negative, -1, 1) * (pounds * 100 + pennies), index=text.index,
                      dtype="Int64").where(good)
    reason = pd.Series(pd.NA, index=text.index, dtype="string")
    reason = reason.mask(too_large, "too_large").mask(too_fine, "too_fine")
    reason = reason.mask(~plain, "not_a_number")
    return pence, reason


def _quarters(days: pd.Series) -> pd.Series:
    """The April–March quarter (1–4) of each day."""
    return (((days.dt.month - 4) % 12) // 3 + 1).astype("int8")


def compute_ledger(frame: pd.DataFrame, *, start_year: int, today: date,
                   accounts: dict[str, object]) -> LedgerFigures:
    """The year's spend per quarter and budget line from ``frame``'s transactions
    (indexed by spreadsheet row number, as ``read_frame`` gives them).

    ``accounts`` maps a normalised account code (``normalise_account``) to the key of
    its budget line; the spend is keyed the same way.
    """
    rows = len(frame)
    # ictreport.core.extracts.read_frame indexes the rows by their spreadsheet number.
    row_numbers = pd.Series(frame.index, index=frame.index)
    date_codes, dates = _by_value(frame["date"])
    account_codes, account_texts = _by_value(frame["account"])
    amount_codes, amounts = _by_value(frame["amount"])

    raw_date = pd.Series(dates.to_numpy()[date_codes], index=frame.index, dtype="string")
    raw_account = pd.Series(account_texts.to_numpy()[account_codes], index=frame.index,
                            dtype="string")
    raw_amount = pd.Series(amounts.to_numpy()[amount_codes], index=frame.index,
                           dtype="string")
    days = pd.Series(parse_dates(dates).to_numpy()[date_codes], index=frame.index)
    first, last = pd.Timestamp(year_start_date(start_year)), pd.Timestamp(year_end_date(
        start_year))
    outside = days.notna() & ((days < first) | (days > last))
    future = days.notna() & ~outside & (days > pd.Timestamp(today))
    distinct_pence, distinct_reason = parse_pence(amounts)
    # Refused amounts read as 0 here; their rows are rejected below and never counted.
    pence = pd.Series(distinct_pence.fillna(0).to_numpy(dtype=np.int64)[amount_codes],
                      index=frame.index)
    amount_reason = pd.Series(distinct_reason.to_numpy()[amount_codes], index=frame.index,
                              dtype="string")
    blank_account = raw_account == ""

    # Every reason a row is refused, first problem first (one reason per row).
    reason = pd.Series(pd.NA, index=frame.index, dtype="string")
    checks = [
        (days.isna() & (raw_date == ""), "date_blank"),
        (days.isna() & (raw_date != ""), "date_unreadable"),
        (outside, "date_outside"),
        (future, "date_future"),
        (raw_amount == "", "amount_blank"),
        (amount_reason.notna() & (raw_amount != ""), None),
        (blank_account, "account_blank"),
    ]
    for mask, code in reversed(checks):
        reason = reason.mask(mask, amount_reason if code is None else code)
    rejected = reason.notna()

    kept = pd.DataFrame({
        "quarter": _quarters(days[~rejected]),
        "account": raw_account[~rejected],
        "key": pd.Series(account_texts.str.upper().to_numpy()[account_codes],
                         index=frame.index, dtype="string")[~rejected],
        "pence": pence[~rejected].astype("int64"),
    })
    known = pd.Series(list(accounts), dtype="string")
    kept["mapped"] = kept["key"].isin(known)

    mapped = kept[kept["mapped"]]
    line_of = pd.Series(list(accounts.values()), index=pd.Index(known), dtype="object")
    by_line = (mapped.assign(line=mapped["key"].map(line_of))
               .groupby(["quarter", "line"], sort=True, observed=True)["pence"].sum())
    spend: dict[int, dict[object, Decimal]] = {}
    for (quarter, line), total in by_line.items():
        spend.setdefault(int(quarter), {})[line] = pounds(total)

    other = kept[~kept["mapped"]]
    first_written = other.groupby("key", sort=False)["account"].first()
    by_quarter = other.groupby(["quarter", "key"], sort=True).agg(
        total=("pence", "sum"), transactions=("pence", "size"))
    unmapped_spend: dict[int, dict[str, tuple[Decimal, int]]] = {}
    for (quarter, key), total, count in zip(by_quarter.index, by_quarter["total"],
                                            by_quarter["transactions"], strict=True):
        unmapped_spend.setdefault(int(quarter), {})[str(first_written[key])] = (
            pounds(total), int(count))
    by_account = other.groupby("key", sort=False).agg(
        account=("account", "first"), total=("pence", "sum"), transactions=("pence", "size"))
    by_account = by_account.assign(size=by_account["total"].abs()).sort_values(
        ["size", "account"], ascending=[False, True], kind="stable")
    unmapped = [Unmapped(account=str(account), total=pounds(total),
                         transactions=int(count))
                for account, total, count in zip(by_account["account"], by_account["total"],
                                                 by_account["transactions"], strict=True)]

    refused = pd.DataFrame({"row": row_numbers[rejected], "code": reason[rejected],
                            "date": raw_date[rejected], "amount": raw_amount[rejected]})
    sentences = rejection_sentences()
    values = {"year": year_label(start_year), "first": year_start_date(start_year).isoformat(),
              "last": year_end_date(start_year).isoformat()}
    rejections = [RejectedRow(int(row), sentences[code] % {**values, "date": d, "amount": a})
                  for row, code, d, a in refused.itertuples(index=False, name=None)]
    return LedgerFigures(spend=spend, unmapped_spend=unmapped_spend, unmapped=unmapped,
                         rejections=rejections, rows=rows, counted=int((~rejected).sum()))


def rejection_sentences() -> dict[str, str]:
    """The sentence for each reason a row is rejected, naming its column and value
    (``%(date)s``, ``%(amount)s``; ``%(year)s``, ``%(first)s``, ``%(last)s``)."""
    return {
        "date_blank": _("date: the date is empty."),
        "date_unreadable": _("date: “%(date)s” is not a date; write it as 2019-04-30 or "
                             "30/04/2019."),
        "date_outside": _("date: %(date)s is outside the year %(year)s (%(first)s to "
                          "%(last)s)."),
        "date_future": _("date: %(date)s is in the future."),
        "amount_blank": _("amount: the amount is empty."),
        "not_a_number": _("amount: “%(amount)s” is not a number; write it in plain "
                          "decimal notation, such as 1234.56, 1,234.56 or -25.00 for a "
                          "credit."),
        "too_fine": _("amount: “%(amount)s” has a fraction of a penny; give pounds and "
                      "pence."),
        "too_large": _("amount: “%(amount)s” is larger than a budget line can hold."),
        "account_blank": _("account: the account is empty, so no budget line can be "
                           "found for it."),
    }
