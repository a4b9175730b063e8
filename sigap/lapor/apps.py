from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaporConfig(AppConfig):
    """The SP4N-LAPOR! exchange: a channel beside the others; sigap.reports knows nothing of it."""

    name = "sigap.lapor"
    label = "lapor"
    verbose_name = _("SP4N-LAPOR!")
    default_auto_field = "django.db.models.BigAutoField"
