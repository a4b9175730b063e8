"""The staff menu: one definition of what it offers and who may open each page (the template only draws it).

Each entry's check is the same access function the page itself applies, so the menu never offers a page that
answers 403 (tests/integration/test_menu.py opens every entry as every demo account).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.chain.access import may_see_chain
from sigap.organization.access import is_complaint_admin, is_staff_member


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: Promise
    allowed: Callable[[Any], bool]


def anyone_signed_in(user: Any) -> bool:
    """The guides are public pages: every signed-in person is offered them."""
    return bool(getattr(user, "is_authenticated", False))


STAFF_MENU: tuple[MenuEntry, ...] = (
    MenuEntry("staff:queue", _("Work queue"), is_staff_member),
    MenuEntry("services:counter", _("Counter"), is_staff_member),
    MenuEntry("dashboard:home", _("Dashboard"), is_staff_member),
    MenuEntry("chain:health", _("Chain"), may_see_chain),
    # The LAPOR! page (sigap.lapor.views) checks the same function; web does not import the channel.
    MenuEntry("lapor:exchange", _("SP4N-LAPOR!"), is_complaint_admin),
    MenuEntry("web:guides", _("Guide"), anyone_signed_in),
)


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str


def staff_menu_for(user: Any) -> list[MenuLink]:
    """The entries this person may open, in menu order; none for a visitor."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [MenuLink(reverse(entry.url_name), str(entry.label)) for entry in STAFF_MENU if entry.allowed(user)]


def staff_menu(request: HttpRequest) -> dict[str, object]:
    """Context processor. A callable, so the checks run only on pages that draw the menu."""
    user = getattr(request, "user", None)
    return {"staff_menu": lambda: staff_menu_for(user)}
