"""Pages of the projects app, one module per area; each module declares its own ``urlpatterns``."""
