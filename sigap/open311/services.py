"""The service list and service definitions: one Open311 service per active report category."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.reports.models import Category, Kind
from sigap.wilayah.models import Level, Wilayah

# Attribute codes a client sends as attribute[code]; the order is the order of the form.
KELURAHAN, RW, RT, KIND, EVENT_DATE, ANONIM, RAHASIA = "kelurahan", "rw", "rt", "kind", "event_date", "anonim", \
    "rahasia"
YES_NO = ("true", "false")


def active_categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).select_related("unit").order_by("order", "name"))


def find_service(code: str) -> Category | None:
    return Category.objects.filter(code=code, is_active=True).select_related("unit").first() if code else None


def service_entry(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.example or category.name,
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(filter(None, [category.code.replace("_", " "),
                                            category.unit.short_name if category.unit else ""])),
        "group": category.unit.name if category.unit else "",
    }


def _attribute(code: str, order: int, datatype: str, description: str, datatype_description: str,
               values: list[dict[str, str]] | None = None, required: bool = False) -> dict[str, Any]:
    return {"variable": True, "code": code, "datatype": datatype, "required": required,
            "datatype_description": datatype_description, "order": order, "description": description,
            "values": values or []}


def definition(category: Category) -> dict[str, Any]:
    kelurahan = [{"key": row.code, "name": row.name} for row in
                 Wilayah.objects.filter(level=Level.KELURAHAN, is_active=True).order_by("code").only("code", "name")]
    yes_no = [{"key": "true", "name": _("Yes")}, {"key": "false", "name": _("No")}]
    return {
        "service_code": category.code,
        "attributes": [
            _attribute(KELURAHAN, 1, "singlevaluelist", _("Kelurahan where it happened"),
                       _("A Kemendagri kelurahan code; the same as address_id."), kelurahan),
            _attribute(RW, 2, "string", _("RW number"), _("The RW number within the kelurahan, e.g. 3 or RW003.")),
            _attribute(RT, 3, "string", _("RT number"), _("The RT number within the RW, e.g. 2 or RT002.")),
            _attribute(KIND, 4, "singlevaluelist", _("Kind of report"),
                       _("pengaduan (complaint, the default), aspirasi or permintaan_informasi."),
                       [{"key": value, "name": str(label)} for value, label in Kind.choices]),
            _attribute(EVENT_DATE, 5, "datetime", _("When it happened"),
                       _("ISO 8601, e.g. 2025-03-01T08:00:00+08:00; not in the future.")),
            _attribute(ANONIM, 6, "singlevaluelist", _("Hide the reporter's identity from the handling unit"),
                       _("true or false (the default)."), yes_no),
            _attribute(RAHASIA, 7, "singlevaluelist", _("Keep the whole report off public lists"),
                       _("true or false (the default); a confidential report is never listed or returned."),
                       yes_no),
        ],
    }
