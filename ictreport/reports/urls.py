from django.urls import path

from ictreport.reports import pdf_views, views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<slug:organisation>/<str:year>/", views.report_detail, name="report"),
    path("reports/<slug:organisation>/<str:year>/pdf/", pdf_views.report_pdf, name="report_pdf"),
    path("reports/<slug:organisation>/<str:year>/editions/<int:number>/", views.edition_detail,
         name="edition"),
    path("reports/<slug:organisation>/<str:year>/editions/<int:number>/pdf/",
         pdf_views.edition_pdf, name="edition_pdf"),
]
