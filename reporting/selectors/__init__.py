"""Reads of the reporting app: ``portfolio`` (dashboard, export, API), ``project`` (the project panel's charts),
``runs`` (report runs and schedules)."""
