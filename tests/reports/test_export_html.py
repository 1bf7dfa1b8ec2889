"""``export_report … --format html``: the report page as one file that needs nothing
else: every section's tables and charts, the prose, styles and scripts inlined."""

import html
import json
import re

import pytest
from django.core.management import call_command

from ictreport.core.formatting import format_value
from ictreport.core.models import NARRATIVE_FIELDS
from ictreport.reports.outline import assemble
from tests.reportpage.factories import (
    FINDING_TEXT,
    RESTRICTED_TEXT,
    register_fake_section,
    reports_over_years,
)

pytestmark = pytest.mark.django_db

BULLET = re.compile(r"^\s*[-·•*]\s+")


@pytest.fixture
def exported(shipped_report, monkeypatch, tmp_path):
    register_fake_section(monkeypatch)
    reports_over_years(organisation=shipped_report.organisation, years=(2017, 2018))
    path = tmp_path / "report.html"
    call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                 "--output", str(path))
    return path.read_text(encoding="utf-8")


def test_file_holds_the_cover(exported, shipped_report):
    assert 'File classification: OFFICIAL <span lang="cy">SWYDDOGOL</span>' in exported
    assert '<p class="classification">OFFICIAL <span lang="cy">SWYDDOGOL</span></p>' in exported
    assert "Office of the Police and Crime Commissioner" in exported
    assert "Nigel Stephens, Assistant Chief Officer - Resources" in exported
    assert "3rd September 2020" in exported
    assert "<dd>Routine</dd>" in exported and "<dd>For monitoring</dd>" in exported


def test_file_holds_every_prose_paragraph(exported, shipped_report):
    for field in NARRATIVE_FIELDS:
        for paragraph in shipped_report.narrative_paragraphs(field):
            for line in filter(str.strip, paragraph.splitlines()):
                assert html.escape(BULLET.sub("", line).strip(), quote=False) in exported, line


def test_file_holds_the_staff_numbers_of_section_6(exported):
    section_6 = exported[exported.index('id="section-6"'):exported.index('id="section-7"')]
    assert "The SRS has circa 220 members of staff" in section_6
    assert "The Digital Services Division has 91 staff." in section_6


def test_file_holds_every_table_cell_and_chart_of_every_section(exported, shipped_report):
    document = assemble(shipped_report)
    assert document.sections
    for section in document.sections:
        for table in section.tables():
            assert html.escape(table.caption, quote=False) in exported, table.key
            for row in table.rows:
                for value, column in zip(row.cells, table.columns, strict=True):
                    assert html.escape(format_value(value, column.format), quote=False) \
                        in exported, (table.key, value)
    charts = re.findall(r'<script id="(chart-[^"]+-data)" type="application/json">(.*?)</script>',
                        exported, re.DOTALL)
    assert charts
    for _id, data in charts:
        assert json.loads(data)["data"]


def test_file_needs_nothing_from_anywhere_else(exported):
    assert "<style>" in exported
    assert "Plotly" in exported  # plotly.js itself
    assert not re.search(r'<(script|link|img)\b[^>]*\b(src|href)=', exported)


def test_file_is_the_staff_full_edition_with_its_data_quality_panel(exported):
    assert RESTRICTED_TEXT in exported
    assert FINDING_TEXT in exported[exported.index('<aside class="findings" id="findings"'):]
