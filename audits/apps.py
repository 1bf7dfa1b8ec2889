from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audit")

    def ready(self):
        from audits.report import AuditSection
        from ictreport.core.registry import register

        register(AuditSection())
