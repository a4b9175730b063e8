"""Choosing from a list by tapping a row, typing its number, or typing (the start of) its name."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sigap.channels.replies import Reply

PAGE = 9  # WhatsApp lists hold 10 rows; the tenth is "more"


@dataclass(frozen=True)
class Option:
    id: str
    label: str


def list_reply(body: str, options: list[Option], *, page: int = 0, button: str = "") -> Reply:
    start = page * PAGE
    shown = options[start:start + PAGE]
    rows = []
    for number, option in enumerate(shown, start=start + 1):
        title = f"{number}. {option.label}"
        rows.append({"id": option.id, "title": title[:24],
                     **({"description": option.label[:72]} if len(title) > 24 else {})})
    if start + PAGE < len(options):
        rows.append({"id": f"page:{page + 1}", "title": _("More…")[:24]})
    return Reply(body, rows=rows, list_button=button or _("Choose"))


def pick(options: list[Option], *, reply_id: str, text: str) -> Option | None:
    if reply_id:
        return next((option for option in options if option.id == reply_id), None)
    typed = text.strip().lower().rstrip(".")
    if not typed:
        return None
    if typed.isdigit():
        number = int(typed)
        return options[number - 1] if 1 <= number <= len(options) else None
    exact = [option for option in options if option.label.lower() == typed]
    if exact:
        return exact[0]
    starting = [option for option in options if option.label.lower().startswith(typed)]
    if len(starting) == 1:
        return starting[0]
    containing = [option for option in options if typed in option.label.lower()]
    return containing[0] if len(containing) == 1 else None


def page_requested(reply_id: str) -> int | None:
    if reply_id.startswith("page:") and reply_id[5:].isdigit():
        return int(reply_id[5:])
    return None
