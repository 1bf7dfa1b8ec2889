"""The report's sections, registered by the section apps.

Each section app's config (``core/section_apps.py``) registers two things: its ``ReportSection``
(``section.py``: what the report, overview and dashboard show) and its ``FilePart``
(``file_part.py``, ``ictreport.core.file_parts``: its part of the whole-report file);
a section with a page registers its ``SectionDashboard`` too
(``ictreport.core.dashboards``). The reporting code renders whatever is registered,
ordered by chapter and position, and never imports a section app. Adding a section to
the report means adding an app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:

    from ictreport.core.dashboards import SectionDashboard
    from ictreport.core.file_parts import FilePart
    from ictreport.core.models import FinancialYear, Organisation
    from ictreport.core.sections import SectionData


class Declared:
    """A class whose subclasses state what they are in their class statement, as
    keywords: ``class AuditSection(ReportSection, key="audits", …)``. ``facts`` are the
    keywords it takes; a class that states any must state (or inherit) every one of
    ``required``. A misspelt or missing fact fails on import, not when first used."""

    facts: ClassVar[tuple[str, ...]] = ()
    required: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **given):
        unknown = sorted(set(given) - set(cls.facts))
        if unknown:
            raise TypeError(f"{cls.__name__}: {', '.join(unknown)} is not one of "
                            f"{', '.join(cls.facts)}.")
        super().__init_subclass__()
        for name, value in given.items():
            setattr(cls, name, value)
        missing = [name for name in cls.required if not hasattr(cls, name)]
        if given and missing:
            raise TypeError(f"{cls.__name__} does not say its {', '.join(missing)}.")


class ReportSection(Declared):
    """One data section of the annual report.

    ``chapter`` and ``order`` place it in the report's outline: the source report's
    section 3 holds the strategy paragraphs, then the data sections of chapter 3 in
    ``order`` (projects 3.5, service levels 3.6, audit 3.7), then governance.
    """

    key: ClassVar[str]
    title: ClassVar[Any]  # a lazy translation
    chapter: ClassVar[int]
    order: ClassVar[int]
    # The section's dashboard page (a URL name), listed in the site's navigation.
    url_name: ClassVar[str | None] = None

    facts = ("key", "title", "chapter", "order", "url_name")
    required = ("key", "title", "chapter", "order")

    def build(self, *, organisation: Organisation, year: FinancialYear) -> SectionData:
        """The section's figures, tables, charts, sentences and findings for one year."""
        raise NotImplementedError


_sections: dict[str, ReportSection] = {}
_file_parts: dict[str, FilePart] = {}
_dashboards: dict[str, SectionDashboard] = {}


def _add(into: dict, item, what: str):
    if item.key in into and type(into[item.key]) is not type(item):
        raise ValueError(f"Two {what} are registered as {item.key!r}.")
    into[item.key] = item
    return item


def register(section: ReportSection) -> ReportSection:
    return _add(_sections, section, "report sections")


def register_file_part(part: FilePart) -> FilePart:
    return _add(_file_parts, part, "file parts")


def register_dashboard(dashboard: SectionDashboard) -> SectionDashboard:
    return _add(_dashboards, dashboard, "dashboards")


def sections() -> list[ReportSection]:
    """Every registered section in report order."""
    return sorted(_sections.values(), key=lambda s: (s.chapter, s.order, s.key))


def get_section(key: str) -> ReportSection:
    return _sections[key]


def file_parts() -> list[FilePart]:
    """Every registered file part, in the order of the sections they belong to."""
    order = {s.key: i for i, s in enumerate(sections())}
    return sorted(_file_parts.values(), key=lambda p: (order.get(p.key, len(order)), p.key))


def get_dashboard(key: str) -> SectionDashboard:
    return _dashboards[key]
