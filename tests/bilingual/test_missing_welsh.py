"""``missing_welsh(report)``: every text of the report with English but no Welsh, as
(what, where): the cover, the narrative, the section texts, and the names and texts the
sections carry."""

import pytest
from django.template import Context, Template
from django.utils import translation

from ictreport.core.bilingual import missing_welsh
from ictreport.core.models import SectionText
from projects.models import Team
from tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


def test_what_lacks_welsh_is_listed(gwent):
    report = AnnualReportFactory(organisation=gwent, title="Annual Report",
                                 introduction="Background.", risk="")
    SectionText.objects.create(report=report, section="projects", intro="Intro.",
                               commentary_en="Commentary.", commentary_cy="Sylwebaeth.")
    found = [(str(what), where) for what, where in missing_welsh(report)]
    assert ("title", "Annual report: Annual Report") in found
    assert ("2. Introduction and background", "Annual report: Annual Report") in found
    assert not any(what == "9. Risk" for what, _ in found)  # no English, nothing to say
    assert any(what == "introduction" and where.startswith("Section text") for what, where
               in found)
    assert not any(what == "commentary" for what, _ in found)
    assert ("name", "Organisation: Gwent Police") in found


def test_nothing_is_listed_once_the_welsh_is_there(gwent):
    report = AnnualReportFactory(organisation=gwent, title="Annual Report")
    gwent.name_cy = "Heddlu Gwent"
    gwent.save()
    for field in ("title", "issuing_office", "lead_chief_officer", "timing", "purpose"):
        if getattr(report, f"{field}_en"):
            setattr(report, f"{field}_cy", f"Cymraeg {field}")
    report.save()
    assert missing_welsh(report) == []


def test_the_shipped_reports_names_are_listed(shipped_report):
    Team.objects.update(name_cy="")  # the shipped file gives every team its Welsh
    wheres = {where for _what, where in missing_welsh(shipped_report)}
    assert any(where.startswith("Team: ") for where in wheres)
    Team.objects.update(name_cy="Tîm")
    wheres = {where for _what, where in missing_welsh(shipped_report)}
    assert not any(where.startswith("Team: ") for where in wheres)


def test_the_panel_template_lists_them(gwent):
    report = AnnualReportFactory(organisation=gwent, title="Annual Report")
    html = Template('{% include "bilingual/missing_welsh.html" %}').render(
        Context({"report": report}))
    assert "Annual report: Annual Report" in html
    with translation.override("en"):
        assert "have no Welsh yet" in html
