"""/api/v1/: one router; each app registers its viewsets in its own api/urls.py."""

from rest_framework.routers import DefaultRouter

from projects.api.urls import register as register_projects

router = DefaultRouter()
register_projects(router)

urlpatterns = router.urls
