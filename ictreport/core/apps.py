from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ictreport.core"
    label = "core"
    verbose_name = _("Organisations and reports")

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        # Importing them connects the sign-off lock and the lock of a year's rows.
        from ictreport.core import workflow, year_locks  # noqa: F401
        from ictreport.core.data_version import (
            drop_data_version_triggers,
            install_data_version_triggers,
        )
        from ictreport.core.db import (
            drop_version_triggers,
            install_period_triggers,
            install_version_triggers,
        )
        from ictreport.core.editions import install_edition_triggers
        from ictreport.core.roles import ensure_roles

        # Once per migrate run, after every app's migrations (see ictreport.core.db).
        post_migrate.connect(install_period_triggers, sender=self,
                             dispatch_uid="core.install_period_triggers")
        post_migrate.connect(install_edition_triggers, sender=self,
                             dispatch_uid="core.install_edition_triggers")
        pre_migrate.connect(drop_version_triggers, sender=self,
                            dispatch_uid="core.drop_version_triggers")
        post_migrate.connect(install_version_triggers, sender=self,
                             dispatch_uid="core.install_version_triggers")
        pre_migrate.connect(drop_data_version_triggers, sender=self,
                            dispatch_uid="core.drop_data_version_triggers")
        post_migrate.connect(install_data_version_triggers, sender=self,
                             dispatch_uid="core.install_data_version_triggers")
        # After every app's post_migrate, since each app's permissions are created by
        # its own; the groups are idempotent, so the repeats cost a few queries only.
        post_migrate.connect(ensure_roles, dispatch_uid="core.ensure_roles")
