"""The core's text held in English and Welsh (``ictreport.core.bilingual``): the
organisation's name, the report's cover and prose, and each section's texts. Not the
classification marking (already bilingual, "OFFICIAL SWYDDOGOL"), codes or slugs."""

from ictreport.core.bilingual import register
from ictreport.core.models import NARRATIVE_FIELDS, AnnualReport, Organisation, SectionText

register(Organisation, "name")
register(AnnualReport, "title", "issuing_office", "lead_chief_officer", "timing", "purpose",
         *NARRATIVE_FIELDS)
register(SectionText, "intro", "commentary")
