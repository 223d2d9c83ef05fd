from django.views.generic import TemplateView

from core.mixins import RoleRequiredMixin


class StandardsIndexView(RoleRequiredMixin, TemplateView):
    """Standards home. Documents, checklists and blueprints arrive with the standards issue."""

    template_name = "standards/index.html"
