"""A report section states its facts (key, title, place in the outline, page) once, in
its class statement; one it leaves out or misspells is refused when the class is made."""

import pytest

from audits.section import AuditSection
from ictreport.core.registry import ReportSection
from projects.section import PrioritiesSection


def test_facts_given_in_the_class_statement_are_the_sections():
    assert (AuditSection.key, str(AuditSection.title), AuditSection.chapter,
            AuditSection.order, AuditSection.url_name) == (
        "audits", "Audit", 3, 7, "audits:dashboard")
    assert PrioritiesSection.url_name is None  # no page of its own


def test_a_misspelt_fact_is_refused():
    with pytest.raises(TypeError, match="url is not one of key, title"):
        class Misspelt(ReportSection, key="x", title="X", chapter=3, order=1, url="x:y"):
            pass


def test_a_section_that_leaves_out_its_place_is_refused():
    with pytest.raises(TypeError, match="does not say its chapter, order"):
        class Placeless(ReportSection, key="x", title="X"):
            pass


def test_a_subclass_inherits_its_parents_facts():
    class Variant(AuditSection):
        pass

    assert (Variant.key, Variant.chapter, Variant.order) == ("audits", 3, 7)


def test_a_file_part_of_returns_that_leaves_out_its_model_is_refused():
    from pydantic import BaseModel

    from ictreport.core.file_parts import ReturnsFilePart

    with pytest.raises(TypeError, match="does not say its returns_model"):
        class Modelless(ReturnsFilePart, key="x", schema=BaseModel):
            pass
