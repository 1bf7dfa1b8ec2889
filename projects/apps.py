from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Core planned work and projects")

    def ready(self):
        from ictreport.core.registry import register
        from projects.section import PrioritiesSection, ProjectsSection

        register(ProjectsSection())
        register(PrioritiesSection())
