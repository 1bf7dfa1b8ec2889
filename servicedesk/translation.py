"""The service desk's names held in English and Welsh (``ictreport.core.bilingual``)."""

from ictreport.core.bilingual import register
from servicedesk.models import Channel, ServiceTier

register(Channel, "name")
register(ServiceTier, "name")
