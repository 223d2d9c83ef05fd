from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from knowledge import demo
        from knowledge.services.closing import closing_guard
        from projects import extensions

        extensions.register_panel(key="knowledge.lessons", url_name="knowledge:project_panel", order=50)
        extensions.register_home_panel(key="knowledge.home", url_name="knowledge:home_panel", order=50)
        extensions.register_change_guard(key="knowledge.closing_lesson", guard=closing_guard)
        extensions.register_demo(key="knowledge", build=demo.build, reset=demo.reset, order=20)
