"""The shared schema: who a report is for, which period, and the report itself.

Section apps hang their figures from ``QuarterlyReturn`` subclasses; everything is per
organisation because the shared service runs ICT for several public bodies.

One module a job; every public name is importable from ``ictreport.core.models`` as
before. New models go in a new module here (or their own module in core), re-exported
below.
"""

# The extracts' runs and column mappings live beside ictreport.core.extracts, and the
# import previews' model in ictreport.core.previews (neither is part of the report).
from ictreport.core.data_version import ReportDataVersion
from ictreport.core.extract_runs import ExtractMapping, ExtractRun
from ictreport.core.models.editions import EditionPdf, EditionPdfSource, ReportEdition
from ictreport.core.models.organisations import (
    FinancialYear,
    FinancialYearManager,
    Membership,
    Organisation,
    OrganisationManager,
)
from ictreport.core.models.preferences import UserPreference
from ictreport.core.models.reports import (
    NARRATIVE_FIELDS,
    PARAGRAPH_BREAK,
    AnnualReport,
    ReportStatus,
    SectionText,
    join_paragraphs,
    split_paragraphs,
)
from ictreport.core.models.returns import QuarterlyReturn, ReturnStatus
from ictreport.core.models.signoff import SignOff, SignOffAction
from ictreport.core.previews import ImportPreview

__all__ = [
    "NARRATIVE_FIELDS",
    "PARAGRAPH_BREAK",
    "AnnualReport",
    "EditionPdf",
    "EditionPdfSource",
    "ExtractMapping",
    "ExtractRun",
    "FinancialYear",
    "FinancialYearManager",
    "ImportPreview",
    "Membership",
    "Organisation",
    "OrganisationManager",
    "QuarterlyReturn",
    "ReportDataVersion",
    "ReportEdition",
    "ReportStatus",
    "ReturnStatus",
    "SectionText",
    "SignOff",
    "SignOffAction",
    "UserPreference",
    "join_paragraphs",
    "split_paragraphs",
]
