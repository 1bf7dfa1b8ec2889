from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self):
        from ictreport.core.registry import register
        from servicedesk.report import ServiceDeskSection

        register(ServiceDeskSection())

        from ictreport.core.extracts import register as register_extract
        from servicedesk.extracts import TicketsExtract

        register_extract(TicketsExtract())
