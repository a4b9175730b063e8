"""Turning what a citizen typed (web form or JSON) into references the intake action takes.

Both the web form and the public API resolve codes the same way, so they give the same errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput
from sigap.core.reference import row_by_code, rows_by_code
from sigap.domain.lifecycle import OPEN_STATUSES, Status
from sigap.reports.models import Category, Report
from sigap.wilayah.models import Level, Wilayah

# A report someone may still join: open and not yet resolved (a resolved one awaits its reporter's confirmation).
JOINABLE_STATUSES = OPEN_STATUSES - {Status.RESOLVED}
MAX_DUPLICATE_SUGGESTIONS = 5


@dataclass(frozen=True)
class Place:
    kelurahan: Wilayah | None
    rw: Wilayah | None
    rt: Wilayah | None


def resolve_category(code: str, *, field: str = "category") -> Category:
    category = row_by_code(Category, code.strip()) if code else None
    if category is None or not category.is_active:
        raise InvalidInput(_("Choose a category from the list."), field=field, code="unknown_category")
    return category


def _child_code(parent_code: str, value: str, prefix: str) -> str:
    value = value.strip()
    # "3", "003" and "RW003" all name the same RW of the chosen kelurahan; a full code is taken as is.
    if value.isdigit():
        return f"{parent_code}/{prefix}{int(value):03d}"
    if value.upper().startswith(prefix) and value[len(prefix):].isdigit():
        return f"{parent_code}/{prefix}{int(value[len(prefix):]):03d}"
    return value


def resolve_place(kelurahan: str, rw: str = "", rt: str = "", *, field: str = "location") -> Place:
    """Kelurahan by Kemendagri code; RW and RT by the city's code or by their number within the parent.

    The three codes follow from what was typed, so the rows come in one lookup (none when the process has them).
    """
    if not kelurahan:
        if rw or rt:
            raise InvalidInput(_("Choose the kelurahan first."), field=f"{field}.kelurahan", code="required")
        return Place(None, None, None)
    kel_code = kelurahan.strip()
    rw_code = _child_code(kel_code, rw, "RW") if rw else ""
    rt_code = _child_code(rw_code, rt, "RT") if rw and rt else ""
    rows = rows_by_code(Wilayah, [kel_code, rw_code, rt_code])
    kel = rows.get(kel_code)
    if kel is None or kel.level != Level.KELURAHAN or not kel.is_active:
        raise InvalidInput(_("Unknown kelurahan code."), field=f"{field}.kelurahan", code="unknown_wilayah")
    rw_row = rt_row = None
    if rw:
        rw_row = rows.get(rw_code)
        if rw_row is None or rw_row.parent_id != kel.pk or rw_row.level != Level.RW:
            raise InvalidInput(_("This RW is not in the chosen kelurahan."), field=f"{field}.rw",
                               code="unknown_wilayah")
    if rt:
        if rw_row is None:
            raise InvalidInput(_("Choose the RW first."), field=f"{field}.rw", code="required")
        rt_row = rows.get(rt_code)
        if rt_row is None or rt_row.parent_id != rw_row.pk or rt_row.level != Level.RT:
            raise InvalidInput(_("This RT is not in the chosen RW."), field=f"{field}.rt", code="unknown_wilayah")
    return Place(kel, rw_row, rt_row)


def clean_email(raw: str, *, field: str) -> str:
    """The address as typed (trimmed), "" for none; InvalidInput naming `field` when it cannot be an address."""
    email = (raw or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise InvalidInput(_("This is not a valid email address."), field=field, code="invalid_email") from error
    return email


def duplicate_candidates(category: Category | None, kelurahan: Wilayah | None) -> list[Report]:
    """Open, public reports of the same category in the same kelurahan: the citizen may follow one instead."""
    if category is None or kelurahan is None:
        return []
    from sigap.reports.access import public_reports

    return list(
        public_reports().filter(category=category, kelurahan=kelurahan, status__in=JOINABLE_STATUSES)
        .select_related("rw", "rt").order_by("-received_at")[:MAX_DUPLICATE_SUGGESTIONS]
    )
