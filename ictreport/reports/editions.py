"""Drawing a published edition: its public page body, its PDF's source (drawn by the
worker, ``edition_jobs``) and the list of its figures and texts that the next edition
is compared with (``ictreport.core.editions`` stores them; this module is registered as
its renderer at start-up).

Everything comes from one ``assemble(report, public=True)``, the same document the
public page and PDF are drawn from, so the change list speaks of exactly what the
public reads, never of restricted content or the staff's data-quality findings.
"""

from collections import Counter
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ictreport.core.editions import EditionDraft, Entry
from ictreport.core.formatting import format_value
from ictreport.core.models import AnnualReport, ReportEdition
from ictreport.core.sections import BulletList, Chart, Heading, Table, Text
from ictreport.reports import edition_jobs, pdf
from ictreport.reports.outline import ReportDocument, assemble

BODY_TEMPLATE = "reports/_edition_body.html"
COVER_FIELDS = ("title", "issuing_office", "lead_chief_officer", "report_date", "timing",
                "purpose", "classification")


class Renderer:
    def prepare(self, report: AnnualReport) -> "Prepared":
        document = assemble(report, public=True)
        return Prepared(document, document_entries(document))

    def published(self, editions: list[ReportEdition]) -> None:
        # Drawn by the worker, never in the publish request (edition_jobs).
        edition_jobs.queue_after_commit([edition.pk for edition in editions])


@dataclass
class Prepared:
    document: ReportDocument
    entries: list[Entry]

    def render(self, draft: EditionDraft) -> tuple[str, dict]:
        """The page body and the PDF's source, frozen now; the PDF itself is drawn by
        the worker from that source, so it shows what was published."""
        note = edition_note(draft)
        report = self.document.report
        html = render_to_string(BODY_TEMPLATE, {
            "report": report, "document": self.document, "edition": note,
            "public_edition": True, "show_findings": False,
        })
        return html, pdf.source(self.document, edition=note).as_json()


def edition_note(draft) -> dict:
    """What the page and the PDF say of the edition, from a draft or a stored row."""
    return {
        "number": draft.number,
        "is_revision": draft.number > 1,
        "previous": draft.number - 1,
        "published_at": draft.published_at,
        "reasons": [{**reason, "at": parse_datetime(reason["at"])}
                    for reason in draft.reasons],
        "changes": draft.changes,
    }


def document_entries(document: ReportDocument) -> list[Entry]:
    """Every figure and text the document shows, each under a key that stays the same
    from one edition to the next while the thing it names stays in the report."""
    report = document.report
    entries = []
    for name in COVER_FIELDS:
        value = getattr(report, name)
        if name == "report_date":
            value = formats.date_format(value, "j F Y")
        entries.append(Entry(f"cover:{name}", _("Cover: %(field)s") % {
            "field": report._meta.get_field(name).verbose_name}, str(value)))
    for chapter in document.chapters:
        for para in chapter.paragraphs:
            if para.section is None:
                entries.append(Entry(
                    f"paragraph:{para.number}",
                    _("Paragraph %(number)s") % {"number": para.number}, para.text))
            else:
                entries += _section_entries(para)
    return entries


def _section_entries(para) -> list[Entry]:
    section = para.section
    where = f"{para.number} {section.title}"
    entries = []
    if para.intro:
        entries.append(Entry(f"{section.key}:intro", _("%(section)s: introduction") % {
            "section": where}, para.intro))
    counts = Counter()
    for block in section.blocks:
        kind = type(block).__name__.lower()
        counts[kind] += 1
        index = counts[kind]
        if isinstance(block, Text | Heading):
            entries.append(Entry(f"{section.key}:{kind}:{index}", _(
                "%(section)s: text %(index)s") % {"section": where, "index": index},
                block.text))
        elif isinstance(block, BulletList):
            entries.append(Entry(f"{section.key}:{kind}:{index}", _(
                "%(section)s: list %(index)s") % {"section": where, "index": index},
                "\n".join(block.items)))
        elif isinstance(block, Table | Chart):
            table = block.table if isinstance(block, Chart) else block
            entries += _table_entries(f"{section.key}:{kind}:{table.key}", where, table)
    if para.commentary:
        entries.append(Entry(f"{section.key}:commentary", _("%(section)s: commentary") % {
            "section": where}, para.commentary))
    return entries


def _table_entries(key: str, where: str, table: Table) -> list[Entry]:
    """One entry a cell, keyed by its row's header and its column, so a changed figure
    is named by where a reader finds it."""
    entries = []
    seen = Counter()
    for row in table.rows:
        header = str(row.cells[0]) if row.cells else ""
        seen[header] += 1
        row_key = header if seen[header] == 1 else f"{header}#{seen[header]}"
        for column, cell in zip(table.columns[1:], row.cells[1:], strict=True):
            entries.append(Entry(
                f"{key}:{row_key}:{column.key}",
                _("%(section)s: %(table)s, %(row)s, %(column)s") % {
                    "section": where, "table": table.caption, "row": header,
                    "column": column.label},
                format_value(cell, column.format)))
    return entries


def pdf_filename(report: AnnualReport, number: int, language: str = "en") -> str:
    """The edition's file name; a copy in another language than English says which."""
    suffix = "" if language == "en" else f"-{language}"
    return (f"ict-annual-report-{report.organisation.slug}-{report.year.slug}"
            f"-edition-{number}{suffix}.pdf")
