"""Admin classes the section apps build their data-entry pages on.

The admin is the data-entry screen, so what a user may see and change is decided here,
once, for every section: lists, forms, history and choices are limited to the
organisations the user may see (``ictreport.core.access``); another organisation's rows
do not exist for them. An approved return (or report) opens read-only, saying who
approved it and when, and carries its sign-off steps as buttons, each confirmed on a
page of its own and done by POST.

The classes live in modules by job: ``admin_scoping`` (what a page is limited to and
refuses), ``admin_rows`` (expected figure rows) and ``admin_returns`` (sign-off steps,
returns, "view on site"); this module names them all, so the section apps import them
from one place.
"""

from ictreport.core.admin_returns import (
    ReasonForm,
    ReturnAdmin,
    ReturnForm,
    SignOffAdmin,
    StaleReturn,
    last_change,
    stale_message,
    view_on_site,
)
from ictreport.core.admin_rows import ExpectedRowsFormSet, ExpectedRowsInline
from ictreport.core.admin_scoping import (
    EntryFieldsMixin,
    FigureRowsMixin,
    LockCheckedAdmin,
    OrganisationScopedAdmin,
    ReferenceAdmin,
    ScopedChoicesMixin,
    lock_checked,
    scoped_choices,
)

__all__ = [
    "EntryFieldsMixin", "ExpectedRowsFormSet", "ExpectedRowsInline", "FigureRowsMixin",
    "LockCheckedAdmin", "OrganisationScopedAdmin", "ReasonForm", "ReferenceAdmin",
    "ReturnAdmin", "ReturnForm", "ScopedChoicesMixin", "SignOffAdmin", "StaleReturn",
    "last_change", "lock_checked", "scoped_choices", "stale_message", "view_on_site",
]
