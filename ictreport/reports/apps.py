from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ictreport.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from ictreport.core.editions import register_renderer
        from ictreport.reports import (
            checks,  # noqa: F401  (registers the cache check)
            signals,
        )
        from ictreport.reports.editions import Renderer

        # Core freezes editions at the publish step; drawing them is this app's part.
        register_renderer(Renderer())
        # A change to a report queues its PDF for the worker (ictreport.reports.jobs).
        signals.connect()
