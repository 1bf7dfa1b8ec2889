"""The other points of the return pages: a draft is deleted with its rows by its
section's editors, nothing further along is; optional fields say so; the section
text's section is chosen from the registered sections; the finance "Add" page
opens at the next quarter with its lines and budgets; and the pages' queries do not
grow with their rows."""

import pytest

from finance.models import FinanceReturn
from ictreport.core import registry
from ictreport.core.models import ReturnStatus
from ictreport.core.periods import Quarter
from servicedesk.models import ChannelCalls, ServiceDeskReturn
from tests.access.factories import user_in
from tests.factories import AnnualReportFactory, FinancialYearFactory, OrganisationFactory
from tests.finance.factories import record
from tests.servicedesk.factories import ChannelFactory, ServiceTierFactory, desk_return

pytestmark = pytest.mark.django_db

EDITORS = "Service desk editors"


def delete_url(made):
    return f"/en/admin/servicedesk/servicedeskreturn/{made.pk}/delete/"


@pytest.fixture
def telephone(db):
    return ChannelFactory(name="Telephone")


def test_a_draft_is_deleted_with_its_rows_by_its_editor(client, gwent, telephone):
    made = desk_return(gwent, 2020, Quarter.Q1, calls={telephone: 10})
    client.force_login(user_in(EDITORS, gwent))
    assert client.get(delete_url(made)).status_code == 200
    assert client.post(delete_url(made), {"post": "yes"}).status_code == 302
    assert not ServiceDeskReturn.objects.exists() and not ChannelCalls.objects.exists()


@pytest.mark.parametrize("status", [ReturnStatus.SUBMITTED, ReturnStatus.APPROVED])
def test_a_return_past_draft_cannot_be_deleted(client, gwent, telephone, status):
    made = desk_return(gwent, 2020, Quarter.Q1, calls={telephone: 10})
    ServiceDeskReturn.objects.filter(pk=made.pk).update(status=status)
    client.force_login(user_in(EDITORS, gwent))
    assert client.get(delete_url(made)).status_code == 403
    assert client.post(delete_url(made), {"post": "yes"}).status_code == 403
    assert ChannelCalls.objects.count() == 1


def test_no_one_else_deletes_a_draft(client, gwent, telephone):
    made = desk_return(gwent, 2020, Quarter.Q1, calls={telephone: 10})
    client.force_login(user_in("Finance editors", gwent))
    assert client.post(delete_url(made), {"post": "yes"}).status_code == 403
    client.force_login(user_in(EDITORS, OrganisationFactory()))
    assert client.post(delete_url(made), {"post": "yes"}).status_code in (302, 404)
    assert ServiceDeskReturn.objects.filter(pk=made.pk).exists()


def test_returns_are_not_deleted_in_bulk_from_the_list(client, gwent):
    client.force_login(user_in(EDITORS, gwent))
    response = client.get("/en/admin/servicedesk/servicedeskreturn/")
    assert "delete_selected" not in response.content.decode()


def test_optional_fields_say_so(staff_client, gwent):
    FinancialYearFactory(start_year=2020)
    form = staff_client.get("/en/admin/servicedesk/servicedeskreturn/add/").context[
        "adminform"].form
    assert form.fields["first_contact_target"].help_text.startswith("Optional. ")
    assert not form.fields["quarter"].help_text.startswith("Optional.")


def test_the_section_texts_section_is_a_registered_section(staff_client, gwent):
    report = AnnualReportFactory(organisation=gwent)
    response = staff_client.get(f"/en/admin/core/annualreport/{report.pk}/change/")
    formset = next(f.formset for f in response.context["inline_admin_formsets"]
                   if f.formset.model._meta.model_name == "sectiontext")
    choices = [key for key, _label in formset.empty_form.fields["section"].choices]
    assert choices == ["", *(section.key for section in registry.sections())]


def test_the_finance_add_page_opens_at_the_next_quarter_with_its_budgets(client, gwent):
    FinancialYearFactory(start_year=2020)
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("584472", "150000"),
                                     "Licences": ("1000", "10")})
    client.force_login(user_in("Finance editors", gwent))
    response = client.get("/en/admin/finance/financereturn/add/")
    assert response.context["adminform"].form.initial == {
        "organisation": gwent.pk, "year": 2020, "quarter": 2}
    rows = response.context["inline_admin_formsets"][0].formset.forms
    assert [(r.initial["line"], r.initial["budget"]) for r in rows] == [
        (line.line_id, line.budget)
        for line in FinanceReturn.objects.get().lines.order_by("line__position")]


def _figures(count):
    for n in range(count):
        ChannelFactory(name=f"Channel {n}", position=n)
        ServiceTierFactory(name=f"Tier {n}", position=n)


@pytest.mark.parametrize("rows", [2, 6])
def test_the_service_desk_add_page_queries_do_not_grow_with_its_rows(
        staff_client, gwent, rows, django_assert_num_queries):
    FinancialYearFactory(start_year=2020)
    _figures(rows)
    with django_assert_num_queries(ADD_PAGE_QUERIES):
        assert staff_client.get("/en/admin/servicedesk/servicedeskreturn/add/").status_code == 200


@pytest.mark.parametrize("rows", [2, 6])
def test_the_service_desk_change_page_queries_do_not_grow_with_its_rows(
        staff_client, gwent, rows, django_assert_num_queries):
    _figures(rows)
    made = desk_return(gwent, 2020, Quarter.Q1,
                       calls=dict.fromkeys(ChannelFactory._meta.model.objects.all()[:1], 10))
    with django_assert_num_queries(CHANGE_PAGE_QUERIES):
        response = staff_client.get(f"/en/admin/servicedesk/servicedeskreturn/{made.pk}/change/")
    assert response.status_code == 200


@pytest.mark.parametrize("lines", [2, 6])
def test_the_finance_add_page_queries_do_not_grow_with_its_lines(
        staff_client, gwent, lines, django_assert_num_queries):
    FinancialYearFactory(start_year=2020)
    record(gwent, 2020, Quarter.Q1, {f"Line {n}": ("100", "1") for n in range(lines)})
    url = f"/en/admin/finance/financereturn/add/?organisation={gwent.pk}&year=2020&quarter=2"
    with django_assert_num_queries(FINANCE_ADD_PAGE_QUERIES):
        assert staff_client.get(url).status_code == 200


# Measured, and the same for 2 and 6 rows. Add page: session, user, the user's
# organisations, each inline's choices (rows to offer, their names, one select list)
# and the return form's selects. Change page: as the add page, plus the return (looked
# up by the admin, the lock, the sign-off steps and its trail), its held rows per
# inline and the row counts, and the extracts that wrote it. Finance add page: session,
# user, the organisation check, the lines in use, the budgets carried over, the lines'
# names and one select list.
ADD_PAGE_QUERIES = 12
CHANGE_PAGE_QUERIES = 26
FINANCE_ADD_PAGE_QUERIES = 12


def test_without_a_membership_the_add_page_opens_at_the_latest_entered(staff_client, gwent):
    FinancialYearFactory(start_year=2020)
    newport = OrganisationFactory(name="Newport City Council")
    record(gwent, 2020, Quarter.Q1, {"Airwave": ("1", "1")})
    record(newport, 2020, Quarter.Q2, {"Licences": ("5", "1")})
    response = staff_client.get("/en/admin/finance/financereturn/add/")
    assert response.context["adminform"].form.initial == {
        "organisation": newport.pk, "year": 2020, "quarter": 3}
