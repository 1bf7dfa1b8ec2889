"""Admins that only show rows another part of the product writes: the sign-off trail,
the published editions, the extracts' runs. Nobody adds, changes or deletes them in
the admin (the database refuses most such changes anyway); each lists only the rows of
the organisations the user may see."""

from ictreport.core.access import visible_organisations


class ViewOnlyAdmin:
    """Mixed in before ``admin.ModelAdmin``. ``organisation_path`` is the lookup from
    the model to its organisation (``"organisation"``, ``"report__organisation"``)."""

    organisation_path: str

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            **{f"{self.organisation_path}__in": visible_organisations(request.user)})

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
