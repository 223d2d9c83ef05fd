from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Roles, people display, the audit log, optimistic locking, the rule error, shared tags and form helpers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import tokens

        tokens.connect_signals()  # a password change revokes the user's API tokens
