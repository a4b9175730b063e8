"""Every write of the survey app: invitations (one link, one response) and responses."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import Conflict, InvalidInput
from sigap.core.links import absolute_url
from sigap.organization.models import Unit
from sigap.organization.queries import complaint_desk
from sigap.reports.models import Report
from sigap.services.models import Service, ServiceRequest
from sigap.surveys.models import (
    ELEMENT_FIELDS,
    AgeBand,
    Education,
    Gender,
    Occupation,
    SurveyInvitation,
    SurveyResponse,
    SurveySource,
)

_PROFILE_CHOICES = {"gender": Gender, "age_band": AgeBand, "education": Education, "occupation": Occupation}


def invitation_url(invitation: SurveyInvitation) -> str:
    return absolute_url("surveys:answer", invitation.token)


def report_survey_url(report: Report) -> str:
    """The link to put in a closed report's message or page: the reporter's own secret opens one survey."""
    return absolute_url("surveys:after_report", report.tracking_id, report.reporter_token)


def invite_after_request(*, service_request: ServiceRequest, now: datetime | None = None) -> SurveyInvitation:
    """The link offered once a request is handed over; asking twice gives the same link."""
    invitation, _created = SurveyInvitation.objects.get_or_create(
        service_request=service_request,
        defaults={"token": secrets.token_urlsafe(24), "unit": service_request.unit,
                  "service": service_request.service, "created_at": now or timezone.now()},
    )
    return invitation


def survey_link_after_hand_over(service_request: ServiceRequest, now: datetime) -> str:
    """The link `hand_over` puts in the applicant's message (registered in SurveysConfig.ready)."""
    return invitation_url(invite_after_request(service_request=service_request, now=now))


def invite_after_report(*, report: Report, now: datetime | None = None) -> SurveyInvitation:
    """The link offered once a report is closed, for the unit that handled it."""
    if report.status != "closed":
        raise Conflict(_("The survey opens once the report is closed."), code="report_not_closed")
    unit = report.lead_unit or complaint_desk()
    if unit is None:
        raise Conflict(_("This report has no handling unit to rate."), code="no_unit")
    service = getattr(getattr(report, "service_link", None), "service", None)
    invitation, _created = SurveyInvitation.objects.get_or_create(
        report=report,
        defaults={"token": secrets.token_urlsafe(24), "unit": unit, "service": service,
                  "created_at": now or timezone.now()},
    )
    return invitation


def clean_answers(answers: Mapping[str, Any]) -> dict[str, int]:
    """u1..u9, each 1-4; the first problem is reported on its field."""
    cleaned: dict[str, int] = {}
    for name in ELEMENT_FIELDS:
        raw = answers.get(name)
        if raw is None or str(raw).strip() == "":
            raise InvalidInput(_("Answer every question (%(element)s is missing).") % {"element": name.upper()},
                               field=name, code="required")
        text = str(raw).strip()
        if isinstance(raw, bool) or not text.isdigit() or not 1 <= int(text) <= 4:
            raise InvalidInput(_("Each answer is 1, 2, 3 or 4 (%(element)s was “%(value)s”).")
                               % {"element": name.upper(), "value": text[:10]}, field=name, code="out_of_range")
        cleaned[name] = int(text)
    return cleaned


def clean_profile(profile: Mapping[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for name, choices in _PROFILE_CHOICES.items():
        value = str(profile.get(name) or "").strip()
        if value and value not in choices.values:
            raise InvalidInput(_("Choose one of the listed answers."), field=name)
        cleaned[name] = value
    suggestion = str(profile.get("suggestion") or "").strip()
    if len(suggestion) > 1000:
        raise InvalidInput(_("The suggestion is too long (at most 1000 characters)."), field="suggestion")
    cleaned["suggestion"] = suggestion
    return cleaned


def answer_invitation(*, token: str, answers: Mapping[str, Any], profile: Mapping[str, Any] | None = None,
                      now: datetime | None = None) -> SurveyResponse:
    """One response per link: a second answer is refused and nothing is stored."""
    scores = clean_answers(answers)
    details = clean_profile(profile or {})
    now = now or timezone.now()
    try:
        with transaction.atomic():
            invitation = SurveyInvitation.objects.select_for_update().filter(token=token).first()
            if invitation is None:
                raise InvalidInput(_("This survey link is not valid."), field="token", code="not_found")
            if SurveyResponse.objects.filter(invitation=invitation).exists():
                raise Conflict(_("This survey was already answered. Thank you!"), code="already_answered")
            source = SurveySource.REQUEST if invitation.service_request_id else SurveySource.REPORT
            return SurveyResponse.objects.create(unit=invitation.unit, service=invitation.service,
                                                 invitation=invitation, source=source, submitted_at=now,
                                                 **scores, **details)
    except IntegrityError as error:  # a concurrent answer on the same link won the race
        raise Conflict(_("This survey was already answered. Thank you!"), code="already_answered") from error


def answer_at_kiosk(*, unit: Unit, service: Service | None, answers: Mapping[str, Any],
                    profile: Mapping[str, Any] | None = None, now: datetime | None = None) -> SurveyResponse:
    """An anonymous response at the counter's kiosk, for the unit (and one of its services, if chosen)."""
    scores = clean_answers(answers)
    details = clean_profile(profile or {})
    if service is not None:
        from sigap.services.actions.requests import unit_offers

        if not unit_offers(unit, service):
            raise InvalidInput(_("%(unit)s does not offer “%(service)s”.") % {"unit": unit, "service": service},
                               field="service", code="service_not_offered")
    with transaction.atomic():
        return SurveyResponse.objects.create(unit=unit, service=service, source=SurveySource.KIOSK,
                                             submitted_at=now or timezone.now(), **scores, **details)
