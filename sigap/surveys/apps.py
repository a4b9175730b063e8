from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "sigap.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registration only: services (below us) asks for the survey link after a hand-over without importing us.
        from sigap.services.handover import offer_link_after_hand_over
        from sigap.surveys.actions import survey_link_after_hand_over

        offer_link_after_hand_over(survey_link_after_hand_over)
