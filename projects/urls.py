from django.urls import path

from projects import dashboard

app_name = "projects"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
