"""Whole-report files: one organisation's annual report for one year, every section.

The format is YAML (documented in ``docs/report-file.md``). Reading validates the whole
file before anything is written, reports each problem with its key path
(``finance.lines[2].budget: must be a number ≥ 0``), then writes everything in one
transaction: a file is imported whole or not at all. Importing a file again updates in
place and writes only what differs (``ictreport.core.writes``): the same file again
writes nothing. Writing gives the same format back, so export → import → export is
identical.

Each section app registers a file part (``ictreport.core.file_parts.FilePart``, in its
``file_part.py``): its schema built from ``ictreport.core.file_fields``, its checks, save
and dump. This module owns the file's frame, the report's cover and prose, and the
sections' ``text`` (intro/commentary); ``file_yaml`` reads and writes the YAML.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field

from ictreport.core import registry, year_locks
from ictreport.core.file_fields import (
    Count,
    Money,
    Name,
    NonNegativeMoney,
    Percent,
    Period,
    Problem,
    ReportFileError,
    StrictModel,
    YearSlug,
    validate_part,
)
from ictreport.core.file_parts import duplicate_period_problems
from ictreport.core.file_welsh import (
    WelshKey,
    add_welsh,
    check_welsh,
    prefixed,
    save_welsh,
    split_welsh,
)
from ictreport.core.file_yaml import dump_yaml, load_yaml
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
from ictreport.core.writes import upsert

# Count … duplicate_period_problems are transitional, until projects and finance import
# them from ``file_fields`` and ``file_parts`` (their conversion, shape-b).
__all__ = [  # noqa: RUF022
    "Problem", "ReportFileError", "read_report_file", "write_report_file",
    "Count", "Money", "Name", "NonNegativeMoney", "Percent", "Period", "StrictModel",
    "YearSlug", "duplicate_period_problems",
]

FORMAT_VERSION = 1


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


# The Welsh beside the cover's, the narrative's and the sections' texts (``<key>_cy``,
# ``ictreport.core.file_welsh``); each section's own are its part's ``welsh_keys``.
def _report_rows(organisation, year):
    return {"organisation": organisation, "year": year}


_COVER_WELSH = {
    **{f"report.{name}": WelshKey(AnnualReport, name, _report_rows, by_text=False)
       for name in ("title", "issuing_office", "lead_chief_officer", "timing", "purpose")},
    **{f"report.narrative.{name}": WelshKey(AnnualReport, name, _report_rows, by_text=False,
                                            paragraphs=True)
       for name in NARRATIVE_FIELDS},
}


def _section_text_rows(section: str):
    def rows(organisation, year):
        return {"report__organisation": organisation, "report__year": year,
                "section": section}
    return rows


def _welsh_keys(parts) -> dict[str, WelshKey]:
    keys = dict(_COVER_WELSH)
    for part in parts:
        rows = _section_text_rows(part.key)
        keys[f"{part.key}.text.intro"] = WelshKey(SectionText, "intro", rows, by_text=False)
        keys[f"{part.key}.text.commentary"] = WelshKey(SectionText, "commentary", rows,
                                                       by_text=False)
        keys.update(prefixed(part.key, part.welsh_keys))
    return keys


# Reading -----------------------------------------------------------------------------


def read_report_file(text: str) -> AnnualReport:
    """Validate a whole-report file and write it in one transaction.

    Raises ``ReportFileError`` listing every problem found; the database is then as it
    was before the call. ``import_notes`` on the report returned lists what the file
    said that was not taken (a ``status``: sign-off is not a file's to change).
    """
    # The English is read and written as English (modeltranslation's ``name`` is the
    # active language's); the Welsh goes by its ``_cy`` keys.
    with translation.override("en"):
        return _read(text)


def _read(text: str) -> AnnualReport:
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise ReportFileError([Problem("", _("the file must be a mapping of keys to values"))])
    welsh = split_welsh(data)
    data = welsh.data

    header, problems = validate_part(Header, data, "")
    problems += welsh.problems
    organisation = None
    if header is not None:
        organisation = Organisation.objects.filter(slug=header.organisation).first()
        if organisation is None:
            problems.append(Problem(
                "organisation",
                _("no organisation has the short name '%(organisation)s'; add it in the "
                  "admin first") % {"organisation": header.organisation},
            ))
    start_year = header.year if header is not None else None
    notes = _status_notes(header, organisation) if organisation is not None else []

    parts = []
    known = {p.key: p for p in registry.file_parts()}
    for key, value in data.items():
        if key in _FRAME_KEYS:
            continue
        section = known.get(key)
        if section is None:
            problems.append(Problem(str(key), _("is not a known section of the report")))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(str(key), _("must be a mapping of keys to values")))
            continue
        value = dict(value)
        text_part, text_problems = validate_part(SectionTextPart, value.pop("text", {}) or {},
                                                 f"{key}.text")
        part, part_problems = validate_part(section.schema, value, key)
        problems += text_problems + part_problems
        if part is not None and start_year is not None:
            problems += section.check(part, organisation=organisation, year=start_year,
                                      path=key)
        parts.append((section, text_part, part))
    welsh_keys = _welsh_keys(known.values())
    problems += check_welsh(welsh.entries, welsh_keys)

    if problems:
        raise ReportFileError(problems)

    try:
        with transaction.atomic():
            report = _write(header, organisation, parts)
            save_welsh(welsh.entries, welsh_keys, organisation=organisation,
                       year=report.year)
    except DjangoValidationError as exc:
        raise ReportFileError([Problem(path, "; ".join(messages))
                               for path, messages in _django_messages(exc)]) from None
    except (IntegrityError, DatabaseError) as exc:
        # Every rule the database holds is checked above first, so this is a rule that
        # only the database saw (or a concurrent writer); still nothing was written.
        raise ReportFileError([Problem("", _("the database refused the file: %(error)s")
                                       % {"error": exc})]) from None
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
    return [Problem("report.status", _(
        "ignored: the file says '%(wanted)s', and the report stays %(status)s; a report's "
        "status changes only by the sign-off steps in the admin (approve, publish, "
        "reopen), never by a file") % {"wanted": wanted, "status": status})]


def _django_messages(exc: DjangoValidationError):
    path = getattr(exc, "path", "")
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            yield (f"{path}.{field}" if path else field), [m for e in errors for m in e.messages]
    else:
        yield path, exc.messages


def _write(header: Header, organisation: Organisation, parts) -> AnnualReport:
    year, _created = FinancialYear.objects.get_or_create(start_year=header.year)
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


def write_report_file(report: AnnualReport) -> str:
    """The report as a whole-report file, every registered section's part included,
    with the Welsh held beside each text as its ``_cy`` sibling."""
    with translation.override("en"):
        return _written(report)


def _written(report: AnnualReport) -> str:
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
    for section in registry.file_parts():
        part = section.dump(organisation=organisation, year=year) or {}
        text = texts.get(section.key)
        if text is not None:
            part = {"text": {k: v for k, v in (("intro", text.intro),
                                               ("commentary", text.commentary)) if v},
                    **part}
        if part:
            data[section.key] = part
    data = add_welsh(data, _welsh_keys(registry.file_parts()), organisation=organisation,
                     year=year)
    return dump_yaml(data)
