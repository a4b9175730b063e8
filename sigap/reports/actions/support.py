"""Supporting a report ("Saya juga mengalami ini"): a citizen adds their weight to an open report instead of filing
the same problem again.

A supporter is an address on the report's follower row, confirmed by the same mechanism as a follow
(sigap.reports.actions.follow): an e-mail by its one confirmation link, a WhatsApp number by itself asking. Only a
confirmed supporter counts, so the public count cannot be raised by typing other people's addresses; a confirmed
supporter is told of the resolution (the confirmation is the opt-in, as for followers). One address supports a report
once: supporting again changes nothing and answers the same. Who supports is never shown publicly; only the count.

Rahasia reports cannot be supported: they are not public, so nobody but the reporter knows they exist (the duplicate
suggestion and the tracking page never show them). Anonim reports can: anonim hides the reporter, not the problem.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput, NotFound
from sigap.core.ratelimit import hit_support
from sigap.domain.lifecycle import FINAL_STATUSES, Status
from sigap.reports.actions.follow import _follow_one
from sigap.reports.drafting import JOINABLE_STATUSES
from sigap.reports.models import Report, ReportFollower


def check_supportable(report: Report) -> None:
    """Refuses a report that cannot be supported; pages call it to say so before asking anything."""
    if report.rahasia:  # as if it did not exist, like every public surface answers for it
        raise NotFound(_("Report not found."))
    if Status(report.status) in FINAL_STATUSES:
        raise InvalidInput(_("This report is already finished and can no longer be supported."), field="report",
                           code="closed")
    if Status(report.status) not in JOINABLE_STATUSES:
        raise InvalidInput(_("This report is already marked resolved and waits for its reporter's confirmation; "
                             "if the problem is still there, file a new report."), field="report", code="resolved")


def _reporters_own(report: Report, address: dict[str, str]) -> bool:
    return any(value and value == getattr(report, f"reporter_{name}")
               for name, value in address.items())


@transaction.atomic
def support_report(*, report: Report, phone: str = "", email: str = "", whatsapp_id: str = "",
                   confirmed_by_owner: bool = False, client_address: str | None = None,
                   now: datetime | None = None) -> list[ReportFollower]:
    """Add this citizen's support to an open report: one supporter row per address, each confirmed on its own.

    `client_address` is the caller's network address (sigap.core.ratelimit.client_address), counted as intake is;
    None for the WhatsApp conversation, whose number is the provider's and is confirmed by asking.
    `confirmed_by_owner` is for a WhatsApp number asking for itself. The reporter's own address is not counted:
    the reporter's own number is told so; an address typed on a form gets the same answer as any other, so the form
    cannot be used to learn who filed a report."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    check_supportable(report)
    email = email.strip().lower()
    if not (phone or email or whatsapp_id):
        raise InvalidInput(_("Give a WhatsApp number or an email so we can count your support once."),
                           field="reporter", code="contact_required")
    if client_address is not None:
        hit_support(address=client_address, contacts=[phone, email])
    now = now or timezone.now()
    addresses = []
    if phone or whatsapp_id:
        addresses.append({"phone": phone, "email": "", "whatsapp_id": "" if phone else whatsapp_id})
    if email:
        addresses.append({"phone": "", "email": email, "whatsapp_id": ""})
    if confirmed_by_owner and any(_reporters_own(report, a) for a in addresses if not a["email"]):
        raise InvalidInput(_("You filed this report yourself; you are already told about every step."),
                           field="reporter", code="own_report")
    return [_follow_one(report, address, confirmed=confirmed_by_owner and not address["email"], now=now,
                        supports=True)
            for address in addresses if not _reporters_own(report, address)]

