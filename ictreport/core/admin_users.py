"""The users' admin: Django's own, with the sign-in and joining dates shown rather
than typed. They are records of what happened, not settings, and Django's boxes for
them (a date box and a time box after "Date:" and "Time:") have no label."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

User = get_user_model()


class UserAdmin(DjangoUserAdmin):
    readonly_fields = ["last_login", "date_joined"]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserAdmin)
