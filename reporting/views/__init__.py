"""Reporting pages: one module per page family (dashboard, reports, KPIs)."""
