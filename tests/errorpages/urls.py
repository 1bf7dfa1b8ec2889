"""The site's URLs and one view that fails, to see the 500 page as a user would."""

from django.urls import path

from ictreport.urls import urlpatterns as site_urlpatterns

FAULT = "a fault nobody outside the logs should read: budget 4820735.10"


def broken(request):
    raise RuntimeError(FAULT)


urlpatterns = [path("broken/", broken), *site_urlpatterns]
