from django.urls import path

from ictreport.core.dashboards import section_dashboard

app_name = "projects"

urlpatterns = [
    path("", section_dashboard, {"key": "projects"}, name="dashboard"),
]
