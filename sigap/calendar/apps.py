from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "sigap.calendar"
    label = "workcalendar"
    verbose_name = _("Working calendar")
    default_auto_field = "django.db.models.BigAutoField"
