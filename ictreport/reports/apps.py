from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ictreport.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from ictreport.core import workflow
        from ictreport.core.editions import register_renderer
        from ictreport.reports import (
            checks,  # noqa: F401  (registers the cache check)
            jobs,
        )
        from ictreport.reports.editions import Renderer

        # Core freezes editions at the publish step; drawing them is this app's part.
        register_renderer(Renderer())
        # A sign-off step queues the report's PDF at once; any other change is found by
        # the worker's sweep of the data version (ictreport.reports.sweep).
        workflow.on_step(jobs.report_signed_off)
