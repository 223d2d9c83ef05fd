"""Registers the standards app's viewsets on the shared /api/v1/ router."""


def register(router) -> None:
    from standards.api import views

    for prefix, viewset, basename in views.ROUTES:
        router.register(prefix, viewset, basename=basename)
