from django.views.generic import TemplateView

from core.mixins import RoleRequiredMixin


class KnowledgeIndexView(RoleRequiredMixin, TemplateView):
    """Knowledge base home. Lessons and search arrive with the knowledge issue."""

    template_name = "knowledge/index.html"
