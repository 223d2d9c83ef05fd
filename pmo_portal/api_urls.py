"""/api/v1/: one router; each app registers its viewsets in its own api/urls.py."""

from rest_framework.routers import DefaultRouter

from knowledge.api.urls import register as register_knowledge
from projects.api.urls import register as register_projects
from reporting.api.urls import register as register_reporting
from standards.api.urls import register as register_standards

router = DefaultRouter()
register_projects(router)
register_knowledge(router)
register_standards(router)
register_reporting(router)

urlpatterns = router.urls
