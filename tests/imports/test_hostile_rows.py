"""A file that names another organisation's figures changes nothing of theirs, through
the admin's two steps, and the import page costs a fixed number of queries."""

from django.urls import reverse

from finance.models import LineFigure
from ictreport.core.periods import Quarter
from tests.factories import OrganisationFactory
from tests.finance.factories import BudgetLineFactory, FinanceReturnFactory, LineFigureFactory
from tests.imports.conftest import admin_import
from tests.imports.factories import SECTIONS, spreadsheet

LINES = next(section for section in SECTIONS if section.name == "finance-lines")


def test_another_organisations_rows_are_refused_and_left_alone(organisation, editor_client):
    LINES.setup(organisation)
    other = OrganisationFactory(slug="dyfed-powys-police")
    line = BudgetLineFactory(organisation=other, name="Airwave")
    held = LineFigureFactory(line=line, finance_return=FinanceReturnFactory(
        organisation=other, quarter=Quarter.Q1), budget=100, expenditure=10)
    rows = [[organisation.slug, "2019-20", "Q1", "Airwave", "1.00", "1.00", "", ""],
            [other.slug, "2019-20", "Q1", "Airwave", "999999.00", "0.00",
             '=HYPERLINK("https://evil.example/")', ""]]

    preview = admin_import(editor_client(LINES), LINES, spreadsheet(LINES.headers, rows),
                           "csv")

    assert "confirm_form" not in preview.context
    [invalid] = preview.context["result"].invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors["organisation"] == [
        "“dyfed-powys-police” is not the short name of an organisation you may enter "
        "figures for."]
    held.refresh_from_db()
    assert (held.budget, held.expenditure) == (100, 10)
    assert LineFigure.objects.count() == 1


def test_the_import_page_costs_a_fixed_number_of_queries(organisation, editor_client,
                                                         django_assert_num_queries):
    client = editor_client(LINES)
    url = reverse(f"admin:{LINES.admin_name}_import")
    client.get(url)

    # the session, the user, their permissions (two lookups), the expired previews
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
