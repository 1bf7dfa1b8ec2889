"""Each section app's config registers what its modules declare (core/section_apps.py)."""

from importlib import import_module

import pytest
from django.apps import apps

from ictreport.core import extracts, registry
from ictreport.core.section_apps import SectionAppConfig

SECTION_APPS = ["servicedesk", "projects", "audits", "finance"]


@pytest.mark.parametrize("app", SECTION_APPS)
def test_the_app_uses_the_section_config(app):
    assert isinstance(apps.get_app_config(app), SectionAppConfig)


@pytest.mark.parametrize("app", SECTION_APPS)
def test_what_each_module_declares_is_registered(app):
    def declared(module, name):
        return getattr(import_module(f"{app}.{module}"), name)

    assert declared("section", "SECTIONS")
    for section in declared("section", "SECTIONS"):
        assert registry.get_section(section.key) is section
    for part in declared("file_part", "FILE_PARTS"):
        assert part in registry.file_parts()
    for dashboard in declared("dashboard", "DASHBOARDS"):
        assert registry.get_dashboard(dashboard.key) is dashboard


def test_the_extract_kinds_of_the_apps_that_read_extracts_are_registered():
    assert {kind.key for kind in extracts.kinds()} == {
        kind.key for app in SECTION_APPS
        for kind in getattr(_extracts_module(app), "EXTRACTS", ())}


def _extracts_module(app):
    try:
        return import_module(f"{app}.extracts")
    except ModuleNotFoundError:
        return None
