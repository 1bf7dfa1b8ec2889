from django.utils.translation import gettext_lazy as _

from ictreport.core import section_apps


class ServicedeskConfig(section_apps.SectionAppConfig):
    name = "servicedesk"
    verbose_name = _("Service desk")
