"""Writes of the reporting app: runs, schedules, deliveries and the worker's pipeline."""
