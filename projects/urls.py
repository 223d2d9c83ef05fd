"""URLs of the projects app: each page module declares its own patterns (see projects/views/)."""

from projects.views import import_pages, project_pages, project_tabs, status_pages, status_report_pages
from projects.views import items as item_pages

app_name = "projects"
urlpatterns = [
    *import_pages.urlpatterns,
    *project_pages.urlpatterns,
    *project_tabs.urlpatterns,
    *status_pages.urlpatterns,
    *status_report_pages.urlpatterns,
    *item_pages.urlpatterns,
]
