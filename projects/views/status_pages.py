from django.urls import path
from django.views.generic import TemplateView

from projects.views.base import ProjectMixin


class ProjectDetailView(ProjectMixin, TemplateView):
    """The project page; its first tab is the status history."""

    template_name = "projects/project_detail.html"
    tab = "status"


urlpatterns = [
    path("<str:code>/", ProjectDetailView.as_view(), name="detail"),
]
