from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ictreport.core"
    label = "core"
    verbose_name = _("Organisations and reports")

    def ready(self):
        from django.db.models.signals import post_migrate

        from ictreport.core.db import install_period_triggers

        # Once per migrate run, after every app's migrations (see ictreport.core.db).
        post_migrate.connect(install_period_triggers, sender=self,
                             dispatch_uid="core.install_period_triggers")
