"""Registers the knowledge app's viewsets on the shared /api/v1/ router."""


def register(router) -> None:
    from knowledge.api import views

    for prefix, viewset, basename in views.ROUTES:
        router.register(prefix, viewset, basename=basename)
