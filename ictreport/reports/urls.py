from django.urls import path

from ictreport.reports import pdf_views, views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<slug:organisation>/<str:year>/", views.report_detail, name="report"),
    path("reports/<slug:organisation>/<str:year>/pdf/", pdf_views.report_pdf, name="report_pdf"),
]
