"""The app config every section app uses: what the section's modules declare is
registered when Django starts, the same way in all four.

A section app's modules each end with what they give the rest of the product
(docs/architecture.md, "One layout per section app"):

- ``section.py``: ``SECTIONS``, its report sections (``registry.ReportSection``);
- ``file_part.py``: ``FILE_PARTS``, its parts of the whole-report file;
- ``dashboard.py``: ``DASHBOARDS``, its dashboard pages;
- ``extracts.py``, where the section reads raw extracts: ``EXTRACTS``.

An app's ``apps.py`` imports this module, not the class: Django takes the one AppConfig
subclass it finds in ``apps.py`` as the app's config, and there must be only one.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig

from ictreport.core import extracts, registry

# module -> (the name it declares its objects under, how each is registered)
DECLARED = {
    "section": ("SECTIONS", registry.register),
    "file_part": ("FILE_PARTS", registry.register_file_part),
    "dashboard": ("DASHBOARDS", registry.register_dashboard),
    "extracts": ("EXTRACTS", extracts.register),
}
REQUIRED = ("section", "file_part", "dashboard")


class SectionAppConfig(AppConfig):
    """Registers the app's sections, file parts, dashboards and extract kinds."""

    def ready(self):
        for module_name, (declared, register) in DECLARED.items():
            path = f"{self.name}.{module_name}"
            if module_name not in REQUIRED and find_spec(path) is None:
                continue
            for each in getattr(import_module(path), declared):
                register(each)
