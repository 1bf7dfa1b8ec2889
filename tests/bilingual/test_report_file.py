"""The whole-report file carries both languages: a ``<key>_cy`` sibling beside every
translatable key is imported into the Welsh column and written back by an export, so
export → import → export keeps both; a file without any ``_cy`` imports as before; a
``_cy`` beside anything that is not translatable text is refused, saying so."""

import pytest
import yaml
from django.utils import translation

from ictreport.core import registry
from ictreport.core.bilingual import registered_models
from ictreport.core.file_fields import ReportFileError
from ictreport.core.file_yaml import dump_yaml
from ictreport.core.files import read_report_file, write_report_file
from ictreport.core.models import AnnualReport
from projects.models import Deliverable, Team
from tests.bilingual.support import invented, with_invented_welsh
from tests.shared_data import ShippedReportOnce

pytestmark = pytest.mark.django_db


def _export(report) -> dict:
    return yaml.safe_load(write_report_file(AnnualReport.objects.get(pk=report.pk)))


def test_every_registered_text_can_travel_in_the_file():
    """Each model with text held in both languages is reached by some ``_cy`` key."""
    from ictreport.core.files import _welsh_keys

    reached = {key.model for key in _welsh_keys(registry.file_parts()).values()}
    registered = {m for m in registered_models() if not m.__name__.startswith("Historical")}
    # Organisation names travel in the organisations fixture, not in a report file.
    assert registered - reached == {registered_model("core.Organisation")}


def registered_model(label):
    from django.apps import apps

    return apps.get_model(label)


@pytest.fixture
def data(db):
    from tests.yearround.factories import year_round

    return year_round([section.key for section in registry.sections()], organisations=1)


def test_year_round_data_round_trips_in_both_languages(data):
    """Over the year-round factories: every translated text of every row given Welsh,
    exported, the Welsh removed, imported again: the export is the same."""
    for model, fields in registered_models().items():
        if model.__name__.startswith("Historical"):
            continue
        for row in model._base_manager.all():
            model._base_manager.filter(pk=row.pk).update(**{
                f"{field}_cy": invented(getattr(row, f"{field}_en"))
                for field in fields if getattr(row, f"{field}_en")})
    for report in AnnualReport.objects.all():
        first = write_report_file(report)
        assert "_cy:" in first
        for model, fields in registered_models().items():
            if not model.__name__.startswith("Historical") and model.__name__ != "Organisation":
                model._base_manager.update(**{f"{field}_cy": None for field in fields})
        read_report_file(first)
        assert write_report_file(AnnualReport.objects.get(pk=report.pk)) == first
    assert Team.objects.exclude(name_cy=None).exists()


def _keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def _without_welsh(node):
    if isinstance(node, dict):
        return {k: _without_welsh(v) for k, v in node.items() if not k.endswith("_cy")}
    if isinstance(node, list):
        return [_without_welsh(item) for item in node]
    return node


class TestTheShippedReport(ShippedReportOnce):
    def test_the_shipped_report_round_trips_in_both_languages(self, shipped_report):
        english = _export(shipped_report)
        both = with_invented_welsh(english)
        assert "title_cy" in both["report"]
        read_report_file(dump_yaml(both))
        assert _export(shipped_report) == both
        # and the Welsh is where the pages read it
        report = AnnualReport.objects.get(pk=shipped_report.pk)
        with translation.override("cy"):
            assert report.title == invented(english["report"]["title"])
            team = english["projects"]["returns"][0]["teams"][0]["team"]
            assert Team.objects.get(name_en=team).name == invented(team)
        with translation.override("en"):
            assert report.title == english["report"]["title"]

    def test_importing_the_same_file_again_changes_nothing(self, shipped_report):
        both = with_invented_welsh(_export(shipped_report))
        read_report_file(dump_yaml(both))
        first = write_report_file(AnnualReport.objects.get(pk=shipped_report.pk))
        read_report_file(first)
        assert write_report_file(AnnualReport.objects.get(pk=shipped_report.pk)) == first

    def test_a_file_without_welsh_imports_as_before_and_keeps_the_welsh_held(self, shipped_report):
        english = _without_welsh(_export(shipped_report))  # (the opinions' Welsh is seeded)
        assert not any(key.endswith("_cy") for key in _keys(english))
        read_report_file(dump_yaml(with_invented_welsh(english)))
        read_report_file(dump_yaml(english))  # says nothing of the Welsh: it stays
        assert AnnualReport.objects.get(pk=shipped_report.pk).title_cy == invented(
            english["report"]["title"])

    def test_an_empty_welsh_text_clears_it(self, shipped_report):
        both = with_invented_welsh(_export(shipped_report))
        read_report_file(dump_yaml(both))
        both["report"]["title_cy"] = ""
        read_report_file(dump_yaml(both))
        assert not AnnualReport.objects.get(pk=shipped_report.pk).title_cy
        assert "title_cy" not in _export(shipped_report)["report"]

    def test_the_welsh_of_a_list_is_a_list_of_the_same_length(self, shipped_report):
        data = _export(shipped_report)
        held = sorted(Deliverable.objects.values_list("pk", "name_cy"))
        project = next(p for p in data["projects"]["portfolio"] if p.get("deliverables"))
        project["deliverables_cy"] = ["Un"] * (len(project["deliverables"]) + 1)
        project["name_cy"] = ["not", "text"]
        with pytest.raises(ReportFileError) as caught:
            read_report_file(dump_yaml(data))
        messages = {p.path.rsplit(".", 1)[-1]: p.message for p in caught.value.problems}
        assert "as many texts as the English" in messages["deliverables_cy"]
        assert messages["name_cy"] == "must be text, like the English beside it"
        assert sorted(Deliverable.objects.values_list("pk", "name_cy")) == held  # nothing written

    def test_welsh_beside_what_is_not_translatable_is_refused(self, shipped_report):
        data = _export(shipped_report)
        data["report"]["classification_cy"] = "SWYDDOGOL"
        data["report"]["date_cy"] = "2020-09-03"
        data["servicedesk"]["returns"][0]["calls"][0]["calls_cy"] = 3
        data["report"]["narrative"]["orphan_cy"] = ["Dim Saesneg"]
        with pytest.raises(ReportFileError) as caught:
            read_report_file(dump_yaml(data))
        problems = {p.path: p.message for p in caught.value.problems}
        assert problems["report.classification_cy"] == (
            "classification is not text that is held in Welsh, so it cannot have a "
            "classification_cy; Welsh is given only beside names and texts")
        assert "report.date_cy" in problems
        assert "servicedesk.returns[0].calls[0].calls_cy" in problems
        assert problems["report.narrative.orphan_cy"] == (
            "gives Welsh for orphan, which is not given beside it")
