"""Every section app has the same shape, and no module is too long to read.

The layout and its reasons are in docs/architecture.md: a newcomer finds a rule by the
job it does (``selectors`` reads, ``wording`` words, ``section`` assembles, ``file_part``
checks the whole-report file, ``services`` writes) in whichever section it is.
"""

import subprocess
from pathlib import Path

import pytest
from django.apps import apps

from ictreport.core import registry
from ictreport.core.dashboards import SectionDashboard
from ictreport.core.file_parts import FilePart

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400

# One job each; see docs/architecture.md.
LAYOUT = {
    "apps.py", "models.py", "admin.py", "resources.py", "urls.py",
    "selectors.py", "wording.py", "section.py", "dashboard.py",
    "schema.py", "file_part.py", "services.py",
}
# Modules an app has when it has the thing they hold.
OPTIONAL = {"translation.py", "tables.py", "filters.py", "choices.py", "extracts.py",
            "ledger.py", "db.py", "opinions.py"}
# The old shape: a module doing every job, and views beside the generic dashboard.
RETIRED = {"report.py", "views.py"}


def section_apps():
    """The apps that register a report section (a test's own sections are not apps)."""
    found = {}
    for section in registry.sections():
        config = apps.get_containing_app_config(type(section).__module__)
        if config is not None:
            found[config.label] = config
    return sorted(found.values(), key=lambda c: c.label)


SECTION_APPS = section_apps()


def test_the_four_section_apps_are_found():
    assert [c.label for c in SECTION_APPS] == ["audits", "finance", "projects", "servicedesk"]


@pytest.mark.parametrize("config", SECTION_APPS, ids=lambda c: c.label)
def test_each_section_app_has_the_one_layout(config):
    modules = {p.name for p in Path(config.path).glob("*.py")} - {"__init__.py"}
    # A module grown into a package (finance/models/) is still that module.
    modules |= {f"{p.parent.name}.py" for p in Path(config.path).glob("*/__init__.py")
                if p.parent.name != "migrations"}
    assert LAYOUT - modules == set(), f"{config.label} lacks {sorted(LAYOUT - modules)}"
    assert modules & RETIRED == set(), f"{config.label} still has {sorted(modules & RETIRED)}"
    assert modules - LAYOUT - OPTIONAL == set(), (
        f"{config.label} has modules outside the layout: {sorted(modules - LAYOUT - OPTIONAL)}")


@pytest.mark.parametrize("config", SECTION_APPS, ids=lambda c: c.label)
def test_each_section_app_registers_its_parts_from_their_modules(config):
    label = config.label
    sections = [s for s in registry.sections()
                if apps.get_containing_app_config(type(s).__module__) is config]
    parts = {p.key: p for p in registry.file_parts()}
    for section in sections:
        assert type(section).__module__ == f"{label}.section", section.key
        part = parts.get(section.key)
        assert isinstance(part, FilePart), f"{section.key} registers no FilePart"
        assert type(part).__module__ == f"{label}.file_part", section.key
    with_pages = [s for s in sections if s.url_name]
    assert with_pages, f"{label} has no page"
    for section in with_pages:
        dashboard = registry.get_dashboard(section.key)
        assert isinstance(dashboard, SectionDashboard)
        assert type(dashboard).__module__ == f"{label}.dashboard", section.key


def _modules():
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    return [path for path in listed
            if "migrations" not in Path(path).parts and not path.startswith("tests/")]


def test_modules_are_found():
    modules = _modules()
    assert "servicedesk/section.py" in modules and "ictreport/core/files.py" in modules


def test_no_module_outside_migrations_and_tests_is_over_400_lines():
    long = {}
    for path in _modules():
        lines = (ROOT / path).read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            long[path] = lines
    assert long == {}
