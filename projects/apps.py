from django.utils.translation import gettext_lazy as _

from ictreport.core import section_apps


class ProjectsConfig(section_apps.SectionAppConfig):
    name = "projects"
    verbose_name = _("Core planned work and projects")
