"""API viewsets of the projects app. ROUTES lists (prefix, viewset, basename) for the shared router."""

ROUTES: list = []
