from django.urls import path

from reporting.views import dashboard_pages as views

app_name = "reporting"
urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("reports/", views.ReportsView.as_view(), name="reports"),
]
