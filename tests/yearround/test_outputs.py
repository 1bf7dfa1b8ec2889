"""Every output, for every registered section, over years held as full-year returns, as
four quarters and as a year in progress (Q1–Q2), for two organisations.

The tests are parametrised over the registry: a new section is covered by adding its
builder to ``tests/yearround/factories.py`` (without one, ``year_round`` fails naming
it)."""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ictreport.core import registry
from ictreport.core.files import read_report_file, write_report_file
from ictreport.core.periods import year_slug
from ictreport.reports.rendering import standalone_html
from tests.factories import OrganisationFactory
from tests.yearround import support
from tests.yearround.factories import YEARS

SECTIONS = registry.sections()
DASHBOARDS = [s for s in SECTIONS if s.url_name]


def _ids(section):
    return section.key


def _each_year(data):
    for organisation in data.organisations:
        for start_year, shape in YEARS.items():
            yield organisation, start_year, shape


@pytest.fixture(scope="module")
def _read_once(_data_once):
    """What several tests read, rendered once for the module's data (and dropped with
    it): the same page or file for the same organisation and year, whichever section's
    test reads it. Each test still asserts on it itself."""
    return {}


@pytest.fixture
def read(data, staff_client, _read_once):
    """``read(kind, organisation, start_year, section=None)`` → (status, text): a
    dashboard (its HTML), the report page or the standalone file (their visible text),
    read the first time a test asks and kept for the module."""
    def read(kind, organisation, start_year, section=None):
        key = (kind, organisation.slug, start_year, section and section.key)
        if key not in _read_once:
            year = year_slug(start_year)
            if kind == "dashboard":
                response = staff_client.get(reverse(section.url_name), {
                    "organisation": organisation.slug, "year": year})
                _read_once[key] = response.status_code, response.content.decode()
            elif kind == "report page":
                response = staff_client.get(reverse("reports:report", args=[
                    organisation.slug, year]))
                _read_once[key] = (response.status_code,
                                   support.visible_text(response.content.decode()))
            else:
                report = organisation.reports.get(year_id=start_year)
                _read_once[key] = 200, support.visible_text(standalone_html(report))
        return _read_once[key]
    return read


def _assert_says(text: str, facts, where: str):
    for fact in facts.text:
        assert fact in text, f"{where}: {fact!r} is missing"
    assert not support.long_decimals(text), f"{where}: {support.long_decimals(text)}"


@pytest.mark.parametrize("section", DASHBOARDS, ids=_ids)
def test_dashboard_shows_each_years_figures(section, data, read):
    for organisation, start_year, shape in _each_year(data):
        status, page = read("dashboard", organisation, start_year, section)
        assert status == 200
        _assert_says(support.visible_text(page),
                     data.facts[organisation.slug, start_year, section.key],
                     f"{section.key} dashboard, {organisation.slug} {start_year} {shape}")


@pytest.mark.parametrize("section", SECTIONS, ids=_ids)
def test_report_page_shows_each_years_figures(section, data, read):
    # The same page for every section: rendered once (``read``), each section's
    # figures looked for in it by its own test.
    for organisation, start_year, shape in _each_year(data):
        status, text = read("report page", organisation, start_year)
        assert status == 200
        _assert_says(text,
                     data.facts[organisation.slug, start_year, section.key],
                     f"report page, {section.key}, {organisation.slug} {start_year} {shape}")


@pytest.mark.parametrize("section", SECTIONS, ids=_ids)
def test_standalone_file_shows_each_years_figures(section, data, read):
    for organisation, start_year, shape in _each_year(data):
        _status, text = read("standalone file", organisation, start_year)
        _assert_says(text,
                     data.facts[organisation.slug, start_year, section.key],
                     f"standalone file, {section.key}, {organisation.slug} {start_year} {shape}")


def test_overview_cards_have_no_stray_decimals(data, staff_client):
    for organisation, start_year, shape in _each_year(data):
        response = staff_client.get(reverse("reports:overview"), {
            "organisation": organisation.slug, "year": year_slug(start_year)})
        assert response.status_code == 200
        cards = response.context["cards"]
        assert [card.section.key for card in cards] == [s.key for s in SECTIONS]
        text = support.visible_text(response.content.decode())
        assert not support.long_decimals(text), (organisation.slug, start_year, shape)


_EXPORT_LINK = re.compile(r'href="\?([^"]*export=csv[^"]*)"')


@pytest.mark.parametrize("section", DASHBOARDS, ids=_ids)
def test_every_table_download_holds_the_years_figures_in_pence(section, data, staff_client,
                                                               read):
    """Every CSV and XLSX the dashboard offers: numbers to two places at most, and the
    section's figures (quarter sums, latest stocks) among them."""
    for organisation, start_year, shape in _each_year(data):
        where = f"{section.key} exports, {organisation.slug} {start_year} {shape}"
        url = reverse(section.url_name)
        status, page = read("dashboard", organisation, start_year, section)
        assert status == 200, where
        queries = [html.unescape(q) for q in _EXPORT_LINK.findall(page)]
        assert queries, f"{where}: no table to download"
        numbers = set()
        for query in queries:
            for fmt, cells_of in (("csv", support.csv_cells), ("xlsx", support.xlsx_cells)):
                response = staff_client.get(f"{url}?{query.replace('export=csv', f'export={fmt}')}")
                assert response.status_code == 200, (where, query, fmt)
                cells = [support.as_number(c) for c in cells_of(response.content)]
                found = {n for n in cells if n is not None}
                too_long = [n for n in found if support.places(n) > 2]
                assert not too_long, f"{where}, {query} ({fmt}): {too_long}"
                numbers |= {(fmt, n) for n in found}
        for value in data.facts[organisation.slug, start_year, section.key].values:
            for fmt in ("csv", "xlsx"):
                assert (fmt, Decimal(value)) in numbers, f"{where} ({fmt}): {value} missing"


@pytest.mark.parametrize("start_year", list(YEARS), ids=lambda y: YEARS[y].value)
def test_the_report_file_round_trips_through_an_empty_organisation(start_year, data):
    """Export the whole-report file, import it as another organisation's, export that:
    the same file, every registered section's part included."""
    source = data.organisations[0]
    exported = write_report_file(source.reports.get(year_id=start_year))
    for part in registry.file_parts():
        assert f"\n{part.key}:" in exported, part.key
    header = f"organisation: {source.slug}\n"
    assert exported.count(header) == 1
    copy = OrganisationFactory(name="Round trip", slug="round-trip")
    imported = read_report_file(exported.replace(header, f"organisation: {copy.slug}\n"))
    assert imported.organisation == copy
    assert write_report_file(imported) == exported.replace(header,
                                                           f"organisation: {copy.slug}\n")
