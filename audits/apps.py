from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audit")

    def ready(self):
        from audits.dashboard import AuditDashboard
        from audits.file_part import AuditFilePart
        from audits.section import AuditSection
        from ictreport.core.registry import register, register_dashboard, register_file_part

        register(AuditSection())
        register_file_part(AuditFilePart())
        register_dashboard(AuditDashboard())
