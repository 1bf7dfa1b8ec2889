app_name = "servicedesk"

urlpatterns = []
