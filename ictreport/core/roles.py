"""The roles, as Django groups, and the model permissions each one holds.

A group says *what* someone may do; their memberships (``core.Membership``) say for
which organisations (``ictreport.core.access``). The groups are brought up to date after
every ``migrate``, once every app's permissions exist, so a new section app gets its
editor group and every role its permissions without a hand-written migration.
"""

from functools import cache

from django.apps import AppConfig, apps
from django.db.models import Model
from simple_history.models import HistoricalChanges

from ictreport.core import registry

APPROVERS = "Approvers"
VIEWERS = "Viewers"
SHARED_SERVICE_ADMINISTRATORS = "Shared-service administrators"
APPROVE_PERMISSION = "core.approve"

# The report itself and its sign-off trail: read by every role.
_REPORT_MODELS = ("core.annualreport", "core.sectiontext", "core.signoff",
                  "core.reportedition")
# Who belongs where, the organisations and years: set up by administrators only.
_SET_UP_MODELS = ("core.organisation", "core.financialyear", "core.membership")


def section_apps() -> list[AppConfig]:
    """The apps that register report sections, in report order, each once."""
    found = []
    for section in registry.sections():
        app = apps.get_containing_app_config(type(section).__module__)
        if app is not None and app not in found:
            found.append(app)
    return found


def section_app(section_key: str) -> AppConfig:
    return apps.get_containing_app_config(type(registry.get_section(section_key)).__module__)


def editor_group(app: AppConfig) -> str:
    # Group names are data, kept in English like the permission names Django makes.
    with _english():
        return f"{app.verbose_name} editors"


def role_groups() -> list[str]:
    return [*(editor_group(app) for app in section_apps()), APPROVERS, VIEWERS,
            SHARED_SERVICE_ADMINISTRATORS]


def data_models(app: AppConfig) -> list[type[Model]]:
    """An app's own models, without the history tables simple_history adds."""
    return [m for m in app.get_models() if not issubclass(m, HistoricalChanges)]


@cache
def organisation_path(model: type[Model]) -> str | None:
    """The lookup from ``model`` to the organisation it belongs to, or None for
    reference data shared by every organisation (channels, tiers, opinions)."""
    from ictreport.core.models import Organisation

    fields = [f for f in model._meta.get_fields()
              if (f.many_to_one or f.one_to_one) and f.concrete]
    for field in fields:
        if field.related_model is Organisation:
            return field.name
    for field in fields:
        parent = field.related_model
        if parent is not model and parent._meta.app_label == model._meta.app_label:
            path = organisation_path(parent)
            if path is not None:
                return f"{field.name}__{path}"
    return None


def _codenames(models, actions) -> set[tuple[str, str]]:
    return {(m._meta.app_label, f"{action}_{m._meta.model_name}")
            for m in models for action in actions}


def _labelled(labels) -> list[type[Model]]:
    return [apps.get_model(label) for label in labels]


def role_permissions() -> dict[str, set[tuple[str, str]]]:
    """Each role group's permissions as (app label, codename)."""
    section_models = [m for app in section_apps() for m in data_models(app)]
    report_models = _labelled(_REPORT_MODELS)
    read_all = _codenames([*section_models, *report_models], ["view"])
    roles = {}
    for app in section_apps():
        own = [m for m in data_models(app) if organisation_path(m) is not None]
        roles[editor_group(app)] = read_all | _codenames(own, ["add", "change", "delete"])
    roles[VIEWERS] = read_all
    roles[APPROVERS] = read_all | {("core", "approve")} | _codenames(
        _labelled(("core.annualreport", "core.sectiontext")), ["add", "change"])
    roles[SHARED_SERVICE_ADMINISTRATORS] = (
        {("core", "approve")}
        | _codenames([*section_models, *report_models, *_labelled(_SET_UP_MODELS)],
                     ["add", "change", "delete", "view"])
    )
    return roles


def ensure_roles(**kwargs) -> None:
    """Create the role groups and set exactly their permissions (``post_migrate``)."""
    from django.contrib.auth.models import Group, Permission

    wanted = role_permissions()
    labels = {label for codes in wanted.values() for label, _ in codes}
    held = {(p.content_type.app_label, p.codename): p for p in
            Permission.objects.filter(content_type__app_label__in=labels)
            .select_related("content_type")}
    for name, codes in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([held[code] for code in codes if code in held])


def _english():
    from django.utils import translation

    return translation.override("en")
