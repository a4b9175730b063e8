"""Reference data: wilayah, units, categories, services, holidays, working hours and the service policy."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from datetime import time
from decimal import Decimal
from importlib import resources

import holidays as holiday_data
from django.db import transaction

from sigap.calendar.models import Holiday, HolidayKind, ServicePolicy, WorkingHours
from sigap.calendar.service import calendar_changed
from sigap.domain.wilayah_codes import rt_code, rw_code
from sigap.lapor.models import LaporCategory
from sigap.organization.actions import rebuild_unit_paths
from sigap.organization.models import Unit, UnitKind
from sigap.reports.models import Category
from sigap.services.models import Service
from sigap.wilayah.loading import load_wilayah_rows
from sigap.wilayah.models import Level, Wilayah

DATA_PACKAGE = "sigap.data"


def rows(city: str, name: str) -> Iterator[dict[str, str]]:
    text = resources.files(DATA_PACKAGE).joinpath(city, name).read_text(encoding="utf-8")
    yield from csv.DictReader(text.splitlines())


def load_city_wilayah(city: str = "baubau") -> int:
    count = load_wilayah_rows([(r["level"], r["code"], r["name"], r["bps_code"]) for r in rows(city, "wilayah.csv")])
    load_centroids(city)
    return count


def load_centroids(city: str = "baubau") -> int:
    """Centroids where a source gives one (centroids.csv); places not listed keep what they have."""
    if not resources.files(DATA_PACKAGE).joinpath(city, "centroids.csv").is_file():
        return 0
    return sum(Wilayah.objects.filter(code=r["code"]).update(lat=Decimal(r["lat"]), lng=Decimal(r["lng"]))
               for r in rows(city, "centroids.csv"))


def _stable_int(text: str, low: int, high: int) -> int:
    digest = int(hashlib.sha256(text.encode()).hexdigest(), 16)
    return low + digest % (high - low + 1)


@transaction.atomic
def generate_demo_rw_rt() -> int:
    """Demo RW/RT: 3–6 RW per kelurahan, 3–5 RT per RW, the same every run."""
    created = 0
    for kelurahan in Wilayah.objects.filter(level=Level.KELURAHAN):
        for rw_number in range(1, _stable_int(kelurahan.code, 3, 6) + 1):
            rw, made = Wilayah.objects.get_or_create(
                code=rw_code(kelurahan.code, rw_number),
                defaults={"name": f"RW {rw_number:03d}", "level": Level.RW, "parent": kelurahan},
            )
            created += made
            for rt_number in range(1, _stable_int(rw.code, 3, 5) + 1):
                _rt, made = Wilayah.objects.get_or_create(
                    code=rt_code(rw.code, rt_number),
                    defaults={"name": f"RT {rt_number:03d}", "level": Level.RT, "parent": rw},
                )
                created += made
    return created


@transaction.atomic
def load_units(city: str = "baubau") -> int:
    items = list(rows(city, "units.csv"))
    for row in items:
        Unit.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "short_name": row["short_name"], "kind": row["kind"]},
        )
    units = {unit.code: unit for unit in Unit.objects.all()}
    for row in items:
        unit = units[row["code"]]
        parent = units.get(row["parent"]) if row["parent"] else None
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            unit.save(update_fields=["parent"])
    Unit.objects.update_or_create(
        code="pengaduan",
        defaults={"name": "Bagian Pengaduan Masyarakat (Admin Koordinator SP4N-LAPOR!)", "short_name": "Pengaduan",
                  "kind": UnitKind.COMPLAINT_DESK, "parent": units.get("sekda")},
    )
    load_territorial_units()
    rebuild_unit_paths()
    return Unit.objects.count()


TERRITORIAL = {
    Level.KECAMATAN: (UnitKind.KECAMATAN, "Kecamatan {name}", "Kec. {name}"),
    Level.KELURAHAN: (UnitKind.KELURAHAN, "Kelurahan {name}", "Kel. {name}"),
    Level.RW: (UnitKind.RW, "{parent} {name}", "{name} {parent_short}"),
    Level.RT: (UnitKind.RT, "{parent} {name}", "{name} {parent_short}"),
}


def load_territorial_units() -> int:
    """Every kecamatan, kelurahan, RW and RT is a unit with a head; kecamatan report to the Sekda."""
    sekda = Unit.objects.filter(code="sekda").first()
    by_wilayah: dict[int, Unit] = {}
    count = 0
    for level in (Level.KECAMATAN, Level.KELURAHAN, Level.RW, Level.RT):
        kind, name_format, short_format = TERRITORIAL[level]
        for wilayah in Wilayah.objects.filter(level=level).select_related("parent"):
            parent_unit = by_wilayah.get(wilayah.parent_id) if wilayah.parent_id else None
            if level == Level.KECAMATAN:
                parent_unit = sekda
            parent_name = parent_unit.name if parent_unit else ""
            values = {"name": wilayah.name, "parent": parent_name,
                      "parent_short": parent_unit.short_name if parent_unit else ""}
            unit, _created = Unit.objects.update_or_create(
                code=wilayah.code,
                defaults={"name": name_format.format(**values)[:200], "short_name": short_format.format(**values)[:80],
                          "kind": kind, "parent": parent_unit, "wilayah": wilayah},
            )
            by_wilayah[wilayah.pk] = unit
            count += 1
    return count


REFERRAL_RECIPIENTS = {"listrik_pln": "PT PLN (Persero) UP3 Baubau"}


@transaction.atomic
def load_categories(city: str = "baubau") -> int:
    units = {unit.code: unit for unit in Unit.objects.all()}
    count = 0
    for order, row in enumerate(rows(city, "categories.csv")):
        referral = REFERRAL_RECIPIENTS.get(row["code"], "")
        Category.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"], "unit": units.get(row["unit"]) if row["unit"] else None,
                "territorial_first": row["territorial_first"] == "yes",
                "evidence_photo_required": row["evidence_photo_required"] == "yes",
                "berkadar_pengawasan": row["berkadar_pengawasan"] == "yes",
                "outside_authority": bool(referral), "referral_recipient": referral,
                "example": row["example"], "order": order,
            },
        )
        count += 1
    return count


@transaction.atomic
def load_lapor_categories(city: str = "baubau") -> int:
    """Each category's name in SP4N-LAPOR! (demo values: a city's Admin Penghubung checks them in the admin)."""
    categories = {category.code: category for category in Category.objects.all()}
    count = 0
    for row in rows(city, "lapor_categories.csv"):
        category = categories.get(row["code"])
        if category is not None:
            LaporCategory.objects.update_or_create(category=category, defaults={"lapor_name": row["lapor_name"]})
            count += 1
    return count


@transaction.atomic
def load_services(city: str = "baubau") -> int:
    units = {unit.code: unit for unit in Unit.objects.all()}
    count = 0
    for row in rows(city, "services.csv"):
        every_kelurahan = row["unit"] == "kelurahan"
        cost = "Gratis" if row["cost_idr"] == "0" else ("Retribusi daerah" if row["cost_idr"] == "retribusi"
                                                        else f"Rp {row['cost_idr']}")
        Service.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "unit": None if every_kelurahan else units.get(row["unit"]),
                      "offered_by_every_kelurahan": every_kelurahan, "completion": row["completion"],
                      "cost": cost, "product": row["product"], "requirements": row["requirements"]},
        )
        count += 1
    return count


DEFAULT_HOURS = {
    0: (time(7, 30), time(16, 0), time(12, 0), time(13, 0)),
    1: (time(7, 30), time(16, 0), time(12, 0), time(13, 0)),
    2: (time(7, 30), time(16, 0), time(12, 0), time(13, 0)),
    3: (time(7, 30), time(16, 0), time(12, 0), time(13, 0)),
    4: (time(7, 30), time(16, 30), time(11, 30), time(13, 0)),
}


@transaction.atomic
def load_calendar(years: range = range(2025, 2028)) -> int:
    """Working hours (Perpres 21/2023 defaults), national holidays and cuti bersama, the service policy."""
    for weekday, (start, end, break_start, break_end) in DEFAULT_HOURS.items():
        if not WorkingHours.objects.filter(period__isnull=True, weekday=weekday).exists():
            WorkingHours.objects.create(weekday=weekday, start=start, end=end, break_start=break_start,
                                        break_end=break_end)
    government = holiday_data.country_holidays("ID", years=list(years), categories=("government",))
    combined = holiday_data.country_holidays("ID", years=list(years), categories=("public", "government"),
                                             language="id")
    count = 0
    for day, name in combined.items():
        kind = HolidayKind.CUTI_BERSAMA if day in government else HolidayKind.NATIONAL
        _holiday, created = Holiday.objects.get_or_create(date=day, defaults={"name": name[:160], "kind": kind})
        count += created
    ServicePolicy.objects.get_or_create(name="default")
    transaction.on_commit(calendar_changed)
    return count
