"""The first-week guides at /panduan/: one short page per role, what the role does, its few actions and what its
deadlines mean.

The numbers in the text are the city's own (the SLA and ladder rows in the admin, read through
sigap.calendar.service), so a guide never promises a limit the system does not apply. Texts are built at call
time, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from sigap.calendar.service import get_ladder_policy, get_sla_policy
from sigap.domain.sla import ResolutionClass
from sigap.organization.access import active_positions
from sigap.organization.models import Role


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str
    steps: tuple[str, ...]
    deadlines: tuple[str, ...]
    roles: frozenset[str]


def _numbers() -> dict[str, int]:
    policy = get_sla_policy()
    days = policy.resolution_days
    return {
        "verification": policy.verification_days, "first_response": policy.first_response_days,
        "confirmation": policy.confirmation_days, "pending": policy.pending_info_calendar_days,
        "information": days[ResolutionClass.INFORMATION], "aspiration": days[ResolutionClass.ASPIRATION],
        "complaint": days[ResolutionClass.COMPLAINT], "supervisory": days[ResolutionClass.SUPERVISORY],
        "grace": get_ladder_policy().grace_for(1),
    }


def all_guides() -> list[Guide]:
    """Every guide, in the order of a report's journey through the city."""
    n = _numbers()
    response = _("Response deadline: %(first_response)d working days after the report reaches your unit.") % n
    resolution = _("Resolution deadline, counted from verification: %(information)d working days for an "
                   "information request, %(aspiration)d for a suggestion, %(complaint)d for a complaint, "
                   "%(supervisory)d for one about misconduct.") % n
    confirmation = _("Once you mark it resolved, the reporter has %(confirmation)d working days to confirm or "
                     "dispute; after that it closes by itself.") % n
    return [
        Guide("verifikator", _("Complaint desk (verifikator)"),
              _("You are the front door: every citizen's report comes to you first. You check it and send it to "
                "the unit that must handle it."),
              (_("Open the Work queue: new reports are at the top, the nearest deadline first."),
               _("Read the report. Is it clear and complete? If not, choose \"Ask the reporter for information\": "
                 "the clock stops until the reporter answers (at most %(pending)d calendar days, then it is "
                 "archived).") % n,
               _("Choose the lead unit (Sigap suggests one from the category) and press \"Dispatch\". The "
                 "reporter is told by WhatsApp or e-mail."),
               _("Spam or a duplicate: Archive it with a reason. Not the city's business (PLN, BPJS, a provincial "
                 "road): Refer it outside, naming the recipient."),
               _("Only you can see who an anonymous reporter is, and every look is recorded.")),
              (_("Verification deadline: %(verification)d working days after the report comes in.") % n,),
              frozenset({Role.COMPLAINT_ADMIN})),
        Guide("petugas-opd", _("Agency officer (petugas OPD)"),
              _("You receive the reports dispatched to your agency, answer the reporter and resolve them with "
                "evidence."),
              (_("Open the Work queue: it holds only the reports for your unit."),
               _("Send the reporter a first answer (\"Answer the reporter\"): what will be done and when."),
               _("Not your agency's business? Choose \"Send to another unit\" with the reason; the resolution "
                 "deadline does not restart."),
               _("When the work is done, choose \"Resolve\" with an explanation and, where the category asks "
                 "for it, a photo of the result."),
               _("An internal note is read only by officers, never by the public.")),
              (response, resolution, confirmation),
              frozenset({Role.OPD_OFFICER})),
        Guide("kepala-opd", _("Agency head (Kepala OPD)"),
              _("You answer for your agency's work: reports that miss their deadline climb to you."),
              (_("Your Work queue holds your agency's reports and those escalated to you; the mark \"escalated\" "
                 "gives the level."),
               _("For a late report: ask an officer to act now, or answer and resolve it yourself from the "
                 "report's page."),
               _("Watch the Dashboard: your agency's response times and late reports, beside every other unit."),
               _("Still late after %(grace)d working days, the report climbs again, to the Sekda.") % n),
              (response, resolution),
              frozenset({Role.OPD_HEAD})),
        Guide("lurah-camat", _("Lurah and Camat"),
              _("You handle the reports in your area that are the kelurahan's or kecamatan's to solve, and you "
                "guide the RT and RW heads."),
              (_("Your Work queue holds the reports dispatched to your kelurahan or kecamatan, and those passed "
                 "up by RT and RW heads."),
               _("You also read every report located in your area, those an agency handles too (marked \"in "
                 "your area, read only\"): you follow them; the agency acts on them."),
               _("Answer and resolve them as an agency officer does: a first answer, then \"Resolve\" with "
                 "evidence."),
               _("Beyond what you can do: \"Pass up the territorial chain\" (Lurah to Camat, Camat to the "
                 "complaint desk)."),
               _("Chain: see whether an announcement reached every RT and RW, and who has not answered.")),
              (response, resolution),
              frozenset({Role.KELURAHAN_STAFF, Role.KECAMATAN_STAFF})),
        Guide("ketua-rt-rw", _("Ketua RT and Ketua RW"),
              _("You are closest to the residents. Reports from your neighbourhood and the city's announcements "
                "reach you by WhatsApp."),
              (_("Answer messages from the city's official WhatsApp number: tap \"Terima\" on an announcement "
                 "so the city knows it arrived."),
               _("A report for your RT or RW: answer the resident and mark it resolved, on WhatsApp or in the "
                 "Work queue."),
               _("Beyond what you can do: pass it up, RT to RW, RW to the Lurah."),
               _("Residents can report themselves by WhatsApp or at /lapor/; help those who cannot yet.")),
              (response,
               _("When a deadline is missed the report climbs: from the RT to the Ketua RW, then to the Lurah.")),
              frozenset({Role.KETUA_RT, Role.KETUA_RW})),
        Guide("petugas-loket", _("Counter officer (petugas loket)"),
              _("You register citizens' service requests (KTP-el, KK, birth certificates…) at the counter, so "
                "they can follow them without coming back to ask."),
              (_("Open the Counter, choose the service, fill in the applicant's name, NIK and WhatsApp number, "
                 "and save."),
               _("Give the applicant the LYN number: with it they follow the request on Sigap's home page."),
               _("Record each step (missing papers, in process, ready to collect); the applicant is told by "
                 "WhatsApp."),
               _("When the product is handed over, mark the request done.")),
              (_("Each service promises the completion time of its published service standard; the promise is "
                 "on the service's page and on the request."),),
              frozenset()),
        Guide("sekda", _("Sekda and Wali Kota"),
              _("You are the top of the escalation ladder and see how every unit performs."),
              (_("The leaders' Dashboard ranks units, the slowest first; open a unit to see its reports."),
               _("Reports still late at the Kepala OPD (or the Camat) climb to your Work queue."),
               _("The monthly report: print it for the leaders' meeting."),
               _("The communication chain: follow announcements and drills down to the RT, and see who stays "
                 "silent.")),
              (_("When a deadline is missed the report climbs: to the Kepala OPD, then to the Sekda, then to "
                 "the Wali Kota, with %(grace)d working days at each step.") % n,),
              frozenset({Role.SEKDA, Role.WALIKOTA})),
    ]


def _roles_of(user: Any) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [str(position.role) for position in active_positions(user)]


def own_guide_slug(user: Any, guides: Iterable[Guide] | None = None) -> str | None:
    """The guide of the person's first role that has one; None for a visitor or a role without a guide."""
    guides = list(guides) if guides is not None else all_guides()
    for role in _roles_of(user):
        for guide in guides:
            if role in guide.roles:
                return guide.slug
    return None


def guides_for(user: Any) -> list[Guide]:
    """Every guide, the person's own first."""
    guides = all_guides()
    own = own_guide_slug(user, guides)
    return sorted(guides, key=lambda guide: guide.slug != own)
