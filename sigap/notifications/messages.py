"""Message texts: short, in the recipient's language (Indonesian by default), with the tracking ID and a link."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _


def _texts() -> dict[str, tuple[str, str]]:
    return {
        "report_received": (
            _("Report %(tracking_id)s received"),
            _("Your report %(tracking_id)s “%(title)s” has been received. It will be verified by %(due)s. "
              "Follow it: %(reporter_url)s"),
        ),
        "report_dispatched": (
            _("Report %(tracking_id)s sent to %(unit)s"),
            _("Your report %(tracking_id)s has been sent to %(unit)s. Follow it: %(reporter_url)s"),
        ),
        "info_requested": (
            _("Report %(tracking_id)s: more information needed"),
            _("We need more information about report %(tracking_id)s: %(message)s. Reply here: %(reporter_url)s"),
        ),
        "report_answered": (
            _("Report %(tracking_id)s answered"),
            _("%(unit)s answered report %(tracking_id)s: %(message)s. %(reporter_url)s"),
        ),
        "report_resolved": (
            _("Report %(tracking_id)s resolved"),
            _("Report %(tracking_id)s is marked resolved: %(message)s. Confirm or dispute it here: "
              "%(reporter_url)s"),
        ),
        "report_closed": (
            _("Report %(tracking_id)s closed"),
            _("Report %(tracking_id)s is closed. Thank you. Rate the service: %(reporter_url)s"),
        ),
        "report_archived": (
            _("Report %(tracking_id)s archived"),
            _("Report %(tracking_id)s was archived: %(reason)s. %(url)s"),
        ),
        "report_referred": (
            _("Report %(tracking_id)s forwarded"),
            _("Report %(tracking_id)s is outside the city's authority and was forwarded to %(recipient)s: "
              "%(reason)s. %(url)s"),
        ),
        "assigned_to_unit": (
            _("New report %(tracking_id)s for your unit"),
            _("New report %(tracking_id)s “%(title)s” for your unit. Deadline %(due)s. %(url)s"),
        ),
        "report_escalated": (
            _("LATE: report %(tracking_id)s escalated to you"),
            _("Report %(tracking_id)s “%(title)s” is past its deadline and was escalated to you (level "
              "%(level)s). %(url)s"),
        ),
        "resolution_disputed": (
            _("Report %(tracking_id)s disputed by the reporter"),
            _("The reporter disputed the resolution of %(tracking_id)s: %(message)s. %(url)s"),
        ),
        "follow_confirm": (
            _("Confirm that you follow report %(tracking_id)s"),
            _("Someone asked to send news of report %(tracking_id)s “%(title)s” to this address. If it was you, "
              "confirm here: %(url)s. If not, ignore this message; nothing more will be sent."),
        ),
        "support_confirm": (
            _("Confirm that you support report %(tracking_id)s"),
            _("Someone said at this address that they have the same problem as report %(tracking_id)s "
              "“%(title)s”. If it was you, confirm here and your support is counted: %(url)s. If not, ignore this "
              "message; nothing more will be sent."),
        ),
        # Communication chain (pengumuman and drills), owned by sigap.chain.
        "chain_announcement": (
            _("Announcement from %(from_unit)s: %(title)s"),
            _("Announcement from %(from_unit)s: %(title)s. %(message)s Press “Received” or reply “ack %(code)s”. "
              "%(url)s"),
        ),
        "chain_reminder": (
            _("Reminder: announcement %(title)s"),
            _("Reminder: please acknowledge the announcement from %(from_unit)s “%(title)s”. Press “Received” or "
              "reply “ack %(code)s”. %(url)s"),
        ),
        "chain_escalated": (
            _("%(name)s (%(unit)s) has not acknowledged an announcement"),
            _("%(name)s (%(unit)s) has not acknowledged the announcement “%(title)s” within the time limit. "
              "Please follow up."),
        ),
        # Service requests (permohonan), owned by sigap.services.
        "service_incomplete": (
            _("Request %(tracking_id)s: requirements missing"),
            _("Your request %(tracking_id)s for %(service)s cannot be processed yet. Please bring: %(missing)s. "
              "Follow it: %(url)s"),
        ),
        "service_ready": (
            _("Request %(tracking_id)s is ready"),
            _("Your %(product)s (request %(tracking_id)s) is ready at %(unit)s. %(url)s"),
        ),
        "service_survey": (
            _("Request %(tracking_id)s: how did we do?"),
            _("Thank you for using %(service)s. Please rate the service (9 short questions): %(survey_url)s"),
        ),
        "service_request_escalated": (
            _("LATE: service request %(tracking_id)s escalated to you"),
            _("Request %(tracking_id)s for %(service)s is past its promised time %(due)s and was escalated to "
              "you (level %(level)s). %(url)s"),
        ),
    }


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, context: dict[str, Any], language: str = "id") -> tuple[str, str]:
    """Subject and body of a message; unknown templates render their context plainly rather than fail."""
    from sigap.core.timefmt import short_local

    values = _Defaulting(context)
    due = context.get("due_at")
    if due:
        from datetime import datetime

        values["due"] = short_local(datetime.fromisoformat(due))
    with translation.override(language):
        texts = _texts()
        if template not in texts:
            return template, " ".join(f"{key}: {value}" for key, value in context.items())
        subject, body = texts[template]
        return subject % values, body % values
