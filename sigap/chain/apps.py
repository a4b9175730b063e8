from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainConfig(AppConfig):
    name = "sigap.chain"
    label = "chain"
    verbose_name = _("Communication chain")
    default_auto_field = "django.db.models.BigAutoField"
