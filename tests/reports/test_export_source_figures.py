"""The standalone HTML export of the shipped 2019/20 report holds every table and figure
of the source document's data sections, the staff numbers and the prose sections.

Rows are compared as their cells' text, in order, so a figure in the wrong column or
row fails; each section's rows are looked for only within that section's part."""

import html
import re

import pytest
from django.core.management import call_command

from ictreport.core import registry
from ictreport.reports.outline import assemble

pytestmark = pytest.mark.django_db

# Per section (by key): the source's table rows, cell by cell, and its sentences.
SOURCE = {
    "projects": {
        "rows": [
            "Desktop | 42 | 4 | 46",
            "Enterprise Architecture | 6 | 1 | 7",
            "Applications | 65 | 12 | 77",
            "Server | 56 | 8 | 64",
            "Network | 55 | 5 | 60",
            "Project | 3 | 0 | 3",
            "Development | 7 | 1 | 8",
            "Business Management | 1 | 0 | 1",
            "Total | 235 | 31 | 266",
        ],
        "sentences": [
            "Gov Wi-fi Implementation",
            "VOIP telephony V10 Contact Centre & V9 OSV Upgrade",
            "Application Software Upgrades",
            "Upgraded Servers and established Virtual Machines",
            "The Electronic Timesheet Management project is on course to delivery fully "
            "automated time recording and payments from the end of 2020/21.",
            "Uniform Ordering App", "Fixed Penalty Notice (COVID) app",
            "Custody cell check app", "Right Wing Extremism library app", "Knife crime app",
            "Notify x app", "USB Tethering app", "Mental Health app", "Ethics portal",
            "Public Service Network Accreditation", "3F Dual Screen Rollout",
            "The final connection of the mobile devices to the national ANPR system through "
            "a collaborative hosted solution with South Wales.",
            "The implementation of workspaces to promote agile working.",
            "Estate / Office Transfers (IT kit and Networking requirements)",
        ],
    },
    "priorities": {
        "rows": [],
        "sentences": [
            "The following priorities for Gwent Police in 2020/21 the implementation of new "
            "systems including:",
            "Single Online Home", "National Enabling Project and Microsoft 365",
            "Digital Asset Management System.", "Electronic Time Management Project",
            "Telematics", "Disaster Recovery Services",
            "ICT design for the New Headquarters services", "Control Room systems",
            "NICHE Universal Application", "NLEDS",
            "For Mobile phones, Laptops and Body Worn Video refresh.",
            "For Emergency Services Mobile Communications Programme.",
        ],
    },
    "servicedesk": {
        "rows": [
            "Telephone | 21,136 | 81% | 20,096 | 82% | 15,275 | 80%",
            "Self Service | 5,078 | 19% | 4,539 | 18% | 3,819 | 20%",
            "Total Calls | 26,214 | 100% | 24,635 | 100% | 19,094 | 100%",
            "Closed at 1st Point | 12,636 | 60% | 14,189 | 67% | 11,850 | 62%",
            "Total Calls | 20,961 | 100% | 21,066 | 100% | 19,094 | 100%",
        ],
        "sentences": [
            "There were 19,094 requests for service in the year of which 20% were requested "
            "through self-service with the remainder being Telephone calls for service.",
            "This is a 22% reduction in the volume of calls for service.",
            "In 2019/20 62% of calls were resolved at first point of contact.",
        ],
    },
    "audits": {
        "rows": [
            "Firewall | Substantial",
            "Mobile Computing | Substantial",
            "Identity and Access Management | Substantial",
            "Performance Management – SRS | Substantial",
            "Virtualisation | Substantial",
            "Supplier Management | Moderate",
            "Software Licensing/Management | Moderate",
            "Enterprise Architecture Management | Limited",
            "IT Disposals | Limited",
            "Memorandum of Understanding | Advisory",
            "Cyber Security | Deferred",
            "Back Office | Deferred",
            "High | 85%",
            "Medium | 67%",
            "Low | 71%",
            "Information | 88%",
        ],
        "sentences": [
            "48 recommendations, of which one was high, 34 were medium and 13 were low.",
            "41 remediation tasks have been completed (covering 1,000 host devices) and 20 "
            "remediation tasks are in progress (covering 700 host devices).",
            "two had the opinion Limited",
            "Public Services Network (PSN) compliance from the Home Office in March 2020.",
        ],
    },
    "finance": {
        # The source's stated totals (8,730,736 and 83,193) are each £1 off its own lines;
        # the table shows the lines' totals and a data-quality finding says so.
        "rows": [
            "SRS Collaboration | 4,706,996 | 3,997,121 | 709,875",
            "Airwave | 584,472 | 576,597 | 7,875",
            "Devolved Force Budgets | 1,231,344 | 997,826 | 233,518",
            "National ICT Services | 779,164 | 820,701 | -41,537",
            "DSD | 1,511,953 | 2,338,490 | -826,537",
            "Total | 8,813,929 | 8,730,735 | 83,194",
        ],
        "sentences": ["underspent for the year by £0.08m."],
    },
}
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


def text_of(fragment: str) -> str:
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", fragment))).strip()


def rows_of(fragment: str) -> list[str]:
    """Every table row in the fragment as "cell | cell | …"."""
    return [
        " | ".join(text_of(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row,
                                                         re.DOTALL))
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", fragment, re.DOTALL)
    ]


def section_part(exported: str, report, key: str) -> str:
    """The section's numbered paragraph, up to the next paragraph."""
    para = next(p for p in assemble(report).data_paragraphs if p.section.key == key)
    start = exported.index(f'<div class="para" id="{para.anchor}">')
    end = exported.find('<div class="para"', start + 1)
    return exported[start:end if end != -1 else len(exported)]


@pytest.fixture
def exported(shipped_report, tmp_path):
    path = tmp_path / "report.html"
    call_command("export_report", "gwent-police", "2019-20", "--format", "html",
                 "--output", str(path))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", sorted(SOURCE))
def test_export_holds_every_figure_of_the_source_section(exported, shipped_report, key):
    part = section_part(exported, shipped_report, key)
    rows, text = rows_of(part), text_of(part)
    for row in SOURCE[key]["rows"]:
        assert row in rows, row
    for sentence in SOURCE[key]["sentences"]:
        assert sentence in text, sentence


def test_every_data_section_of_the_source_is_checked():
    assert sorted(SOURCE) == sorted(s.key for s in registry.sections())


def test_data_sections_take_the_source_numbers(exported):
    text = text_of(exported)
    for number, title in [("3.5", "Core planned work and projects"),
                          ("3.6", "Service levels"), ("3.7", "Audit"),
                          ("4.1", "Priorities for 2020/21"), ("5.2", "Financial performance")]:
        assert f"{number} {title}" in text, number
    for number, opening in [("3.4", "Deliverables."), ("3.8", "Governance"),
                            ("4.2", "The collaborative provision"),
                            ("5.1", "The financial resources")]:
        assert f"{number} {opening}" in text, number


def test_export_holds_the_staff_numbers_and_the_prose_sections(exported):
    text = text_of(exported)
    assert "6.1 The SRS has circa 220 members of staff, employed by Torfaen CBC" in text
    assert "The Digital Services Division has 91 staff." in text
    for number, opening in [
        ("1.1", "The purpose of this report is to present the annual report"),
        ("2.2", "Since July 2011 the Information Communication Technology (ICT) service"),
        ("7.1", "There are no legal implications."),
        ("8.2", "In preparing this report, consideration has been given"),
        ("9.1", "There are no risks arising from this report"),
        ("10.1", "This document can be disclosed to the public."),
        ("11.1", "Mr Nigel Stephens, Assistant Chief Officer – Resources"),
        ("12.1", "None"),
    ]:
        assert f"{number} {opening}" in text, number
