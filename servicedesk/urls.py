from django.urls import path

from ictreport.core.dashboards import section_dashboard

app_name = "servicedesk"

urlpatterns = [
    path("", section_dashboard, {"key": "servicedesk"}, name="dashboard"),
]
