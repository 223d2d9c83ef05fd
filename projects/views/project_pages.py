from django.urls import path
from django.views.generic import ListView

from pmo_portal.mixins import RoleRequiredMixin
from projects import selectors


class ProjectListView(RoleRequiredMixin, ListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 25

    def get_queryset(self):
        qs = selectors.project_list(self.request.user)
        if self.request.GET.get("mine"):
            qs = qs.filter(pm=self.request.user)
        return qs


urlpatterns = [
    path("", ProjectListView.as_view(), name="list"),
]
