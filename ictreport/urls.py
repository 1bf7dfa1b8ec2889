from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from ictreport.core.admin_base import view_on_site
from ictreport.core.language import set_language
from ictreport.reports import accessibility

admin.site.site_header = _("ICT & Digital Services reporting")
admin.site.site_title = _("ICT reporting admin")
admin.site.index_title = _("Enter and check figures")

# Outside the language prefix: the switch's POST target (django.conf.urls.i18n's one
# address, /i18n/setlang/, with the view that also saves a signed-in user's choice) and the
# favicon. Static files are served by WhiteNoise, also unprefixed.
urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("favicon.ico", accessibility.favicon),
]

# Every page under /en/ or /cy/, so that a Welsh page can be linked and bookmarked.
urlpatterns += i18n_patterns(
    # Ahead of the admin's own: "view on site" for rows the user may see only.
    path("admin/r/<int:content_type_id>/<path:object_id>/",
         admin.site.admin_view(view_on_site), name="admin_view_on_site"),
    path("admin/", admin.site.urls),
    # Only what a signed-in user needs: no self-service password reset by e-mail, so
    # nothing but the login page is open to anonymous visitors.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(),
         name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("accessibility/", accessibility.statement, name="accessibility"),
    path("servicedesk/", include("servicedesk.urls")),
    path("projects/", include("projects.urls")),
    path("audits/", include("audits.urls")),
    path("finance/", include("finance.urls")),
    path("", include("ictreport.reports.urls")),
    prefix_default_language=True,
)
