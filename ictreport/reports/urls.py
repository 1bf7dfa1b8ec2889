from django.urls import path

from ictreport.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<slug:organisation>/<str:year>/", views.report_detail, name="report"),
]
