from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sigap.core"
    label = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sigap.core import checks  # noqa: F401 - registers the deployment checks
