"""The ledger's account-to-budget-line mapping: held once per organisation and code
(ignoring case), always to a line of the organisation's own, in the database as in the
admin; and in the admin, another organisation's mappings do not exist."""

import pytest
from django.db import IntegrityError, transaction

from finance.models import AccountMapping
from tests.access.factories import user_in
from tests.factories import OrganisationFactory
from tests.finance.factories import AccountMappingFactory, BudgetLineFactory

pytestmark = pytest.mark.django_db

LIST = "/en/admin/finance/accountmapping/"
ADD = "/en/admin/finance/accountmapping/add/"


@pytest.fixture
def zedland(db):
    return OrganisationFactory(name="Zedland Council", slug="zedland")


@pytest.fixture
def editor(gwent):
    return user_in("Finance editors", gwent)


def test_a_code_is_held_once_per_organisation_whatever_its_case(gwent, zedland):
    AccountMappingFactory(organisation=gwent, account="IT100")
    AccountMappingFactory(organisation=zedland, account="IT100")  # another organisation's
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountMapping.objects.create(organisation=gwent, account="it100",
                                      line=BudgetLineFactory(organisation=gwent))


def test_the_database_refuses_a_line_of_another_organisation(gwent, zedland):
    theirs = BudgetLineFactory(organisation=zedland)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountMapping.objects.create(organisation=gwent, account="IT1", line=theirs)
    mapping = AccountMappingFactory(organisation=gwent)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountMapping.objects.filter(pk=mapping.pk).update(line=theirs)
    # nor may the line move to another organisation under the mapping
    with pytest.raises(IntegrityError), transaction.atomic():
        type(mapping.line).objects.filter(pk=mapping.line_id).update(organisation=zedland)


def test_the_database_refuses_an_empty_code(gwent):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountMapping.objects.create(organisation=gwent, account="",
                                      line=BudgetLineFactory(organisation=gwent))


def test_the_list_shows_only_the_users_organisations(client, editor, gwent, zedland):
    AccountMappingFactory(organisation=gwent, account="GWENT-IT")
    theirs = AccountMappingFactory(organisation=zedland, account="ZED-IT")
    client.force_login(editor)
    page = client.get(LIST).content.decode()
    assert "GWENT-IT" in page and "ZED-IT" not in page
    assert client.get(f"{LIST}{theirs.pk}/change/").status_code == 302  # "does not exist"
    assert client.get(f"{LIST}{theirs.pk}/history/").status_code in (302, 404)


def test_the_add_form_offers_only_the_users_lines(client, editor, gwent, zedland):
    ours = BudgetLineFactory(organisation=gwent, name="SRS Collaboration")
    BudgetLineFactory(organisation=zedland, name="Zedland network")
    client.force_login(editor)
    page = client.get(ADD).content.decode()
    assert "SRS Collaboration" in page and "Zedland network" not in page
    assert ">Zedland Council<" not in page
    response = client.post(ADD, {"organisation": gwent.pk, "account": "  it100 ",
                                 "line": ours.pk})
    assert response.status_code == 302
    assert AccountMapping.objects.get().account == "it100"


def test_a_repeated_code_is_refused_at_the_form(client, editor, gwent):
    line = BudgetLineFactory(organisation=gwent)
    AccountMappingFactory(organisation=gwent, account="IT100", line=line)
    client.force_login(editor)
    response = client.post(ADD, {"organisation": gwent.pk, "account": "it100",
                                 "line": line.pk})
    assert response.status_code == 200
    assert "This organisation already maps that account code to a budget line." in (
        response.content.decode())
    assert AccountMapping.objects.count() == 1


def test_another_organisations_line_is_refused_at_the_form(client, gwent, zedland):
    both = user_in("Finance editors", gwent, zedland)
    theirs = BudgetLineFactory(organisation=zedland, name="Zedland network")
    client.force_login(both)
    response = client.post(ADD, {"organisation": gwent.pk, "account": "IT1",
                                 "line": theirs.pk})
    assert response.status_code == 200
    assert "This budget line belongs to another organisation" in response.content.decode()
    assert not AccountMapping.objects.exists()


def test_a_viewer_may_not_change_mappings(client, gwent):
    mapping = AccountMappingFactory(organisation=gwent)
    client.force_login(user_in("Viewers", gwent))
    assert client.post(ADD, {"organisation": gwent.pk, "account": "X",
                             "line": mapping.line_id}).status_code == 403
    assert AccountMapping.objects.count() == 1
