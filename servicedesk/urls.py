from django.urls import path

from servicedesk import views

app_name = "servicedesk"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
