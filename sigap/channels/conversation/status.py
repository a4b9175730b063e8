"""Cek status: by tracking ID or from "my reports"; for one's own resolved report, confirm / dispute / rate."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from sigap.channels.access import follows_report, own_report, reader_of, reports_of_contact, supports_report
from sigap.channels.conversation.engine import Turn, menu_reply
from sigap.channels.replies import Reply
from sigap.core.errors import ActionError, NotFound
from sigap.core.timefmt import short_local
from sigap.domain.lifecycle import FINAL_STATUSES, Audience, Status
from sigap.reports.access import get_public_report
from sigap.reports.drafting import JOINABLE_STATUSES
from sigap.reports.models import Report
from sigap.reports.notify import reporter_url
from sigap.reports.queries import public_timeline, reporter_timeline, status_label

MY_REPORTS_SHOWN = 9


def ask_tracking_id(turn: Turn) -> None:
    turn.reset()
    turn.go("status_ask")
    turn.say(Reply(_("Send the tracking ID of the report (for example BBU-7K3M9Q)."),
                   buttons=[{"id": "menu:mine", "title": _("My reports")[:20]}]))


def on_tracking_id(turn: Turn) -> None:
    turn.reset()
    show_status(turn, turn.inbound.text)


def my_reports(turn: Turn) -> None:
    turn.reset()
    reports = list(reports_of_contact(turn.contact).order_by("-received_at")[:MY_REPORTS_SHOWN])
    if not reports:
        turn.say(menu_reply(_("You have not sent any report from this number yet.")))
        return
    rows = [{"id": f"rep:{r.tracking_id}", "title": r.tracking_id, "description": f"{status_label(r.status)} · "
             f"{r.title}"[:72]} for r in reports]
    turn.say(Reply(_("Your latest reports. Choose one to see its status."), rows=rows, list_button=_("My reports")))


def show_status(turn: Turn, tracking_id: str) -> None:
    """The reporter gets their own page's view; any other number only what the public tracking page shows."""
    own = own_report(turn.contact, tracking_id)
    try:
        report = get_public_report(tracking_id, reporter_token=own.reporter_token if own else None)
    except NotFound:
        turn.say(Reply(_("No report with tracking ID %(tracking_id)s was found. Check the ID and send it again.")
                       % {"tracking_id": tracking_id.strip()[:20]},
                       buttons=[{"id": "menu:status", "title": _("Check status")[:20]}]))
        return
    is_reporter = reader_of(turn.contact, report) is Audience.REPORTER
    timeline = reporter_timeline(report) if is_reporter else public_timeline(report)
    last = timeline[-1] if timeline else None
    lines = [_("Report %(tracking_id)s: %(status)s") % {"tracking_id": report.tracking_id,
                                                         "status": status_label(report.status)},
             report.title]
    if last is not None:
        # The reporter's own words (an answer, a dispute, a rating comment) are not echoed back to a phone.
        note = last.note if last.actor != "Pelapor" else ""
        lines.append(_("Last update %(at)s: %(note)s") % {
            "at": short_local(last.at), "note": note or last.status_label})
    if is_reporter:
        # Their own secret link, to their own number: the same link every notification carries.
        lines.append(_("Your report's page (keep it to yourself): %(url)s") % {"url": reporter_url(report)})
    if is_reporter:
        buttons = _reporter_buttons(report)
    else:
        buttons = []
        if Status(report.status) not in FINAL_STATUSES and not follows_report(turn.contact, report):
            buttons.append({"id": f"fol:{report.tracking_id}", "title": _("Follow this report")[:20]})
        if Status(report.status) in JOINABLE_STATUSES and not supports_report(turn.contact, report):
            # "Saya juga mengalami ini": weight on this report rather than a new one (docs/adr/0016-support.md).
            buttons.append({"id": f"sup:{report.tracking_id}", "title": _("I have this too")[:20]})
    turn.say(Reply("\n".join(lines), buttons=buttons))


def _join(turn: Turn, tracking_id: str, act: Callable[..., object], done: str) -> None:
    """This number joins a public report (follows or supports it): the number itself asked, so it is confirmed."""
    turn.reset()
    try:
        report = get_public_report(tracking_id)
    except NotFound:
        turn.say(menu_reply(_("No report with tracking ID %(tracking_id)s was found. Check the ID and send it "
                              "again.") % {"tracking_id": tracking_id.strip()[:20]}))
        return
    phone = turn.contact.phone
    _do(turn, lambda: act(report=report, phone=phone, whatsapp_id="" if phone else turn.contact.address,
                          confirmed_by_owner=True, now=turn.now),
        done % {"tracking_id": report.tracking_id})


def follow(turn: Turn, tracking_id: str) -> None:
    """Follow a report ("Ikuti" or "IKUTI <id>"): every step of it is told here."""
    from sigap.reports.actions import follow_report

    _join(turn, tracking_id, follow_report,
          _("You now follow report %(tracking_id)s. We will tell you about every step here."))


def support(turn: Turn, tracking_id: str) -> None:
    """Support a report ("DUKUNG <id>" or the button): its public count grows; the resolution is told here."""
    from sigap.reports.actions import support_report

    _join(turn, tracking_id, support_report,
          _("Thank you: your support for report %(tracking_id)s is counted. We will tell you here when it is "
            "resolved."))


def _reporter_buttons(report: Report) -> list[dict[str, str]]:
    if report.status == Status.RESOLVED:
        return [{"id": f"act:confirm:{report.tracking_id}", "title": _("It is fixed")[:20]},
                {"id": f"act:dispute:{report.tracking_id}", "title": _("Not fixed yet")[:20]}]
    if report.status == Status.CLOSED and report.rating is None:
        return [{"id": f"act:rate:{report.tracking_id}", "title": _("Rate the service")[:20]}]
    return []


def on_report_action(turn: Turn) -> None:
    """rep:<id> shows status; act:confirm|dispute|rate:<id> and rate:<id>:<n> act on one's own report only."""
    parts = turn.inbound.reply_id.split(":")
    turn.reset()
    if parts[0] == "rep" and len(parts) == 2:
        show_status(turn, parts[1])
        return
    if parts[0] == "fol" and len(parts) == 2:
        follow(turn, parts[1])
        return
    if parts[0] == "sup" and len(parts) == 2:
        support(turn, parts[1])
        return
    tracking_id = parts[2] if parts[0] == "act" and len(parts) == 3 else parts[1] if len(parts) == 3 else ""
    report = own_report(turn.contact, tracking_id)
    if report is None:
        turn.say(menu_reply(_("Only the person who sent a report can do this.")))
        return
    if parts[0] == "rate":
        _rate(turn, report, parts[2])
    elif parts[1] == "confirm":
        if _do(turn, lambda: _confirm(report, turn), _("Thank you for confirming. The report is closed.")) and (
                report.rating is None):
            _offer_rating(turn, report)
    elif parts[1] == "dispute":
        turn.data["tracking_id"] = report.tracking_id
        turn.go("dispute_reason")
        turn.say(_("What is still wrong? Describe it in one message; it goes back to the officers."))
    elif parts[1] == "rate":
        _offer_rating(turn, report)


def _confirm(report: Report, turn: Turn) -> None:
    from sigap.reports.actions import confirm_resolution

    confirm_resolution(report=report, token=report.reporter_token, now=turn.now)


def _do(turn: Turn, action: object, success: str) -> bool:
    try:
        action()  # type: ignore[operator]
    except ActionError as error:
        turn.say(_("That did not work: %(reason)s") % {"reason": error.message})
        return False
    turn.say(success)
    return True


def _offer_rating(turn: Turn, report: Report) -> None:
    labels = {5: _("5 — very good"), 4: _("4 — good"), 3: _("3 — fair"), 2: _("2 — poor"), 1: _("1 — very poor")}
    turn.say(Reply(_("How was the service for %(tracking_id)s?") % {"tracking_id": report.tracking_id},
                   rows=[{"id": f"rate:{report.tracking_id}:{n}", "title": labels[n]} for n in (5, 4, 3, 2, 1)],
                   list_button=_("Rate")))


def _rate(turn: Turn, report: Report, value: str) -> None:
    from sigap.reports.actions import rate_report

    if not value.isdigit():
        _offer_rating(turn, report)
        return
    _do(turn, lambda: rate_report(report=report, token=report.reporter_token, rating=int(value), now=turn.now),
        _("Thank you for your rating."))


def on_dispute_reason(turn: Turn) -> None:
    from sigap.reports.actions import dispute_resolution

    report = own_report(turn.contact, str(turn.data.get("tracking_id", "")))
    message = turn.inbound.text.strip()
    if report is None:
        turn.reset()
        turn.say(menu_reply())
        return
    if turn.inbound.kind != "text" or len(message) < 5:
        turn.say(_("Please describe in a few words what is still wrong, or write “batal”."))
        return
    turn.reset()
    _do(turn, lambda: dispute_resolution(report=report, token=report.reporter_token, message=message, now=turn.now),
        _("Thank you. The report %(tracking_id)s was sent back to the officers.") % {"tracking_id":
                                                                                     report.tracking_id})


HANDLERS = {"status_ask": on_tracking_id, "dispute_reason": on_dispute_reason}
