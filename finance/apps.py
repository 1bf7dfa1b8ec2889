from django.utils.translation import gettext_lazy as _

from ictreport.core import section_apps


class FinanceConfig(section_apps.SectionAppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from django.db.models.signals import post_migrate

        from finance.db import install_line_triggers

        super().ready()
        # Once per migrate run, after every app's migrations (see finance.db).
        post_migrate.connect(install_line_triggers, sender=self,
                             dispatch_uid="finance.install_line_triggers")
