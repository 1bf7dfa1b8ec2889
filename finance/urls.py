from django.urls import path

from ictreport.core.dashboards import section_dashboard

app_name = "finance"

urlpatterns = [
    path("", section_dashboard, {"key": "finance"}, name="dashboard"),
]
