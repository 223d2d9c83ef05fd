from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = _("Standards")

    def ready(self) -> None:
        from projects import extensions
        from standards.demo import build_demo, reset_demo
        from standards.services.gates import phase_guard

        extensions.register_change_guard(key="standards.phase_gate", guard=phase_guard)
        extensions.register_panel(key="standards.runs", url_name="standards:project_panel", order=30)
        extensions.register_home_panel(key="standards.gates", url_name="standards:home_gates", order=20)
        extensions.register_demo(key="standards", build=build_demo, reset=reset_demo, order=10)
