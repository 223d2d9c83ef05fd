"""Demo data for the portal (``python manage.py seed_demo``): users, organisation and a project portfolio.

Demo environments only: every demo login has the password ``demo``.
"""

from projects.demo.builder import DemoSummary, build_demo, demo_data_exists, reset_demo_data
from projects.demo.catalog import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "DemoSummary", "build_demo", "demo_data_exists", "reset_demo_data"]
