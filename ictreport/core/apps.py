from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ictreport.core"
    label = "core"
    verbose_name = _("Organisations and reports")

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from ictreport.core.db import drop_triggers, install_triggers
        from ictreport.core.roles import ensure_roles

        # Around every migrate run (see ictreport.core.db).
        pre_migrate.connect(drop_triggers, sender=self, dispatch_uid="core.drop_triggers")
        post_migrate.connect(install_triggers, sender=self,
                             dispatch_uid="core.install_triggers")
        # Once a run, after the last app's post_migrate: each app's permissions are
        # created by its own, so only then are all of them there. (Connected without a
        # sender it ran once an app, twenty times in every migrate and every flush.)
        from django.apps import apps

        last = [config for config in apps.get_app_configs()
                if config.models_module is not None][-1]
        post_migrate.connect(ensure_roles, sender=last, dispatch_uid="core.ensure_roles")
