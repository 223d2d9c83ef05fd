"""Writes on the standards app: one module per aggregate; every rule is checked here (keyword-only, typed,
transactional, audited)."""
