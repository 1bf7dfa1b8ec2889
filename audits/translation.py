"""The audits' text held in English and Welsh (``ictreport.core.bilingual``): the
opinions' names, reviews (title, notes), recommendations (description) and compliance
certificates (name, issuer, notes). Not owners (people), priorities or statuses
(choices, translated as interface strings)."""

from audits.models import AuditOpinion, AuditReview, ComplianceCertificate, Recommendation
from ictreport.core.bilingual import register

register(AuditOpinion, "name")
register(AuditReview, "title", "notes")
register(Recommendation, "description")
register(ComplianceCertificate, "name", "issuer", "notes")
