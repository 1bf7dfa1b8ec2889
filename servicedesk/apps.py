from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self):
        from ictreport.core.registry import register, register_dashboard, register_file_part
        from servicedesk.dashboard import ServiceDeskDashboard
        from servicedesk.file_part import ServiceDeskFilePart
        from servicedesk.section import ServiceDeskSection

        register(ServiceDeskSection())
        register_file_part(ServiceDeskFilePart())
        register_dashboard(ServiceDeskDashboard())

        from ictreport.core.extracts import register as register_extract
        from servicedesk.extracts import TicketsExtract

        register_extract(TicketsExtract())
