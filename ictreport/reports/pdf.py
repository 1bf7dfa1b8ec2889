"""The annual report as a PDF board paper, rendered by WeasyPrint.

The PDF is built from the same ``assemble(report)`` document as the report page (same
chapters, numbering and ``SectionData`` blocks), drawn with print templates
(``templates/reports/pdf/``) and ``static/css/print.css``. Charts are vector SVG images
of the page's own plotly figures (``chart_images``); without Chromium the PDF is still
made, with every chart's data table and a note that the charts were left out.

A finished PDF is cached under a key derived from everything it shows, so an unchanged
report downloads at once and a changed one is rendered afresh. The PDF is drawn in the
active language (``translation.override``): its words, ``<html lang>`` (WeasyPrint's
/Lang), title and "Page X of Y"; each language's PDF has its own key.
"""

import base64
import gc
import json
import logging
import re
import threading
from dataclasses import dataclass
from importlib.metadata import version

import plotly
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, to_locale

from ictreport.core import charts
from ictreport.core.data_version import cache_key as data_version_key
from ictreport.core.data_version import data_version
from ictreport.core.models import AnnualReport
from ictreport.core.sections import Block, BulletList, Chart, Heading, Table, Text
from ictreport.reports import chart_images
from ictreport.reports.outline import Chapter, Paragraph, ReportDocument, assemble
from ictreport.reports.rendering import status_marking, status_note

logger = logging.getLogger(__name__)

PAGE_TEMPLATE = "reports/pdf/report.html"
# The pages' block templates (``report_blocks``), but for the chart: on paper it is an
# image, not a plot to draw.
BLOCK_TEMPLATES = {
    Text: "report/blocks/text.html",
    Heading: "report/blocks/heading.html",
    BulletList: "report/blocks/list.html",
    Table: "report/blocks/table.html",
    Chart: "reports/pdf/blocks/chart.html",
}
STYLESHEET = "css/print.css"
# Part of the cache key. The templates and stylesheet are hashed as they are, so bump
# this only when this module changes what a PDF of the same data looks like.
RENDERING_VERSION = 1
# The renderers' versions, for the key too (read from their installed metadata, which
# is what __version__ says, without importing WeasyPrint).
RENDERERS = f"{version('weasyprint')}-{plotly.__version__}"
# The key changes with the content, so an old entry is never served for a changed
# report; the timeout only clears out PDFs nobody asks for any more.
CACHE_SECONDS = 60 * 60 * 24 * 30


class PdfRenderError(Exception):
    """The PDF could not be made. The cause is chained and has been logged."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    # Why the charts were left out, or "" when the PDF has every chart.
    charts_left_out: str = ""
    from_cache: bool = False


@dataclass(frozen=True)
class _PrintChapter:
    chapter: Chapter
    paragraphs: list[tuple[Paragraph, list[SafeString]]]

    @property
    def sections(self) -> list[Paragraph]:
        """The chapter's data sections, listed under it in the contents."""
        return [para for para, _ in self.paragraphs if para.section]


def pdf_filename(report: AnnualReport) -> str:
    """The live PDF's file name, in the active language: the Welsh paper says so."""
    language = get_language().split("-")[0]
    suffix = "" if language == "en" else f"-{language}"
    return f"ict-annual-report-{report.organisation.slug}-{report.year.slug}{suffix}.pdf"


def report_pdf(report: AnnualReport, *, public: bool = False,
               language: str | None = None) -> RenderedPdf:
    """The report's PDF in ``language`` (the active one when None): from the cache when
    nothing in it has changed, else rendered.

    Raises ``PdfRenderError`` (after logging the cause) when it cannot be made. A PDF
    made without its charts is not cached, so the charts appear once Chromium works.
    """
    with translation.override(language or get_language()):
        return _report_pdf(report, public=public)


def _report_pdf(report: AnnualReport, *, public: bool) -> RenderedPdf:
    try:
        version = data_version(report.organisation_id, report.year_id)
        key = pdf_key(report, public=public, version=version)
        content = _from_cache(key, report)
        if content is not None:
            return RenderedPdf(content, from_cache=True)
        pdf = render(assemble(report, public=public, version=version))
    except Exception as exc:
        logger.exception("Rendering the PDF of %s (%s %s) failed.",
                         report, report.organisation.slug, report.year.slug)
        raise PdfRenderError(str(exc)) from exc
    if not pdf.charts_left_out:
        try:
            cache.set(key, pdf.content, CACHE_SECONDS)
        except Exception:
            # The PDF is good; the next download renders it again.
            logger.warning("Could not cache the PDF of %s.", report, exc_info=True)
    return pdf


def _from_cache(key: str, report: AnnualReport) -> bytes | None:
    """The cached PDF, or None when there is none -- or when the cache cannot be read
    (CACHE_DIR not a directory, unreadable, a damaged entry): the PDF is then rendered
    afresh rather than refused, and the cause logged (``check`` names it too)."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Could not read the PDF cache for %s; rendering it afresh.", report,
                       exc_info=True)
        return None


@dataclass(frozen=True)
class PdfSource:
    """What a PDF will show, made without drawing anything: the print page's HTML with
    a slot for each chart's image, and each slot's plotly figure (plain JSON). An
    edition freezes it at the publish step; the worker draws it (``draw``)."""

    html: str
    charts: list[dict]  # [{"slot": str, "figure": dict}], in the page's order

    def as_json(self) -> dict:
        return {"html": self.html, "charts": self.charts}


_SLOT = "ictreport-chart-slot-{}"


def source(document: ReportDocument, *, edition: dict | None = None) -> PdfSource:
    """The PDF's source: the page as it will be printed, each chart a slot its image
    fills when it is drawn. Cheap (templates only): allowed in a request."""
    document_charts = list(dict.fromkeys(_charts(document)))
    slots = {chart: _SLOT.format(index) for index, chart in enumerate(document_charts)}
    return PdfSource(
        html=_page_html(document, slots, left_out="", edition=edition),
        charts=[{"slot": slots[chart], "figure": _plain(charts.figure(chart))}
                for chart in document_charts],
    )


def draw(pdf_source: PdfSource) -> bytes:
    """Draw a source: each chart's SVG into its slot, then WeasyPrint. Raises
    ``chart_images.ChartsUnavailable`` when a chart cannot be drawn (nothing is drawn
    without its charts) and ``RenderRefused`` outside a worker on an app server."""
    from ictreport.reports.jobs import check_render_allowed

    check_render_allowed()  # on an app server, only the worker draws (docs/deploy.md)
    html = pdf_source.html
    for chart in pdf_source.charts:
        # The slot is only ever a whole attribute value our template wrote: a report's
        # own text is escaped, so it cannot hold the quoted slot.
        html = html.replace(f'src="{chart["slot"]}"', f'src="{_figure_uri(chart["figure"])}"')
    return _write_pdf(html)


def _figure_uri(figure: dict) -> str:
    """A frozen figure as an SVG data URI, as ``chart_images.svg_data_uris`` draws a
    chart's."""
    svg = chart_images.server.svg(figure, width=chart_images.WIDTH,
                                  height=figure["layout"]["height"])
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def render(document: ReportDocument, *, edition: dict | None = None) -> RenderedPdf:
    """Render the PDF now, drawing the charts if Chromium can (the live PDF: made
    without its charts when they cannot be drawn). ``edition`` is a published
    edition's note (``ictreport.reports.editions``); an edition itself is drawn from
    its frozen ``source`` by ``draw``."""
    from ictreport.reports.jobs import check_render_allowed

    check_render_allowed()  # on an app server, only the worker draws (docs/deploy.md)
    report = document.report
    document_charts = _charts(document)
    images, left_out = {}, ""
    if document_charts:
        try:
            images = chart_images.svg_data_uris(document_charts)
        except chart_images.ChartsUnavailable as exc:
            left_out = str(exc)
            logger.warning("Charts left out of the PDF of %s (%s %s): %s",
                           report, report.organisation.slug, report.year.slug, left_out)
    html = _page_html(document, images, left_out=left_out, edition=edition)
    return RenderedPdf(_write_pdf(html), charts_left_out=left_out)


def _page_html(document: ReportDocument, images: dict[Chart, str], *, left_out: str,
               edition: dict | None) -> str:
    report = document.report
    chapters = [
        _PrintChapter(chapter, [
            (para, [_render_block(b, images) for b in para.section.blocks]
             if para.section else [])
            for para in chapter.paragraphs
        ])
        for chapter in document.chapters
    ]
    return render_to_string(PAGE_TEMPLATE, {
        "report": report,
        "chapters": chapters,
        "charts_left_out": bool(left_out),
        "edition": edition,
        "lang": _language_tag(),
        # A published edition is the approved paper: it carries no draft marking.
        "status_marking": "" if edition else status_marking(report),
        "status_note": "" if edition else status_note(report),
        "print_css": mark_safe(_stylesheet_text()),  # our own file, read as is
        # Every string in the page CSS is escaped.
        "page_css": mark_safe(_page_css(report, marked=not edition)),
    })


def __getattr__(name: str):
    """``pdf.weasyprint``: WeasyPrint, imported when first needed (below)."""
    if name == "weasyprint":
        import weasyprint

        return weasyprint
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _write_pdf(html: str) -> bytes:
    # WeasyPrint (and Pango through it) is imported by the first PDF, not when Django
    # starts: only the PDF worker draws, and importing it took ~0.6 s of every
    # process's start (web workers, manage.py commands). Before the freeze below, so
    # that its modules are among the objects frozen.
    import weasyprint

    _freeze_long_lived_objects()
    return weasyprint.HTML(
        string=html,
        # Everything is in the document (styles inline, images as data URIs); nothing
        # a report's text could name is ever fetched.
        url_fetcher=weasyprint.URLFetcher(allowed_protocols={"data"}),
    ).write_pdf(pdf_variant="pdf/ua-1")


_frozen = threading.Lock()
_frozen_once = False


def _freeze_long_lived_objects() -> None:
    """Once per process, before its first PDF: collect, then move every object left
    (Django, plotly, WeasyPrint's modules and caches: ~190,000) out of the cyclic
    garbage collector's reach (``gc.freeze``).

    A render makes hundreds of thousands of objects, so the collector runs full
    collections during it, and each one walked the whole process; it now walks only
    what the renders made. It took a fifth of a render's CPU time
    (docs/benchmark-pdf.md). Frozen objects are still freed when no longer referenced;
    only a reference cycle among them is never collected, which costs nothing for
    what a process keeps to its end (modules, settings, caches). Done once: freezing
    again would also keep cycles that later requests left behind."""
    global _frozen_once
    if _frozen_once:
        return
    with _frozen:
        if not _frozen_once:
            gc.collect()
            gc.freeze()
            _frozen_once = True


def _plain(figure: dict) -> dict:
    """A figure as plain JSON (lazy translations forced to ``str``), to be frozen."""
    return json.loads(json.dumps(figure, cls=DjangoJSONEncoder))


def pdf_key(report: AnnualReport, *, public: bool, version: int,
            language: str | None = None) -> str:
    """The cached PDF's key: the report's data version (which changes with anything it
    shows), the language (``language``, the active one when None), the edition, and how
    it is drawn (the code and templates' hash, ``RENDERING_VERSION`` and the renderers'
    versions). No assembly needed."""
    drawn = f"{RENDERING_VERSION}-{RENDERERS}"
    with translation.override(language or get_language()):
        return data_version_key("report-pdf", organisation=report.organisation_id,
                                year=report.year_id, version=version, public=public,
                                drawn=drawn, pdf_language=get_language())


def _charts(document: ReportDocument) -> list[Chart]:
    return [block for section in document.sections for block in section.blocks
            if isinstance(block, Chart)]


def _render_block(block: Block, images: dict[Chart, str]) -> SafeString:
    ctx = {"block": block, "print": True, "heading_level": 4}
    if isinstance(block, Table):
        ctx.update(_table_context(block, caption=block.caption))
    elif isinstance(block, Chart):
        table = block.table
        ctx["image"] = images.get(block)
        ctx["data_table"] = render_to_string(BLOCK_TEMPLATES[Table], {
            "block": table, "print": True,
            **_table_context(table, caption=gettext("Data table: %(title)s")
                             % {"title": block.title}),
        })
    return mark_safe(render_to_string(BLOCK_TEMPLATES[type(block)], ctx))


def _table_context(table: Table, *, caption: str) -> dict:
    return {
        "caption": caption,
        "rows": [(row, list(zip(row.cells, table.columns, strict=True))) for row in table.rows],
    }


def _stylesheet_text() -> str:
    with open(finders.find(STYLESHEET), encoding="utf-8") as handle:
        return handle.read()


_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def _page_css(report: AnnualReport, *, marked: bool = True) -> str:
    """The margin boxes' words: the report's marking, beside it DRAFT (or APPROVED —
    not yet published) on a report not yet published, and "Page X of Y" in the
    language."""
    marking = _css_string(report.classification)
    status = status_marking(report) if marked else ""
    status_boxes = (
        f" @top-right {{ content: {_css_string(status)}; }}"
        f" @bottom-left {{ content: {_css_string(status)}; }}"
    ) if status else ""
    counter = []
    pattern = gettext("Page %(page)s of %(pages)s")
    position = 0
    for match in _PLACEHOLDER.finditer(pattern):
        if match.start() > position:
            counter.append(_css_string(pattern[position:match.start()]))
        counter.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(pattern):
        counter.append(_css_string(pattern[position:]))
    return (
        "@page {"
        f" @top-center {{ content: {marking}; }}"
        f" @bottom-center {{ content: {marking}; }}"
        f" @bottom-right {{ content: {' '.join(counter)}; }}"
        f"{status_boxes}"
        " }"
    )


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string: anything but letters, digits and spaces escaped.

    A space after a hex escape ends the escape and is dropped, so every escape is ended
    with one of its own: the text's own spaces stay ("APPROVED — not yet published")."""
    return '"' + "".join(
        ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x} " for ch in text
    ) + '"'


def _language_tag() -> str:
    """The active language as a BCP 47 tag for ``<html lang>``: en-gb → en-GB."""
    return to_locale(get_language()).replace("_", "-")
