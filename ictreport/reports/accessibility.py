"""The accessibility statement (/accessibility/) and the favicon at /favicon.ico.

The statement follows the model accessibility statement for the Public Sector Bodies
(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018: compliance
status, non-accessible content, how to report a problem, the enforcement procedure, and
when and how it was prepared. Anyone may read it, signed in or not.
"""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

# Change these when the statement is reviewed or the site is tested again.
PREPARED_ON = datetime.date(2026, 12, 1)
LAST_REVIEWED_ON = datetime.date(2026, 12, 1)
LAST_TESTED_ON = datetime.date(2026, 12, 1)
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
TESTED_WIDTHS = (1366, 390, 320)


@login_not_required
@require_safe
def statement(request):
    return render(request, "accessibility.html", {
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "prepared_on": PREPARED_ON,
        "reviewed_on": LAST_REVIEWED_ON,
        "tested_on": LAST_TESTED_ON,
        "widths": TESTED_WIDTHS,
    })


@login_not_required
@require_safe
def favicon(request):
    """Browsers that ask for /favicon.ico without reading the page's icon links."""
    # Not permanent: the static name carries a hash that changes with the file.
    return redirect(static("favicon.ico"))
