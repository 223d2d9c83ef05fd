"""Site-wide URLs of the core app: home, profile and the API token endpoint."""

from django.urls import path

from core import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("profile/token/", views.profile_token, name="profile_token"),
    path("api/v1/auth/token/", api.ObtainTokenView.as_view(), name="api-token"),
    path("api/v1/auth/token/revoke/", api.RevokeTokenView.as_view(), name="api-token-revoke"),
]
