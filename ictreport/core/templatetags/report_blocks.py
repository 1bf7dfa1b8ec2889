"""Rendering ``SectionData`` blocks: one template per block type, shared by every page."""

import re
from urllib.parse import quote

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ictreport.core import charts
from ictreport.core.export import table_dataset
from ictreport.core.formatting import format_value
from ictreport.core.sections import BulletList, Chart, Heading, Table, Text

register = template.Library()

_TEMPLATES = {
    Text: "report/blocks/text.html",
    Heading: "report/blocks/heading.html",
    BulletList: "report/blocks/list.html",
    Table: "report/blocks/table.html",
    Chart: "report/blocks/chart.html",
}
_BULLET = re.compile(r"^\s*(?:[-·•*])\s+")


@register.simple_tag(takes_context=True)
def render_block(context, block, heading_level=3):
    """Render one block; ``heading_level`` is the level its headings and captions take."""
    name = _TEMPLATES[type(block)]
    ctx = {"block": block, "heading_level": heading_level,
           "export_query": context.get("export_query")}
    if isinstance(block, Chart):
        ctx["figure"] = charts.figure(block)
        ctx["chart_id"] = f"chart-{block.key}"
        ctx["data_id"] = f"chart-{block.key}-data"
    elif isinstance(block, Table):
        ctx["rows"] = [(row, list(zip(row.cells, block.columns, strict=True)))
                       for row in block.rows]
    return template.loader.render_to_string(name, ctx)


@register.filter
def cell(value, fmt="text"):
    text = format_value(value, fmt)
    if fmt in {"int", "money", "percent", "decimal"} and value is not None and value < 0:
        return format_html('<span class="negative">{}</span>', text)
    return text


@register.filter
def csv_data_url(table: Table) -> str:
    """A chart's data table as a CSV file in a ``data:`` URL, for its "download data" link.

    The file travels in the page, so the link works wherever the chart is drawn: a
    dashboard, the report page, a frozen edition (the figures as they were published)
    and the standalone file opened from disk; no server round trip, no other address
    to guard. Cells go through the same formula-neutralising export as every download.
    """
    return "data:text/csv;charset=utf-8," + quote(table_dataset(table).export("csv"), safe="")


@register.filter
def prose(text):
    """Plain text to HTML: blank lines separate paragraphs, "- " lines are bullets."""
    html, bullets, paragraph = [], [], []

    def flush_paragraph():
        if paragraph:
            html.append(format_html("<p>{}</p>", " ".join(paragraph)))
            paragraph.clear()

    def flush_bullets():
        if bullets:
            html.append(format_html("<ul>{}</ul>",
                                    format_html_join("", "<li>{}</li>", ((b,) for b in bullets))))
            bullets.clear()

    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            flush_paragraph()
            flush_bullets()
        elif _BULLET.match(line):
            flush_paragraph()
            bullets.append(_BULLET.sub("", line).strip())
        else:
            flush_bullets()
            paragraph.append(line.strip())
    flush_paragraph()
    flush_bullets()
    return mark_safe("".join(str(h) for h in html))
