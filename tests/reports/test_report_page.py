import pytest

pytestmark = pytest.mark.django_db


def test_report_page_reads_like_the_source(staff_client, shipped_report):
    response = staff_client.get("/reports/gwent-police/2019-20/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "OFFICIAL SWYDDOGOL" in html
    assert "Nigel Stephens, Assistant Chief Officer - Resources" in html
    assert "3rd September 2020" in html
    for number, title in [(1, "Recommendation"), (2, "Introduction &amp; background"),
                          (12, "Annexes")]:
        assert f"{number}. {title}" in html
    # Numbered paragraphs are counted: seven in section 2.
    assert 'id="para-2-7"' in html and 'id="para-2-8"' not in html
    assert "<li>Shared Resource Service.</li>" in html
    assert "The Digital Services Division has 91 staff." in html


def test_unknown_report_is_404(staff_client, shipped_report):
    assert staff_client.get("/reports/gwent-police/2018-19/").status_code == 404
    assert staff_client.get("/reports/nowhere/2019-20/").status_code == 404
    assert staff_client.get("/reports/gwent-police/2019-21/").status_code == 404


def test_report_list_links_each_report(staff_client, shipped_report):
    response = staff_client.get("/reports/")
    assert b'href="/reports/gwent-police/2019-20/"' in response.content


def test_overview_without_any_organisation_explains_what_to_do(staff_client):
    response = staff_client.get("/")
    assert response.status_code == 200
    assert b"No organisation or year is set up yet" in response.content


def test_overview_links_the_selected_report(staff_client, shipped_report):
    response = staff_client.get("/?organisation=gwent-police&year=2019-20")
    assert response.status_code == 200
    assert b'href="/reports/gwent-police/2019-20/"' in response.content


def test_overview_unknown_selection_is_404(staff_client, shipped_report):
    assert staff_client.get("/?organisation=nowhere").status_code == 404
    assert staff_client.get("/?year=1999-00").status_code == 404
    assert staff_client.get("/?year=banana").status_code == 404
