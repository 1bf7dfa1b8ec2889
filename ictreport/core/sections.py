"""What a report section hands to the reporting code: one ``SectionData``.

A section app's ``section.py`` turns its selectors' results into these plain, frozen
objects. The dashboard page, the annual report page, the CSV/XLSX export and the PDF
all render the same object; presentation code formats values, it never computes them.

Values stay raw (``int``, ``Decimal``, ``None``); a column's or chart's ``format`` says
how to show them: ``"int"`` (21,136), ``"percent"`` (a whole number shown as 81%),
``"money"`` (£ with thousands separators), ``"text"``.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Format = Literal["int", "percent", "money", "decimal", "text"]
Value = int | Decimal | float | str | None


@dataclass(frozen=True)
class Block:
    """Anything a section shows. ``restricted`` blocks never reach a public edition."""

    restricted: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Text(Block):
    """Prose. Generated sentences and entered commentary alike; lines starting with
    "- " are bullet points."""

    text: str


@dataclass(frozen=True)
class Heading(Block):
    text: str


@dataclass(frozen=True)
class BulletList(Block):
    items: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    format: Format = "text"

    @property
    def numeric(self) -> bool:
        return self.format != "text"


@dataclass(frozen=True)
class Row:
    """One table row. The first cell is the row's header (``<th scope="row">``)."""

    cells: tuple[Value, ...]
    is_total: bool = False


@dataclass(frozen=True)
class ColumnGroup:
    """A heading spanning several columns, e.g. "2017/18" over its "No." and "%"."""

    label: str
    span: int


@dataclass(frozen=True)
class Table(Block):
    key: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    groups: tuple[ColumnGroup, ...] = ()
    note: str = ""

    def __post_init__(self):
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"Table {self.key}: a row has {len(row.cells)} cells for "
                    f"{len(self.columns)} columns."
                )
        if self.groups and sum(g.span for g in self.groups) != len(self.columns):
            raise ValueError(f"Table {self.key}: column groups do not span every column.")


ChartKind = Literal[
    "bar",  # vertical bars, one per category and series, side by side
    "stacked_bar",  # vertical bars stacked by series
    "hbar_stacked",  # horizontal bars stacked by series
    "diverging_hbar",  # horizontal bars either side of zero (one series)
    "line",  # one line per series over the categories
]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Value, ...]
    # A target or reference drawn as a dashed line, not as data.
    is_target: bool = False


@dataclass(frozen=True)
class Chart(Block):
    """A chart and, derived from the same numbers, its data table."""

    key: str
    title: str
    alt: str  # one or two sentences saying what the chart shows, for screen readers
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    format: Format = "int"
    category_title: str = ""
    value_title: str = ""

    def __post_init__(self):
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"Chart {self.key}: series {series.name!r} has {len(series.values)} "
                    f"values for {len(self.categories)} categories."
                )

    @property
    def table(self) -> Table:
        return Table(
            key=f"{self.key}-data",
            caption=self.title,
            columns=(
                Column("category", self.category_title or ""),
                *(Column(f"s{i}", s.name, self.format) for i, s in enumerate(self.series)),
            ),
            rows=tuple(
                Row((category, *(s.values[i] for s in self.series)))
                for i, category in enumerate(self.categories)
            ),
            restricted=self.restricted,
        )


@dataclass(frozen=True)
class Headline:
    """A key figure for the overview card and the section page's header."""

    label: str
    value: Value
    format: Format = "int"
    detail: str = ""  # e.g. "22% fewer than 2018/19"
    # The same figure over the years held, oldest first, for the card's trend line.
    trend: tuple[tuple[str, Value], ...] = ()


@dataclass(frozen=True)
class Finding:
    """A data-quality observation for staff: totals that disagree, figures missing."""

    message: str
    severity: Literal["warning", "info"] = "warning"


@dataclass(frozen=True)
class SectionData:
    key: str
    title: str
    blocks: tuple[Block, ...]
    headlines: tuple[Headline, ...] = ()
    findings: tuple[Finding, ...] = ()
    # False when the organisation has no figures at all for the year.
    has_data: bool = True

    @classmethod
    def empty(cls, *, key: str, title, message: str) -> "SectionData":
        """The section for a year with no figures: ``message`` says so, as one sentence."""
        return cls(key=key, title=str(title), blocks=(Text(message),), has_data=False)

    def public(self) -> "SectionData":
        """The same section without anything marked restricted."""
        return SectionData(
            key=self.key,
            title=self.title,
            blocks=tuple(b for b in self.blocks if not b.restricted),
            headlines=self.headlines,
            findings=(),
            has_data=self.has_data,
        )

    def tables(self) -> Sequence[Table]:
        """Every table the section shows, charts' data tables included, for export."""
        out = []
        for block in self.blocks:
            if isinstance(block, Table):
                out.append(block)
            elif isinstance(block, Chart):
                out.append(block.table)
        return out
