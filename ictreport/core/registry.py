"""The report's sections, registered by the section apps.

Each section app's ``AppConfig.ready`` registers its ``ReportSection`` subclasses; the
reporting code renders whatever is registered, ordered by chapter and position, and
never imports a section app. Adding a section to the report means adding an app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ictreport.core.models import FinancialYear, Organisation
    from ictreport.core.sections import SectionData


class ReportSection:
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
    # The pydantic model of the section's part of the whole-report YAML file.
    schema: ClassVar[type[BaseModel] | None] = None

    def build(self, *, organisation: Organisation, year: FinancialYear) -> SectionData:
        """The section's figures, tables, charts, sentences and findings for one year."""
        raise NotImplementedError

    # Whole-report files (``import_report`` / ``export_report``).

    def check(self, part: BaseModel, *, organisation: Organisation | None, year: int,
              path: str) -> list[tuple[str, str]]:
        """Rules the schema cannot state (duplicates, cross-row sums): (key path, message)."""
        return []

    def save(self, part: BaseModel, *, organisation: Organisation, year: FinancialYear) -> None:
        """Write a validated part; runs inside the import's transaction."""
        raise NotImplementedError

    def dump(self, *, organisation: Organisation, year: FinancialYear) -> dict | None:
        """The section's part of the file for this report, or None if it holds nothing."""
        raise NotImplementedError


_sections: dict[str, ReportSection] = {}


def register(section: ReportSection) -> ReportSection:
    if section.key in _sections and type(_sections[section.key]) is not type(section):
        raise ValueError(f"Two report sections are registered as {section.key!r}.")
    _sections[section.key] = section
    return section


def sections() -> list[ReportSection]:
    """Every registered section in report order."""
    return sorted(_sections.values(), key=lambda s: (s.chapter, s.order, s.key))


def get_section(key: str) -> ReportSection:
    return _sections[key]
