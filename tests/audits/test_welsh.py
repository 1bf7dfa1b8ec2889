"""The audit section in Welsh: its sentences, headings, tables and charts come out of the
project's catalogue (locale/cy), with the figures written as the Welsh page writes them,
and none of the section's English interface strings is left in the Welsh output.

The English strings are read from the section's own source (every gettext call in its
Python modules and every translate tag in its templates), so a string added later is
checked too."""

import ast
import datetime as dt
import html
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from audits.section import AuditSection
from ictreport.core.models import FinancialYear
from ictreport.core.sections import Chart, Heading, Table, Text
from tests.audits.factories import (
    AuditReturnFactory,
    AuditReviewFactory,
    ComplianceCertificateFactory,
    HealthCheckFactory,
    RecommendationCountFactory,
    RecommendationFactory,
    RemediationProgressFactory,
    opinion,
)
from tests.factories import FinancialYearFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
SOURCES = ["audits/section.py", "audits/wording.py", "audits/dashboard.py", "audits/tables.py",
           "audits/choices.py", "audits/apps.py"]
TEMPLATES = ["templates/audits/dashboard.html", "templates/audits/open_recommendations_table.html"]
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext",
           "pgettext_lazy", "npgettext"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%|\{\{[^}]*\}\}|<[^>]+>")
SAME_IN_WELSH = {"Excel (XLSX)"}  # a product's name
# A day inside the shipped year, so "open on" and expiry are told as on that day.
DAY = dt.datetime(2020, 1, 15, 12, tzinfo=dt.UTC)


def _python_msgids(path: Path) -> list[str]:
    msgids = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT:
            args = node.args[1:] if node.func.id.startswith(("pgettext", "npgettext")) \
                else node.args
            msgids += [a.value for a in args[:2]
                       if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return msgids


def _template_msgids(path: Path) -> list[str]:
    text = path.read_text()
    msgids = re.findall(r"""{% translate ["']([^"']+)["']""", text)
    msgids += re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", text, re.S)
    return msgids


def english_phrases() -> set[str]:
    """Every stretch of English text between placeholders of the section's msgids,
    long enough to be a phrase rather than a word shared with Welsh or the data."""
    msgids = [m for p in SOURCES for m in _python_msgids(ROOT / p)]
    msgids += [m for p in TEMPLATES for m in _template_msgids(ROOT / p)]
    assert len(msgids) > 100  # the collection itself works
    phrases = set()
    for msgid in msgids:
        for chunk in PLACEHOLDER.split(msgid):
            chunk = chunk.strip(" .,:;–")
            if len(chunk) >= 10 and chunk not in SAME_IN_WELSH:
                phrases.add(chunk)
    return phrases


def leaks(text: str) -> list[str]:
    return sorted(p for p in english_phrases() if p in text)


def _figures(gwent):
    """A year whose spoken counts are all 10 or more (or none), so every number in the
    Welsh sentences is a figure ("1,234") rather than a word."""
    FinancialYearFactory(start_year=2018)
    earlier = AuditReturnFactory(organisation=gwent, year_id=2018)
    review = AuditReviewFactory(audit_return=earlier, title="Wal dân")
    for n in range(12):
        RecommendationFactory(review=review, description=f"Diweddaru'r meddalwedd {n}",
                              owner="Pennaeth seilwaith",
                              due_on=dt.date(2019, 12, 31) if n < 11 else dt.date(2020, 6, 30))
    year = FinancialYearFactory(start_year=2019)
    audit_return = AuditReturnFactory(organisation=gwent, year=year,
                                      recommendations_stated_total=60)
    for n in range(10):
        AuditReviewFactory(audit_return=audit_return, title=f"Adolygiad {n}")
        AuditReviewFactory(audit_return=audit_return, title=f"Adolygiad cyfyngedig {n}",
                           opinion=opinion("Limited"))
    for priority, count in (("high", 12), ("medium", 34), ("low", 13)):
        RecommendationCountFactory(audit_return=audit_return, priority=priority, count=count)
    HealthCheckFactory(audit_return=audit_return, tasks_completed=41, hosts_completed=1234,
                       tasks_in_progress=20, hosts_in_progress=700)
    RemediationProgressFactory(audit_return=audit_return, severity="high", percent_complete=85)
    ComplianceCertificateFactory(audit_return=audit_return, name="Cyber Essentials", issuer="",
                                 achieved_on=dt.date(2019, 6, 1), achieved_month_only=True,
                                 expires_on=dt.date(2020, 6, 1))


def _section_texts(data) -> list[str]:
    """Everything the section says in words: sentences, headings, captions, column
    labels and notes, chart titles, descriptions and axes, headlines and findings."""
    out = [data.title]
    for block in data.blocks:
        if isinstance(block, Text | Heading):
            out.append(block.text)
        elif isinstance(block, Table):
            out += [block.caption, block.note]
            out += [c.label for c in block.columns] + [g.label for g in block.groups]
            out += [str(cell) for row in block.rows for cell in row.cells if cell is not None]
        elif isinstance(block, Chart):
            out += [block.title, block.alt, block.category_title, block.value_title]
            out += [s.name for s in block.series] + list(block.categories)
    out += [h.label for h in data.headlines] + [f.message for f in data.findings]
    return [str(t) for t in out]


def welsh(name_of):
    """The Welsh (or, where none is entered, the English) of a name held in the database."""
    with translation.override("cy"):
        return str(name_of())


@time_machine.travel(DAY, tick=False)
def test_the_section_reads_in_welsh_with_its_figures(gwent):
    _figures(gwent)
    with translation.override("cy"):
        data = AuditSection().build(organisation=gwent,
                                    year=FinancialYear.objects.get(start_year=2019))
        texts = _section_texts(data)
    # Found by their English names (a lookup in Welsh looks in the Welsh column).
    limited, no_assurance = opinion("Limited"), opinion("No assurance")
    limited, no_assurance = welsh(lambda: limited.name), welsh(lambda: no_assurance.name)
    organisation = welsh(lambda: gwent.name)
    said = "\n".join(texts)

    assert data.title == "Archwilio"
    for expected in [
        # The list's separators are the core wording's (and_list), not checked here.
        "Gwnaed 59 argymhelliad yn yr adroddiadau hyn: roedd 12 yn uchel,",
        "34 yn ganolig",
        "13 yn isel.",
        f"O'r 20 archwiliad mewnol, roedd 10 â'r farn {limited}",
        f"dim un â'r farn {no_assurance}.",
        "Ar 15 Ionawr 2020 roedd 12 argymhelliad ar agor; roedd 11 ohonynt yn hwyr.",
        "Cynhaliwyd y gwiriad iechyd TG ym mis Ebrill 2019: mae 41 tasg adfer wedi'u cwblhau "
        "(yn cwmpasu 1,234 dyfais gwesteiwr), ac mae 20 tasg adfer ar y gweill (yn cwmpasu 700 "
        "dyfais gwesteiwr).",
        f"Dyfarnwyd Cyber Essentials i {organisation} ym mis Mehefin 2019. Mae'n dod i ben ar "
        "1 Mehefin 2020.",
        "Archwilio Mewnol – Crynodeb o'r Canfyddiadau",
        "Argymhellion fesul blaenoriaeth",
        "Adfer yn dilyn y gwiriad iechyd TG: canran wedi'i chwblhau fesul difrifoldeb",
        "Tystysgrifau cydymffurfio",
        "Adolygiadau archwilio mewnol fesul barn sicrwydd, 2019/20",
        "Nodir 60 argymhelliad ar gyfer 2019/20, ond mae'r cyfrifon fesul blaenoriaeth yn dod "
        "i gyfanswm o 59.",
        "Adolygiadau archwilio mewnol",
        "Tasgau adfer y gwiriad iechyd TG wedi'u cwblhau",
    ]:
        assert expected in said, expected
    headings = [b.text for b in data.blocks if isinstance(b, Heading)]
    assert headings == ["Archwilio mewnol", "Gwiriad iechyd TG", "Cydymffurfiaeth"]
    severity = next(b for b in data.blocks if isinstance(b, Table)
                    and b.key == "remediation-by-severity")
    assert [c.label for c in severity.columns] == ["Difrifoldeb", "% wedi'i gwblhau"]
    assert [r.cells for r in severity.rows] == [("Uchel", 85)]
    chart = next(b for b in data.blocks if isinstance(b, Chart)
                 and b.key == "reviews-by-opinion")
    assert "Siart bar o'r 20 adolygiad archwilio mewnol yn 2019/20" in chart.alt
    assert f"{limited}: 10" in chart.alt
    assert leaks(said) == []


@time_machine.travel(DAY, tick=False)
def test_the_dashboard_page_is_in_welsh(staff_client, gwent):
    _figures(gwent)
    with translation.override("cy"):
        url = reverse("audits:dashboard")  # /cy/… once every URL carries its language
    response = staff_client.get(url + "?organisation=gwent-police&year=2019-20",
                                HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    organisation = welsh(lambda: gwent.name)
    for expected in [
        f"Archwilio: {organisation}, 2019/20",
        "Archwilio mewnol, y gwiriad iechyd TG a chydymffurfiaeth yn 2019/20",
        "O gymharu â blynyddoedd cynharach",
        "Adolygiadau archwilio mewnol fesul barn sicrwydd dros y blynyddoedd",
        "Argymhellion sydd ar agor",
        "Argymhellion ar agor ar 15 Ionawr 2020",
        "Hidlo'r argymhellion sydd ar agor",
        "Unrhyw flaenoriaeth",
        "Dyddiad dyledus",
        "Blwyddyn ei godi",
        "Lawrlwytho Argymhellion ar agor ar 15 Ionawr 2020 fel",
        "mae 41 tasg adfer wedi'u cwblhau (yn cwmpasu 1,234 dyfais gwesteiwr)",
    ]:
        assert expected in page, expected
    assert leaks(page) == []


def test_the_shipped_year_in_welsh_keeps_the_source_figures(staff_client, shipped_report):
    with translation.override("cy"):
        url = reverse("audits:dashboard")
    response = staff_client.get(url + "?organisation=gwent-police&year=2019-20",
                                HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for expected in [
        "Gwnaed 48 argymhelliad yn yr adroddiadau hyn",
        "O'r 12 archwiliad mewnol",
        "mae 41 tasg adfer wedi'u cwblhau (yn cwmpasu 1,000 dyfais gwesteiwr), ac mae 20 tasg "
        "adfer ar y gweill (yn cwmpasu 700 dyfais gwesteiwr)",
        '<td class="num">85%</td>',
        "ym mis Mawrth 2020",
    ]:
        assert expected in page, expected
    assert leaks(page) == []
