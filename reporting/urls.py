from django.urls import path

from reporting.views import dashboard_pages, kpi_pages, project_panels, report_pages, schedule_pages

app_name = "reporting"
urlpatterns = [
    path("dashboard/", dashboard_pages.DashboardView.as_view(), name="dashboard"),
    path("dashboard/export/<str:fmt>/", report_pages.PortfolioExportView.as_view(), name="portfolio_export"),
    path("kpis/", kpi_pages.KpiView.as_view(), name="kpis"),
    path("reports/", report_pages.ReportsView.as_view(), name="reports"),
    path("reports/runs/<int:pk>/row/", report_pages.RunRowView.as_view(), name="run_row"),
    path("reports/runs/<int:pk>/download/", report_pages.RunDownloadView.as_view(), name="run_download"),
    path("reports/runs/<int:pk>/retry/", report_pages.RunRetryView.as_view(), name="run_retry"),
    path("reports/schedules/", schedule_pages.ScheduleListView.as_view(), name="schedules"),
    path("reports/schedules/<int:pk>/", schedule_pages.ScheduleDetailView.as_view(), name="schedule"),
    path(
        "reporting/projects/<str:code>/rag/",
        project_panels.ProjectChartPanel.as_view(chart="rag"),
        name="project_rag_panel",
    ),
    path(
        "reporting/projects/<str:code>/evm/",
        project_panels.ProjectChartPanel.as_view(chart="evm"),
        name="project_evm_panel",
    ),
    path(
        "reporting/projects/<str:code>/milestones/",
        project_panels.ProjectChartPanel.as_view(chart="milestones"),
        name="project_milestones_panel",
    ),
]
