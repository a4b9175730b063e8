"""What the applicant is offered when a request is handed over: a link another app makes (the IKM survey).

Services sits below surveys (surveys reads requests, units and standards), so services may not import it. Instead
the survey app registers, in its `AppConfig.ready()`, the function that issues the link; `hand_over` calls it in
the same transaction as the hand-over, exactly as a direct call would. Registration only: the link is made by the
survey app's own action.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from sigap.services.models import ServiceRequest

# (the request just handed over, the moment) -> the absolute link to put in the applicant's message
HandoverLink = Callable[["ServiceRequest", datetime], str]

_link_after_hand_over: HandoverLink | None = None


def offer_link_after_hand_over(link: HandoverLink) -> None:
    """Called once by the app that makes the link (sigap.surveys); a second registration replaces the first."""
    global _link_after_hand_over  # one process-wide hook, set at start-up
    _link_after_hand_over = link


def link_after_hand_over(request: ServiceRequest, now: datetime) -> str:
    if _link_after_hand_over is None:
        raise ImproperlyConfigured("No app offers a link after hand-over: is sigap.surveys in INSTALLED_APPS?")
    return _link_after_hand_over(request, now)
