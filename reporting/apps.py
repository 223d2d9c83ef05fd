from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from projects import extensions
        from reporting import cache, demo

        cache.connect()

        extensions.register_panel(key="reporting-evm", url_name="reporting:project_evm_panel", order=40)
        extensions.register_panel(key="reporting-rag", url_name="reporting:project_rag_panel", order=41)
        extensions.register_panel(key="reporting-milestones", url_name="reporting:project_milestones_panel", order=42)
        extensions.register_demo(key="reporting", build=demo.build, reset=demo.reset, order=30)
