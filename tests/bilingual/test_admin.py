"""The admin enters English and Welsh side by side: each translated field is two boxes,
labelled with the language in words, the Welsh one marked lang="cy"; saving keeps both,
the English required where the field is, the Welsh optional."""

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import Team
from tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


def test_a_team_is_saved_in_both_languages(staff_client):
    response = staff_client.post(reverse("admin:projects_team_add"), {
        "name_en": "Project", "name_cy": "Prosiect", "position": "3"})
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get()
    assert (team.name_en, team.name_cy) == ("Project", "Prosiect")
    with translation.override("cy"):
        assert Team.objects.get().name == "Prosiect"
    with translation.override("en"):
        assert Team.objects.get().name == "Project"


def test_the_welsh_is_optional_and_the_english_is_not(staff_client):
    url = reverse("admin:projects_team_add")
    assert staff_client.post(url, {"name_en": "Desktop", "name_cy": "", "position": "1"}
                             ).status_code == 302
    response = staff_client.post(url, {"name_en": "", "name_cy": "Bwrdd gwaith",
                                       "position": "2"})
    assert response.status_code == 200
    assert Team.objects.count() == 1
    assert Team.objects.get().name_cy in ("", None)


def test_a_welsh_name_need_not_be_unique(staff_client):
    url = reverse("admin:projects_team_add")
    for name in ("Desktop", "Service Desk"):
        assert staff_client.post(url, {"name_en": name, "name_cy": "", "position": "1"}
                                 ).status_code == 302
    assert Team.objects.count() == 2


def test_the_report_form_has_both_languages_labelled(staff_client):
    report = AnnualReportFactory()
    page = staff_client.get(reverse("admin:core_annualreport_change", args=[report.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("title_en", "title_cy", "introduction_en", "introduction_cy"):
        assert f'name="{name}"' in html
    assert "Title (English)" in html and "Title (Cymraeg)" in html
    assert 'lang="cy"' in html
    assert 'name="title"' not in html


def test_the_report_is_saved_in_both_languages(staff_client):
    report = AnnualReportFactory()
    url = reverse("admin:core_annualreport_change", args=[report.pk])
    page = staff_client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    data.update({"title_en": "Annual Report", "title_cy": "Adroddiad Blynyddol",
                 "introduction_cy": "Cyflwyniad.",
                 "section_texts-TOTAL_FORMS": "0", "section_texts-INITIAL_FORMS": "0"})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert (report.title_en, report.title_cy) == ("Annual Report", "Adroddiad Blynyddol")
    assert report.introduction_cy == "Cyflwyniad."
    # the original column holds the English, whichever language was active
    assert type(report).objects.filter(pk=report.pk).values_list("title", flat=True
                                                                  ).get() == "Annual Report"
