from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WilayahConfig(AppConfig):
    name = "sigap.wilayah"
    label = "wilayah"
    verbose_name = _("Territory")
    default_auto_field = "django.db.models.BigAutoField"
