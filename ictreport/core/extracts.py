"""Extracts from the systems of record: a file exported by the service desk tool or the
finance system, one row per ticket or transaction, from which pandas computes a year's
quarterly figures.

Each kind of extract (``ExtractKind``) names the columns it reads, computes the four
quarters' figures from the file's rows (vectorised: no Python loop over rows), says
which figures are held already (for the dry run to show side by side) and writes the
quarters' returns through its section's services. Kinds register from their app's
``AppConfig.ready``.

``read_frame`` (in ``ictreport.core.extract_files``, importable from here too) reads
the file into a frame whose columns are the kind's canonical names, every value a
string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from ictreport.core.extract_files import (
    CSV,
    XLSX,
    canonical,
    file_sha256,
    max_rows,
    missing_columns,
    read_frame,
    read_raw,
    size_limit_text,
)

# Reading a file: its own module, its names importable from here as before.
from ictreport.core.registry import Declared

if TYPE_CHECKING:  # pandas is imported when a file is read, not at start-up
    import pandas as pd

    from ictreport.core.models import ExtractRun


@dataclass(frozen=True)
class Column:
    """A canonical column of an extract."""

    name: str
    label: Any
    required: bool = True


@dataclass(frozen=True)
class Rejection:
    """A row left out of the figures: its number as a spreadsheet shows it (the header
    is row 1) and a sentence naming the column and value."""

    row: int
    reason: str


@dataclass
class ExtractResult:
    quarters: dict[int, dict]
    rejections: list[Rejection] = field(default_factory=list)
    rows: int = 0
    notes: list[str] = field(default_factory=list)


class ExtractKind(Declared):
    """One kind of extract. A kind states its ``key`` (stored with each import, so
    spelt out), ``title`` and ``columns`` in its class statement, as sections and file
    parts state theirs (``registry.Declared``); its ``app_label``, the section whose
    returns it writes, is the app the kind is declared in."""

    facts = required = ("key", "title", "columns")
    key: ClassVar[str]
    app_label: ClassVar[str]
    title: ClassVar[Any]
    columns: ClassVar[list[Column]]

    def __init_subclass__(cls, **given):
        super().__init_subclass__(**given)
        if "app_label" not in cls.__dict__:
            cls.app_label = cls.__module__.partition(".")[0]

    def compute(self, frame: pd.DataFrame, *, organisation, year) -> ExtractResult:
        raise NotImplementedError

    def held(self, *, organisation, year) -> dict[int, dict]:
        raise NotImplementedError

    def write(self, result: ExtractResult, *, organisation, year, user,
              run: ExtractRun) -> None:
        raise NotImplementedError

    def label(self, path: tuple[str, ...]) -> str:
        """How the dry run names the figure at ``path`` in a quarter's figures (the
        keys down to it); kinds name their own."""
        return " – ".join(str(part) for part in path)

    def __str__(self):
        return str(self.title)


def start_year(year) -> int:
    """The calendar year ``year`` starts in (2019 for 2019-20), given the
    ``FinancialYear`` or that number: kinds are handed either."""
    return year.start_year if hasattr(year, "start_year") else int(year)


def flatten(figures: dict | None, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """A quarter's nested figures as {path: value}."""
    flat = {}
    for key, value in (figures or {}).items():
        if isinstance(value, dict):
            flat |= flatten(value, (*prefix, str(key)))
        else:
            flat[(*prefix, str(key))] = value
    return flat


@dataclass(frozen=True)
class Line:
    """One figure of a quarter in the dry run: what the extract yields beside what is
    held."""

    label: str
    new: Any
    held: Any

    @property
    def differs(self) -> bool:
        return _comparable(self.new) != _comparable(self.held)


def _comparable(value):
    from decimal import Decimal, InvalidOperation

    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def compare(kind: ExtractKind, quarters: dict[int, dict], held: dict[int, dict]
            ) -> dict[int, list[Line]]:
    """For each quarter the extract yields, its figures beside those held (figures
    held but not in the extract are listed too, as going)."""
    out = {}
    for quarter in sorted(quarters):
        new, old = flatten(quarters[quarter]), flatten(held.get(quarter))
        paths = list(new) + [p for p in old if p not in new]
        out[quarter] = [Line(kind.label(p), new.get(p), old.get(p)) for p in paths]
    return out


def result_to_json(result: ExtractResult) -> dict:
    return {
        "quarters": {str(q): figures for q, figures in result.quarters.items()},
        "rejections": [[r.row, r.reason] for r in result.rejections],
        "rows": result.rows,
        "notes": [str(n) for n in result.notes],
    }


def result_from_json(data: dict) -> ExtractResult:
    return ExtractResult(
        quarters={int(q): figures for q, figures in data["quarters"].items()},
        rejections=[Rejection(row=row, reason=reason) for row, reason in data["rejections"]],
        rows=data["rows"], notes=list(data["notes"]),
    )


_KINDS: dict[str, ExtractKind] = {}


def register(kind: ExtractKind) -> ExtractKind:
    _KINDS[kind.key] = kind
    return kind


def kinds() -> list[ExtractKind]:
    return list(_KINDS.values())


def get_kind(key: str) -> ExtractKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise ValidationError(gettext(
            "There is no kind of extract called “%(key)s”. The kinds are: %(kinds)s."
        ) % {"key": key, "kinds": ", ".join(sorted(_KINDS))}) from None


__all__ = [
    "CSV",
    "XLSX",
    "Column",
    "ExtractKind",
    "ExtractResult",
    "Line",
    "Rejection",
    "canonical",
    "compare",
    "file_sha256",
    "flatten",
    "get_kind",
    "kinds",
    "max_rows",
    "missing_columns",
    "read_frame",
    "read_raw",
    "register",
    "result_from_json",
    "result_to_json",
    "size_limit_text",
]
