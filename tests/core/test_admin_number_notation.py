"""Through the real admin forms: a figure typed in any notation but plain decimals is
refused at its field, naming the row and the field, and nothing is saved."""

import pytest

from finance.models import FinanceReturn, LineFigure
from servicedesk.models import ServiceDeskReturn
from tests.core.test_numbers import REFUSED
from tests.factories import FinancialYearFactory
from tests.finance.factories import BudgetLineFactory
from tests.servicedesk.factories import ChannelFactory

pytestmark = pytest.mark.django_db

NOTATIONS = [text for text in REFUSED if text.strip()]


@pytest.fixture
def airwave(gwent):
    FinancialYearFactory(start_year=2020)
    return BudgetLineFactory(organisation=gwent, name="Airwave")


def finance_data(gwent, airwave, budget):
    return {
        "organisation": gwent.pk, "year": 2020, "quarter": 1, "version": 0,
        "stated_budget": "", "stated_expenditure": "", "stated_variance": "",
        "lines-TOTAL_FORMS": 1, "lines-INITIAL_FORMS": 0, "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 1000, "lines-0-line": airwave.pk, "lines-0-budget": budget,
        "lines-0-expenditure": "10", "lines-0-commentary": "", "lines-0-discrepancy": "",
    }


@pytest.mark.parametrize("budget", NOTATIONS)
def test_a_budget_in_another_notation_is_refused(staff_client, gwent, airwave, budget):
    response = staff_client.post("/en/admin/finance/financereturn/add/",
                                 finance_data(gwent, airwave, budget))
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors["budget"][0].startswith("Airwave, Annual budget (£): enter a number")
    assert not FinanceReturn.objects.exists() and not LineFigure.objects.exists()


def test_a_budget_in_plain_figures_with_thousands_is_saved(staff_client, gwent, airwave):
    response = staff_client.post("/en/admin/finance/financereturn/add/",
                                 finance_data(gwent, airwave, "4,706,996.50"))
    assert response.status_code == 302
    assert str(LineFigure.objects.get().budget) == "4706996.50"


@pytest.mark.parametrize("calls", [*NOTATIONS, "1.5", "1.0"])
def test_calls_in_another_notation_are_refused(staff_client, gwent, calls):
    FinancialYearFactory(start_year=2020)
    telephone = ChannelFactory(name="Telephone")
    data = {
        "organisation": gwent.pk, "year": 2020, "quarter": 1, "version": 0,
        "first_contact_closed": "", "first_contact_measured": "", "first_contact_target": "",
        "channel_calls-TOTAL_FORMS": 1, "channel_calls-INITIAL_FORMS": 0,
        "channel_calls-MIN_NUM_FORMS": 0, "channel_calls-MAX_NUM_FORMS": 1000,
        "channel_calls-0-channel": telephone.pk, "channel_calls-0-calls": calls,
        "service_levels-TOTAL_FORMS": 0, "service_levels-INITIAL_FORMS": 0,
        "service_levels-MIN_NUM_FORMS": 0, "service_levels-MAX_NUM_FORMS": 1000,
    }
    response = staff_client.post("/en/admin/servicedesk/servicedeskreturn/add/", data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors["calls"][0].startswith("Telephone, Calls received: enter a whole number")
    assert not ServiceDeskReturn.objects.exists()


def test_the_return_page_has_no_number_inputs(staff_client, gwent, airwave):
    page = staff_client.get("/en/admin/finance/financereturn/add/").content.decode()
    assert 'type="number"' not in page
    assert 'inputmode="decimal"' in page
