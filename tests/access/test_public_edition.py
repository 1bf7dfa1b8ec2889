"""A published report cleared for the public is readable by anyone at its address,
without the data-quality panel; any other report does not exist for the public."""

import pytest

from ictreport.core.models import ReportStatus
from tests.access.factories import user_in
from tests.editions.factories import publish_frozen
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

FINDINGS = "For staff: where the figures disagree"


publish = publish_frozen


def test_published_disclosable_report_is_open_without_signing_in(client, staff_client,
                                                                  staff_user, shipped_report,
                                                                  monkeypatch):
    publish(shipped_report, monkeypatch, staff_user)
    assert FINDINGS in staff_client.get(shipped_report.get_absolute_url()).content.decode()
    client.logout()
    response = client.get(shipped_report.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Service levels" in page
    assert FINDINGS not in page


def test_another_organisations_user_gets_the_public_edition(client, shipped_report,
                                                            staff_user, monkeypatch):
    publish(shipped_report, monkeypatch, staff_user)
    client.force_login(user_in(None, OrganisationFactory(slug="torfaen")))
    response = client.get(shipped_report.get_absolute_url())
    assert response.status_code == 200
    assert FINDINGS not in response.content.decode()


@pytest.mark.parametrize(("status", "disclosable"), [
    (ReportStatus.DRAFT, True),
    (ReportStatus.APPROVED, True),
    (ReportStatus.PUBLISHED, False),
])
def test_any_other_report_is_a_404_for_the_public(client, shipped_report, status,
                                                  disclosable):
    shipped_report.status, shipped_report.publicly_disclosable = status, disclosable
    shipped_report.save()
    assert client.get(shipped_report.get_absolute_url()).status_code == 404


def test_a_report_that_does_not_exist_is_the_same_404(client, shipped_report):
    assert client.get("/en/reports/gwent-police/2018-19/").status_code == 404
    assert client.get("/en/reports/nobody/2019-20/").status_code == 404


def test_a_public_editions_pdf_is_open_to_anyone_and_another_organisations_is_not(
        client, gwent, monkeypatch):
    from tests.editions.factories import editor_of, publish_small, stand_in_pdf

    stand_in_pdf(monkeypatch)
    publish_small(gwent)
    url = "/en/reports/gwent-police/2020-21/editions/1/pdf/"
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert "public" in anonymous["Cache-Control"]
    client.force_login(editor_of(gwent))
    member = client.get(url)
    assert member.status_code == 200 and member["Cache-Control"] == "private, no-store"
    assert member.getvalue() == anonymous.getvalue()
    # Another organisation's report, not cleared for the public, does not exist.
    torfaen = OrganisationFactory(slug="torfaen")
    from tests.editions.factories import approve_and_publish, approver_of, small_report

    hidden, hidden_return = small_report(torfaen, disclosable=False)
    approve_and_publish(hidden, [hidden_return], editor=editor_of(torfaen),
                        approver=approver_of(torfaen))
    for path in ("/en/reports/torfaen/2020-21/editions/1/pdf/",
                 "/en/reports/torfaen/2020-21/pdf/"):
        assert client.get(path).status_code == 404, path
        client.logout()
        assert client.get(path).status_code == 404, path
        client.force_login(editor_of(gwent))
