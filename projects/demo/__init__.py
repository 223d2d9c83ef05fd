"""Demo data for the portal (``python manage.py seed_demo``): users, organisation and a project portfolio.

Demo environments only: every demo login it creates has the password ``demo``; an account that already exists is
never changed.
"""

from projects.demo.builder import DemoSummary, build_demo, demo_data_exists, reset_demo_data
from projects.demo.catalog import DEMO_PASSWORD
from projects.demo.people import DemoRefused

__all__ = ["DEMO_PASSWORD", "DemoRefused", "DemoSummary", "build_demo", "demo_data_exists", "reset_demo_data"]
