"""Whole-report files: one organisation's annual report for one year, every section.

The format is YAML (documented in ``docs/report-file.md``). Reading validates the whole
file before anything is written, reports each problem with its key path
(``finance.lines[2].budget: must be a number ≥ 0``), then writes everything in one
transaction: a file is imported whole or not at all. Importing a file again updates in
place and writes only what differs (``ictreport.core.writes``): the same file again
writes nothing. Writing gives the same format back, so export → import → export is
identical.

Section apps describe their part with a pydantic model (``ReportSection.schema``) built
from the field types below, and save/dump it themselves; this module owns the file's
frame, the report's cover and prose, and the sections' ``text`` (intro/commentary).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

import yaml
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, IntegrityError, transaction
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic import ValidationError as PydanticValidationError

from ictreport.core import registry, year_locks
from ictreport.core.models import (
    NARRATIVE_FIELDS,
    AnnualReport,
    FinancialYear,
    Organisation,
    ReportStatus,
    SectionText,
    join_paragraphs,
    split_paragraphs,
)
from ictreport.core.periods import Quarter, parse_year_slug, year_slug
from ictreport.core.writes import upsert

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}" if self.path else self.message


class ReportFileError(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# Field types for section schemas -------------------------------------------------------


class StrictModel(BaseModel):
    """A part of the file: unknown keys are mistakes, not extras to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError("must be a financial year written like 2019-20")
    try:
        return parse_year_slug(str(value))
    except ValueError:
        raise ValueError("must be a financial year written like 2019-20") from None


def _period(value: Any) -> Quarter:
    if isinstance(value, Quarter):
        return value
    try:
        return Quarter.from_code(str(value))
    except ValueError:
        raise ValueError("must be full-year, Q1, Q2, Q3 or Q4") from None


YearSlug = Annotated[int, BeforeValidator(_year), PlainSerializer(year_slug)]
Period = Annotated[Quarter, BeforeValidator(_period), PlainSerializer(lambda q: q.code)]
Count = Annotated[int, Field(ge=0, strict=True)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]
Money = Annotated[Decimal, Field(decimal_places=2, max_digits=14)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, decimal_places=2, max_digits=14)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


# Turning pydantic's errors into key paths and plain messages ---------------------------


def _path(prefix: str, loc: tuple) -> str:
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


def _message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known key"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = {"greater_than_equal": "≥", "greater_than": ">",
                 "less_than_equal": "≤", "less_than": "<"}[kind]
        limit = next(iter(ctx.values()))
        return f"must be a number {bound} {limit}"
    if kind.startswith("int_"):
        return "must be a whole number"
    if kind.startswith(("decimal_", "float_")):
        if kind == "decimal_max_places":
            return f"must have at most {ctx.get('decimal_places')} decimal places"
        return "must be a number"
    if kind.startswith(("date_", "datetime_")):
        return "must be a date written like 2020-09-03"
    if kind.startswith("bool_"):
        return "must be true or false"
    if kind in {"string_type"}:
        return "must be text"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind in {"list_type", "tuple_type"}:
        return "must be a list"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "must be a mapping of keys to values"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def validate_part(model: type[BaseModel], data: Any, prefix: str):
    """``(instance, [])`` or ``(None, problems)`` with each problem's key path."""
    try:
        return model.model_validate(data), []
    except PydanticValidationError as exc:
        return None, [Problem(_path(prefix, e["loc"]), _message(e)) for e in exc.errors()]


def duplicate_period_problems(periods: list[tuple[int, Quarter]], prefix: str) -> list[Problem]:
    """Rules over a list of returns ``[(start_year, quarter), …]`` at ``prefix[i]``: no
    period twice, and no year with both a full-year return and quarterly ones."""
    problems, seen, kinds = [], {}, {}
    for index, (year, quarter) in enumerate(periods):
        path = f"{prefix}[{index}]"
        if (year, quarter) in seen:
            problems.append(Problem(
                f"{path}.period",
                f"{year_slug(year)} {quarter.code} is already given at "
                f"{prefix}[{seen[year, quarter]}]",
            ))
            continue
        seen[year, quarter] = index
        full_year = quarter == Quarter.FULL_YEAR
        if year in kinds and kinds[year][0] != full_year:
            problems.append(Problem(
                f"{path}.period",
                f"{year_slug(year)} cannot have both a full-year return and quarterly ones "
                f"(see {prefix}[{kinds[year][1]}])",
            ))
        kinds.setdefault(year, (full_year, index))
    return problems


# The file's frame --------------------------------------------------------------------


class Narrative(StrictModel):
    """The report's prose: each field a list of numbered paragraphs."""

    recommendation: list[str] = []
    introduction: list[str] = []
    strategy: list[str] = []
    governance: list[str] = []
    next_steps: list[str] = []
    financial: list[str] = []
    personnel: list[str] = []
    legal: list[str] = []
    equalities: list[str] = []
    risk: list[str] = []
    public_interest: list[str] = []
    contact_officer: list[str] = []
    annexes: list[str] = []


assert set(Narrative.model_fields) == set(NARRATIVE_FIELDS)


class Cover(StrictModel):
    title: Name
    issuing_office: str = ""
    lead_chief_officer: Name
    date: dt.date
    timing: Name
    purpose: Name
    classification: Annotated[str, Field(min_length=1, max_length=100)]
    publicly_disclosable: bool = False
    # Written by an export to say where sign-off stood; an import only checks it: the
    # status moves by the sign-off steps alone (``_status_problems``).
    status: Literal["draft", "approved", "published"] | None = None
    narrative: Narrative = Narrative()


class Header(BaseModel):
    model_config = ConfigDict(extra="ignore")  # the sections' keys are read separately

    format: Literal[1]
    organisation: Annotated[str, Field(min_length=1)]
    year: YearSlug
    report: Cover


class SectionTextPart(StrictModel):
    intro: str = ""
    commentary: str = ""


_FRAME_KEYS = set(Header.model_fields)


# Reading -----------------------------------------------------------------------------


# Limits on what a file may be, far above any real report (the shipped 2019/20 file is
# 20 KB, nested 6 deep, about 600 nodes) and far below what would exhaust the process:
# PyYAML composes nested collections recursively (50,000 deep is a RecursionError),
# and aliases to aliases ("billion laughs") expand exponentially once read.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 20
MAX_NODES = 200_000


def _load_yaml(text: str) -> Any:
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise ReportFileError([Problem("", (
            f"the file is {size / 1024 / 1024:.1f} MB; a report file may be at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB"))])
    try:
        _check_shape(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            return None
        duplicates = sorted(_duplicate_keys(node, ""), key=lambda found: found[0])
        if duplicates:
            raise ReportFileError([problem for _, problem in duplicates])
        return yaml.SafeLoader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the file"
        raise ReportFileError([Problem("", f"{where}: not valid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ReportFileError([Problem("", f"not valid YAML: {exc}")]) from None


def _check_shape(text: str) -> None:
    """Refuse over-deep nesting and alias expansion from the parser's events, before
    anything recursive (composing, constructing, validating) sees the document."""
    depth = nodes = 0
    open_collections = []  # (anchor, nodes before it, depth at it, deepest inside it)
    sizes: dict[str, tuple[int, int]] = {}  # anchor → (nodes, depth) it expands to
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                _refuse(f"line {line}: nested more than {MAX_DEPTH} levels deep; a report "
                        "file needs far fewer")
            open_collections.append([event.anchor, nodes, depth, depth])
            nodes += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before, at, deepest = open_collections.pop()
            if open_collections:
                open_collections[-1][3] = max(open_collections[-1][3], deepest)
            if anchor is not None:
                sizes[anchor] = (nodes - before, deepest - at + 1)
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if event.anchor is not None:
                sizes[event.anchor] = (1, 0)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                if any(c[0] == event.anchor for c in open_collections):
                    _refuse(f"line {line}: the alias *{event.anchor} refers to the "
                            "collection it is in")
                continue  # an unknown anchor: composing says so, with its line
            size, alias_depth = sizes[event.anchor]
            nodes += size
            if depth + alias_depth > MAX_DEPTH:
                _refuse(f"line {line}: the alias *{event.anchor} nests the file more than "
                        f"{MAX_DEPTH} levels deep")
            if open_collections:
                open_collections[-1][3] = max(open_collections[-1][3], depth + alias_depth)
        if nodes > MAX_NODES:
            _refuse(f"line {line}: the file holds more than {MAX_NODES:,} values once its "
                    "aliases are expanded; a report file needs far fewer")


def _refuse(message: str):
    raise ReportFileError([Problem("", message)])


def _duplicate_keys(node, path: str):
    """``(line, problem)`` for every key given twice in one mapping, at any level, with
    its path and lines (YAML itself silently takes the last)."""
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, f"{path}[{index}]")
    elif isinstance(node, yaml.MappingNode):
        seen = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            child = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + 1
            if key in seen:
                yield line, Problem(child, f"{key} appears twice, lines {seen[key]} and {line}")
            else:
                seen[key] = line
                yield from _duplicate_keys(value_node, child)


def read_report_file(text: str) -> AnnualReport:
    """Validate a whole-report file and write it in one transaction.

    Raises ``ReportFileError`` listing every problem found; the database is then as it
    was before the call. ``import_notes`` on the report returned lists what the file
    said that was not taken (a ``status``: sign-off is not a file's to change).
    """
    data = _load_yaml(text)
    if not isinstance(data, dict):
        raise ReportFileError([Problem("", "the file must be a mapping of keys to values")])

    header, problems = validate_part(Header, data, "")
    organisation = None
    if header is not None:
        organisation = Organisation.objects.filter(slug=header.organisation).first()
        if organisation is None:
            problems.append(Problem(
                "organisation",
                f"no organisation has the short name {header.organisation!r}; "
                "add it in the admin first",
            ))
    start_year = header.year if header is not None else None
    notes = _status_notes(header, organisation) if organisation is not None else []

    parts = []
    known = {s.key: s for s in registry.sections()}
    for key, value in data.items():
        if key in _FRAME_KEYS:
            continue
        section = known.get(key)
        if section is None or section.schema is None:
            problems.append(Problem(str(key), "is not a known section of the report"))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(str(key), "must be a mapping of keys to values"))
            continue
        value = dict(value)
        text_part, text_problems = validate_part(SectionTextPart, value.pop("text", {}) or {},
                                                 f"{key}.text")
        part, part_problems = validate_part(section.schema, value, key)
        problems += text_problems + part_problems
        if part is not None and start_year is not None:
            problems += [Problem(p, m) for p, m in section.check(
                part, organisation=organisation, year=start_year, path=key)]
        parts.append((section, text_part, part))

    if problems:
        raise ReportFileError(problems)

    try:
        with transaction.atomic():
            report = _write(header, organisation, parts)
    except DjangoValidationError as exc:
        raise ReportFileError([Problem(path, "; ".join(messages))
                               for path, messages in _django_messages(exc)]) from None
    except (IntegrityError, DatabaseError) as exc:
        # Every rule the database holds is checked above first, so this is a rule that
        # only the database saw (or a concurrent writer); still nothing was written.
        raise ReportFileError([Problem("", f"the database refused the file: {exc}")]) from None
    # What the file said that was not taken, for the importer to be told.
    report.import_notes = notes
    return report


def _status_notes(header: Header, organisation: Organisation) -> list[Problem]:
    """A file cannot move a report through sign-off: a ``status`` other than the
    report's own (a new report's is draft) is ignored, and said to be."""
    wanted = header.report.status
    held = AnnualReport.objects.filter(organisation=organisation, year_id=header.year).first()
    status = held.status if held is not None else ReportStatus.DRAFT
    if wanted is None or wanted == status:
        return []
    return [Problem("report.status", (
        f"ignored: the file says {wanted!r}, and the report stays {status}; a report's "
        "status changes only by the sign-off steps in the admin (approve, publish, "
        "reopen), never by a file"))]


def _django_messages(exc: DjangoValidationError):
    path = getattr(exc, "path", "")
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            yield (f"{path}.{field}" if path else field), [m for e in errors for m in e.messages]
    else:
        yield path, exc.messages


def _write(header: Header, organisation: Organisation, parts) -> AnnualReport:
    year, _ = FinancialYear.objects.get_or_create(start_year=header.year)
    cover = header.report
    values = {
        "title": cover.title,
        "issuing_office": cover.issuing_office,
        "lead_chief_officer": cover.lead_chief_officer,
        "report_date": cover.date,
        "timing": cover.timing,
        "purpose": cover.purpose,
        "classification": cover.classification,
        "publicly_disclosable": cover.publicly_disclosable,
    }
    for field in NARRATIVE_FIELDS:
        values[field] = join_paragraphs(getattr(cover.narrative, field))
    report = upsert(AnnualReport, {"organisation": organisation, "year": year}, values)
    for section, text_part, part in parts:
        if text_part.intro or text_part.commentary:
            upsert(SectionText, {"report": report, "section": section.key},
                   {"intro": text_part.intro, "commentary": text_part.commentary})
        else:
            SectionText.objects.filter(report=report, section=section.key).delete()
        try:
            with year_locks.writing_for(organisation):
                section.save(part, organisation=organisation, year=year)
        except DjangoValidationError as exc:
            # A lock's refusal names what it refused; the key path says which part.
            exc.path = getattr(exc, "path", "") or section.key
            raise
    return report


# Writing -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value):
    value = str(value)  # text choices are str subclasses
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_decimal(dumper, value: Decimal):
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


# str itself has a built-in representer that a multi-representer does not override;
# text choices (str subclasses) need the multi-representer.
_Dumper.add_representer(str, _represent_str)
_Dumper.add_multi_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)
# Written out in full every time: a reader never needs to follow an anchor.
_Dumper.ignore_aliases = lambda self, data: True


def write_report_file(report: AnnualReport) -> str:
    """The report as a whole-report file, every registered section's part included."""
    organisation, year = report.organisation, report.year
    cover = {
        "title": report.title,
        "issuing_office": report.issuing_office,
        "lead_chief_officer": report.lead_chief_officer,
        "date": report.report_date,
        "timing": report.timing,
        "purpose": report.purpose,
        "classification": report.classification,
        "publicly_disclosable": report.publicly_disclosable,
        "status": report.status,
        "narrative": {
            field: split_paragraphs(getattr(report, field))
            for field in NARRATIVE_FIELDS
            if getattr(report, field).strip()
        },
    }
    data = {
        "format": FORMAT_VERSION,
        "organisation": organisation.slug,
        "year": year.slug,
        "report": cover,
    }
    texts = {t.section: t for t in report.section_texts.all()}
    for section in registry.sections():
        if section.schema is None:
            continue
        part = section.dump(organisation=organisation, year=year) or {}
        text = texts.get(section.key)
        if text is not None:
            part = {"text": {k: v for k, v in (("intro", text.intro),
                                               ("commentary", text.commentary)) if v},
                    **part}
        if part:
            data[section.key] = part
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
