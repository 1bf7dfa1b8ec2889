from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from django.db.models.signals import post_migrate

        from finance.dashboard import FinanceDashboard
        from finance.db import install_line_triggers
        from finance.extracts import LedgerExtract
        from finance.file_part import FinanceFilePart
        from finance.section import FinanceSection
        from ictreport.core import extracts
        from ictreport.core.registry import register, register_dashboard, register_file_part

        register(FinanceSection())
        register_file_part(FinanceFilePart())
        register_dashboard(FinanceDashboard())
        extracts.register(LedgerExtract())
        # Once per migrate run, after every app's migrations (see finance.db).
        post_migrate.connect(install_line_triggers, sender=self,
                             dispatch_uid="finance.install_line_triggers")
