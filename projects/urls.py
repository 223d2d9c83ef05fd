"""URLs of the projects app: each page module declares its own patterns (see projects/views/)."""

from projects.views import import_pages, item_pages, project_pages, project_tabs, status_pages

app_name = "projects"
urlpatterns = [
    *import_pages.urlpatterns,
    *project_pages.urlpatterns,
    *project_tabs.urlpatterns,
    *status_pages.urlpatterns,
    *item_pages.urlpatterns,
]
