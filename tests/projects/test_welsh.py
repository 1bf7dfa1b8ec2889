"""Section 3.5 and its page in Welsh: the product's catalogue gives Welsh sentences with
the figures in them, and none of the projects app's English strings is left.

The English strings are the catalogue's own msgids referenced from the projects app's
files (``projects/``, ``templates/projects/``), read from locale/cy/LC_MESSAGES/django.po.
"""

import ast
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from ictreport.core.formatting import format_value
from ictreport.core.models import FinancialYear
from ictreport.core.periods import Quarter
from ictreport.core.sections import BulletList, Chart, Heading, Table, Text
from projects import wording
from projects.models import ProjectStatus, Rag
from projects.section import PrioritiesSection, ProjectsSection
from projects.selectors import WorkFigures
from tests.projects.factories import (
    ProjectFactory,
    ProjectUpdateFactory,
    TeamFactory,
    TeamWorkFactory,
)

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.po"
OURS = ("projects/", "templates/projects/")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%|<[^>]+>")


def _unquote(lines):
    return "".join(ast.literal_eval(line) for line in lines)


def our_entries() -> list[tuple[list[str], str]]:
    """Every entry the catalogue references from the projects app: its msgid and plural
    msgid, and its Welsh (all forms)."""
    if not CATALOGUE.exists():
        pytest.fail(f"No Welsh catalogue at {CATALOGUE}: the build compiles it from there.")
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        refs = " ".join(line[3:] for line in lines if line.startswith("#:"))
        if not any(f" {prefix}" in f" {refs}" for prefix in OURS):
            continue
        current, fields = None, {}
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[current].append(line)
                continue
            current, _space, literal = line.partition(" ")
            fields[current] = [literal]
        english = [_unquote(fields[k]) for k in ("msgid", "msgid_plural") if k in fields]
        welsh = " ".join(_unquote(v) for k, v in fields.items() if k.startswith("msgstr"))
        if english[0]:
            entries.append((english, welsh))
    return entries


def english_phrases() -> set[str]:
    """The literal text of our msgids, cut at placeholders and tags: each phrase of two
    words or more (a single word such as "Total" may be a team's name) that the Welsh does
    not keep as it is (a name such as "Excel (XLSX)")."""
    phrases = set()
    for msgids, welsh in our_entries():
        for msgid in msgids:
            for part in PLACEHOLDER.split(msgid):
                part = " ".join(part.split()).strip(" .,:;()")
                if " " in part and len(part) >= 8 and part not in welsh:
                    phrases.add(part)
    return phrases


def text_of(page: str) -> str:
    """The page as a reader gets it: tags gone, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def english_left_in(text: str) -> list[str]:
    return sorted(p for p in english_phrases() if p in text)


def section_text(data) -> str:
    """Every sentence, title, caption, label and alt text the section data holds."""
    parts = [data.title, *(h.label for h in data.headlines), *(h.detail for h in data.headlines),
             *(f.message for f in data.findings)]
    for block in data.blocks:
        if isinstance(block, Text | Heading):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts += [block.title or "", *block.items]
        elif isinstance(block, Table):
            parts += [block.caption, block.note or "", *(c.label for c in block.columns)]
            parts += [str(cell) for row in block.rows for cell in row.cells]
        elif isinstance(block, Chart):
            parts += [block.title, block.alt, block.category_title, block.value_title,
                      *block.categories, *(s.name for s in block.series)]
    return " ".join(" ".join(str(p) for p in parts).split())


@pytest.fixture
def welsh():
    with translation.override("cy"):
        yield


@pytest.fixture
def big_year(gwent):
    """2020/21 as a full-year return with figures in the thousands, after 2019/20, and a
    project marked complete whose latest update says otherwise."""
    desktop, network = TeamFactory(name="Desktop"), TeamFactory(name="Network")
    TeamWorkFactory(team=desktop, work_return__organisation=gwent,
                    work_return__year__start_year=2019, completed=1000, outstanding=10)
    latest = TeamWorkFactory(team=desktop, work_return__organisation=gwent,
                             work_return__year__start_year=2020, completed=1234,
                             outstanding=2000).work_return
    TeamWorkFactory(team=network, work_return=latest, completed=3, outstanding=1)
    project = ProjectFactory(organisation=gwent, year=latest.year, name="Telematics",
                             status=ProjectStatus.COMPLETE)
    ProjectUpdateFactory(project=project, quarter=Quarter.Q2, rag=Rag.AMBER,
                         percent_complete=80)
    return latest.year


def test_the_catalogue_has_welsh_for_the_section(welsh):
    assert gettext("Core planned work") != "Core planned work"
    assert english_phrases()


def test_shipped_section_reads_in_welsh(welsh, shipped_report):
    data = ProjectsSection().build(organisation=shipped_report.organisation,
                                   year=shipped_report.year)

    sentence = next(b for b in data.blocks if isinstance(b, Text)).text
    assert sentence == " ".join((
        ngettext("In %(year)s the teams completed %(count)s item of core planned work.",
                 "In %(year)s the teams completed %(count)s items of core planned work.", 235)
        % {"year": "2019/20", "count": "235"},
        ngettext("At the end of the year %(count)s item was still outstanding, %(total)s in "
                 "all.",
                 "At the end of the year %(count)s items were still outstanding, %(total)s in "
                 "all.", 31) % {"count": "31", "total": "266"},
    ))
    assert "In 2019/20" not in sentence and "235" in sentence and "266" in sentence
    headings = [b.text for b in data.blocks if isinstance(b, Heading)]
    assert headings == [gettext("Core planned work"), gettext("Projects")]
    assert data.headlines[1].label == gettext("Outstanding at the end of the year")
    assert english_left_in(section_text(data)) == []


def test_figures_in_the_thousands_are_grouped_in_welsh(welsh, gwent, big_year):
    data = ProjectsSection().build(organisation=gwent, year=big_year)

    sentence = next(b for b in data.blocks if isinstance(b, Text)).text
    assert "1,237" in sentence and "2,001" in sentence and "3,238" in sentence
    assert (ngettext("That is %(count)s more completed than in %(year)s.",
                     "That is %(count)s more completed than in %(year)s.", 237)
            % {"count": "237", "year": "2019/20"}) in sentence
    chart = next(b for b in data.blocks if isinstance(b, Chart)
                 and b.key == "core-planned-work-chart")
    assert "1,234" in chart.alt and "2,000" in chart.alt
    assert "237" in data.headlines[0].detail
    [finding] = data.findings
    assert finding.message.startswith(gettext(
        "%(project)s is marked complete, but its latest update (%(quarter)s) says "
        "%(percent)s complete.").split("%(project)s")[0])
    assert pgettext("short name of a quarter", "Q2") in finding.message
    assert "80%" in finding.message and "(Q2)" not in finding.message
    assert english_left_in(section_text(data)) == []


def test_priorities_read_in_welsh(welsh, shipped_report):
    data = PrioritiesSection().build(organisation=shipped_report.organisation,
                                     year=shipped_report.year)

    assert data.title == gettext("Priorities for %(year)s") % {"year": "2020/21"}
    assert english_left_in(section_text(data)) == []


def test_dashboard_page_in_welsh(welsh, staff_client, shipped_report):
    url = reverse("projects:dashboard") + "?organisation=gwent-police&year=2019-20"

    response = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="cy")

    assert response.status_code == 200
    text = text_of(response.content.decode())
    for welsh_text in (
        gettext("Core planned work"),
        gettext("Projects %(year)s: filter, sort and download") % {"year": "2019/20"},
        gettext("Priorities for %(year)s") % {"year": "2020/21"},
        gettext("Filter"),
        gettext("Clear the filters"),
        gettext("Download these projects:"),
        gettext("Completed core planned work includes:"),
    ):
        assert welsh_text in text
    assert "235" in text and "266" in text
    assert english_left_in(text) == []


@pytest.mark.parametrize("count", [0, 1, 2, 3, 6, 20, 1234])
def test_every_welsh_plural_form_of_the_core_work_sentence(welsh, count):
    """Each of the six forms (0, 1, 2, 3, 6, other) is filled in and takes its figures."""
    year = FinancialYear(start_year=2020)
    totals = WorkFigures(label=year.label, completed=count, outstanding=count)

    sentence = wording.core_work_sentence(year, totals, [Quarter.FULL_YEAR], {})

    with translation.override("en"):
        english = wording.core_work_sentence(year, totals, [Quarter.FULL_YEAR], {})
    assert sentence != english and "items" not in sentence
    assert "2020/21" in sentence and format_value(count * 2, "int") in sentence
    if count >= 20:
        assert format_value(count, "int") in sentence


@pytest.mark.parametrize("count", [1, 2, 3, 6, 20])
def test_every_welsh_plural_form_of_the_team_chart_alt(welsh, count):
    teams = [WorkFigures(label=f"Tîm {n}", completed=100 + n, outstanding=n)
             for n in range(count)]

    alt = wording.team_chart_alt(teams)

    with translation.override("en"):
        assert alt != wording.team_chart_alt(teams)
    assert f"Tîm {count - 1}" in alt and str(100 + count - 1) in alt
    if count >= 20:
        assert "20" in alt
