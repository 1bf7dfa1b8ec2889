"""Where the Welsh is missing, a Welsh page shows the English, marked lang="en": the
model's field falls back to the English, ``text_of`` says which language it gave, and
the report blocks and the ``bilingual`` tag mark it."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from ictreport.core.bilingual import Bilingual, text_of
from ictreport.core.sections import BulletList, Heading, Text
from projects.models import Team
from tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(db):
    return (Team.objects.create(name_en="Project", name_cy="Prosiect", position=1),
            Team.objects.create(name_en="Desktop", position=2))


def test_the_field_falls_back_to_the_english(teams):
    welsh, english_only = teams
    with translation.override("cy"):
        assert Team.objects.get(pk=welsh.pk).name == "Prosiect"
        assert Team.objects.get(pk=english_only.pk).name == "Desktop"
        assert list(Team.objects.order_by("position").values_list("name", flat=True)) == [
            "Prosiect", "Desktop"]


def test_text_of_says_which_language_it_gave(teams):
    welsh, english_only = teams
    with translation.override("cy"):
        assert (text_of(welsh, "name"), text_of(welsh, "name").lang) == ("Prosiect", "cy")
        shown = text_of(english_only, "name")
        assert (shown, shown.lang, shown.fallback) == ("Desktop", "en", True)
    with translation.override("en"):
        assert (text_of(welsh, "name"), text_of(welsh, "name").lang) == ("Project", "en")


def test_the_tag_marks_english_on_a_welsh_page_only(teams):
    welsh, english_only = teams
    page = Template('{% load bilingual %}{% bilingual welsh "name" %}|'
                    '{% bilingual english "name" %}')
    context = Context({"welsh": welsh, "english": english_only})
    with translation.override("cy"):
        assert page.render(context) == 'Prosiect|<span lang="en">Desktop</span>'
    with translation.override("en"):
        assert page.render(context) == "Project|Desktop"


def test_the_filter_gives_an_attribute_for_any_element(gwent):
    report = AnnualReportFactory(organisation=gwent, title="Annual Report")
    page = Template('{% load bilingual %}{% with t=report|bilingual:"title" %}'
                    '<h1{{ t|lang_attr }}>{{ t }}</h1>{% endwith %}')
    with translation.override("cy"):
        assert page.render(Context({"report": report})) == '<h1 lang="en">Annual Report</h1>'
        report.title_cy = "Adroddiad Blynyddol"
        assert page.render(Context({"report": report})) == "<h1>Adroddiad Blynyddol</h1>"


def test_the_report_blocks_mark_english_text(teams):
    _welsh, english_only = teams
    with translation.override("cy"):
        name = text_of(english_only, "name")
        text = render_to_string("report/blocks/text.html", {"block": Text(name)})
        heading = render_to_string("report/blocks/heading.html",
                                   {"block": Heading(name), "heading_level": 3})
        items = render_to_string("report/blocks/list.html", {
            "block": BulletList(items=(name, Bilingual("Prosiect", "cy")))})
    assert '<div class="text-block" lang="en">' in text
    assert '<h3 lang="en">Desktop</h3>' in heading
    assert '<li lang="en">Desktop</li>' in items and "<li>Prosiect</li>" in items
    with translation.override("en"):
        text = render_to_string("report/blocks/text.html", {"block": Text(name)})
    assert 'lang=' not in text


def test_plain_text_is_never_marked():
    with translation.override("cy"):
        text = render_to_string("report/blocks/text.html", {"block": Text("Testun")})
    assert "lang=" not in text


def test_values_rows_give_the_text_and_its_language(teams):
    from ictreport.core.bilingual import columns, from_values

    rows = {r["name_en"]: r for r in Team.objects.values(*columns("name"))}
    with translation.override("cy"):
        assert (from_values(rows["Project"], "name"), from_values(rows["Project"], "name").lang
                ) == ("Prosiect", "cy")
        assert from_values(rows["Desktop"], "name").lang == "en"


def test_a_text_knowing_its_language_survives_pickling():
    import pickle

    text = pickle.loads(pickle.dumps(Bilingual("Telephone", "en", True)))
    assert (text, text.lang, text.fallback) == ("Telephone", "en", True)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_sections_data_survives_the_shared_cache(shipped_report, language):
    """Section data is cached (pickled) under the report's data version; its names
    and texts know their language, and must come back from the cache as they went in
    (an unpicklable text would rebuild every section on every read)."""
    import pickle

    from ictreport.core import registry
    from ictreport.core.data_version import data_version, section_data

    with translation.override(language):
        version = data_version(shipped_report.organisation_id, shipped_report.year_id)
        for section in registry.sections():
            data = section_data(section, organisation=shipped_report.organisation,
                                year=shipped_report.year, version=version)
            assert repr(pickle.loads(pickle.dumps(data))) == repr(data), section.key
