from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from projects import (
            demo_resources,
            extensions,
            notifications,  # noqa: F401 - registers the notification kinds
        )

        extensions.register_tab(key="resources", label=_("Resources"), url_name="projects:resources", order=50)
        extensions.register_panel(key="early-warnings", url_name="projects:warnings_panel", order=10)
        extensions.register_home_panel(key="early-warnings", url_name="projects:warnings_home_panel", order=10)
        extensions.register_home_panel(key="pm-survey", url_name="projects:survey_home_panel", order=5)
        demo_resources.register()
