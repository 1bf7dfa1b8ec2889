from django.urls import reverse

from ictreport.core import registry
from ictreport.core.language import switch_context


def navigation(request):
    """The site's navigation: the overview, each registered section's page, the reports."""
    items = []
    for section in registry.sections():
        if section.url_name is None:
            continue
        items.append(
            {"key": section.key, "title": section.title, "url": reverse(section.url_name)}
        )
    return {"section_nav": items}


def language_switch(request):
    """The "Cymraeg" / "English" switch on every page (templates/_language_switch.html)."""
    return {"language_switch": switch_context(request)}
