from projects.views import project_pages

app_name = "projects"
urlpatterns = [*project_pages.urlpatterns]
