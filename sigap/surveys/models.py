from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The nine elements (unsur) of PermenPAN-RB 14/2017, each answered 1-4; the question wording is Indonesian
# as the regulation's questionnaire (not translated: the survey is a regulated instrument).
ELEMENT_FIELDS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")


class Gender(models.TextChoices):
    MALE = "l", _("Male")
    FEMALE = "p", _("Female")


class AgeBand(models.TextChoices):
    UNDER_20 = "<20", _("under 20")
    FROM_20 = "20-29", "20–29"
    FROM_30 = "30-39", "30–39"
    FROM_40 = "40-49", "40–49"
    FROM_50 = "50+", _("50 and over")


class Education(models.TextChoices):
    SD = "sd", _("Primary school (SD) or less")
    SMP = "smp", _("Junior high school (SMP)")
    SMA = "sma", _("Senior high school (SMA/SMK)")
    D3 = "d3", _("Diploma (D1–D3)")
    S1 = "s1", _("Bachelor (D4/S1)")
    S2 = "s2", _("Master or doctorate (S2/S3)")


class Occupation(models.TextChoices):
    PNS = "pns", _("Civil servant / TNI / Polri")
    PRIVATE = "swasta", _("Private employee")
    ENTREPRENEUR = "wirausaha", _("Self-employed")
    STUDENT = "pelajar", _("Student")
    OTHER = "lainnya", _("Other")


class SurveySource(models.TextChoices):
    REQUEST = "request", _("After a service request")
    REPORT = "report", _("After a closed report")
    KIOSK = "kiosk", _("Kiosk at the counter")


class SurveyInvitation(models.Model):
    """A one-response link offered after a finished request or a closed report."""

    token = models.CharField(max_length=64, unique=True)
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="survey_invitations")
    service = models.ForeignKey("services.Service", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="survey_invitations")
    service_request = models.OneToOneField("services.ServiceRequest", null=True, blank=True,
                                           on_delete=models.CASCADE, related_name="survey_invitation")
    report = models.OneToOneField("reports.Report", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="survey_invitation")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")


class SurveyResponse(models.Model):
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="survey_responses")
    service = models.ForeignKey("services.Service", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="survey_responses")
    # Unique: one response per link, enforced by the database as well as by the action.
    invitation = models.OneToOneField(SurveyInvitation, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="response")
    source = models.CharField(max_length=10, choices=SurveySource.choices)
    submitted_at = models.DateTimeField(db_index=True)
    u1 = models.PositiveSmallIntegerField()
    u2 = models.PositiveSmallIntegerField()
    u3 = models.PositiveSmallIntegerField()
    u4 = models.PositiveSmallIntegerField()
    u5 = models.PositiveSmallIntegerField()
    u6 = models.PositiveSmallIntegerField()
    u7 = models.PositiveSmallIntegerField()
    u8 = models.PositiveSmallIntegerField()
    u9 = models.PositiveSmallIntegerField()
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=6, choices=AgeBand.choices, blank=True)
    education = models.CharField(_("education"), max_length=4, choices=Education.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=10, choices=Occupation.choices, blank=True)
    suggestion = models.TextField(_("suggestion"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["unit", "submitted_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 4}),
                                   name=f"survey_{name}_1_to_4")
            for name in ELEMENT_FIELDS
        ]

    def scores(self) -> list[int]:
        return [int(getattr(self, name)) for name in ELEMENT_FIELDS]
