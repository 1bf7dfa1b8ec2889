from django.utils.translation import gettext_lazy as _

from ictreport.core import section_apps


class AuditsConfig(section_apps.SectionAppConfig):
    name = "audits"
    verbose_name = _("Audit")
