from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "sigap.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sigap.monitoring import checks, task_log  # noqa: F401 - checks registers the deployment checks
        from sigap.monitoring.logs import install_record_factory

        install_record_factory()
        task_log.connect()
