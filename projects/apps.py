from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Core planned work and projects")

    def ready(self):
        from ictreport.core.registry import register, register_dashboard, register_file_part
        from projects.dashboard import ProjectsDashboard
        from projects.file_part import PrioritiesFilePart, ProjectsFilePart
        from projects.section import PrioritiesSection, ProjectsSection

        register(ProjectsSection())
        register(PrioritiesSection())
        register_file_part(ProjectsFilePart())
        register_file_part(PrioritiesFilePart())
        register_dashboard(ProjectsDashboard())
