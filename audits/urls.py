from django.urls import path

from ictreport.core.dashboards import section_dashboard

app_name = "audits"

urlpatterns = [
    path("", section_dashboard, {"key": "audits"}, name="dashboard"),
]
