from django.urls import path

from finance import dashboard

app_name = "finance"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
]
