"""Forms of the standards pages: they parse input; the rules are the services' (shown at the field)."""
