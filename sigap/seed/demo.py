"""The Baubau demo: accounts with a published password (demo mode only) and sample reports in every status.

Sample reports are made through the real actions with past `now` values, so their events and deadlines are
exactly what the system would have produced.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sigap.core.demo import DEMO_PASSWORD
from sigap.organization.models import Position, Profile, Role, Unit
from sigap.reports.models import Category, Kind, Report
from sigap.wilayah.models import Level, Wilayah

WAJO = "74.72.06.1007"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    unit_code: str
    role: Role
    is_head: bool
    phone: str


DEMO_ACCOUNTS = (
    DemoAccount("verifikator", "Wa Ode Verifikator", "pengaduan", Role.COMPLAINT_ADMIN, False, "+6281100000001"),
    DemoAccount("petugas.pupr", "La Ode Petugas PUPR", "pupr", Role.OPD_OFFICER, False, "+6281100000002"),
    DemoAccount("kepala.pupr", "Kepala Dinas PUPR", "pupr", Role.OPD_HEAD, True, "+6281100000003"),
    DemoAccount("petugas.dukcapil", "Petugas Dukcapil", "dukcapil", Role.OPD_OFFICER, False, "+6281100000004"),
    DemoAccount("petugas.dlh", "Petugas DLH", "dlh", Role.OPD_OFFICER, False, "+6281100000005"),
    DemoAccount("lurah.wajo", "Lurah Wajo", WAJO, Role.KELURAHAN_STAFF, True, "+6281100000006"),
    DemoAccount("rw.wajo.01", "Ketua RW 001 Wajo", f"{WAJO}/RW001", Role.KETUA_RW, True, "+6281100000007"),
    DemoAccount("rt.wajo.01.01", "Ketua RT 001 RW 001 Wajo", f"{WAJO}/RW001/RT001", Role.KETUA_RT, True,
                "+6281100000008"),
    DemoAccount("sekda", "Sekretaris Daerah", "sekda", Role.SEKDA, True, "+6281100000009"),
    DemoAccount("walikota", "Wali Kota Baubau", "walikota", Role.WALIKOTA, True, "+6281100000010"),
    DemoAccount("camat.murhum", "Camat Murhum", "74.72.06", Role.KECAMATAN_STAFF, True, "+6281100000011"),
    DemoAccount("kepala.pengaduan", "Kepala Bagian Pengaduan", "pengaduan", Role.COMPLAINT_ADMIN, True,
                "+6281100000012"),
)


def demo_usernames() -> list[str]:
    return ["admin", *(account.username for account in DEMO_ACCOUNTS)]


def accounts_with_demo_password() -> list[str]:
    """Demo accounts that still open with the published password (only the demo usernames are hashed: cheap)."""
    users = get_user_model().objects.filter(username__in=demo_usernames(), is_active=True).order_by("username")
    return [user.username for user in users if user.check_password(DEMO_PASSWORD)]


@transaction.atomic
def load_demo_city() -> None:
    """Baubau's reference rows, the demo RW/RT and the demo accounts: what tests and benchmarks stand on.

    The process's working calendar is dropped afterwards, since it may have been read before the holidays existed.
    """
    from sigap.calendar.service import calendar_changed
    from sigap.seed import reference

    reference.load_city_wilayah()
    reference.generate_demo_rw_rt()
    reference.load_units()
    reference.load_categories()
    reference.load_lapor_categories()
    reference.load_services()
    reference.load_calendar()
    create_demo_accounts()
    calendar_changed()


def create_demo_accounts() -> int:
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "first_name": "Admin Sistem",
                                    "email": "admin@sigap.test"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    made = int(created)
    for account in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=account.username,
            defaults={"first_name": account.first_name, "email": f"{account.username}@sigap.test",
                      "is_staff": account.role in (Role.COMPLAINT_ADMIN,)},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            made += 1
        Profile.objects.get_or_create(person=user, defaults={"phone": account.phone})
        Position.objects.get_or_create(
            person=user, unit=Unit.objects.get(code=account.unit_code), role=account.role,
            defaults={"is_head": account.is_head},
        )
    return made


REPORTERS = (
    ("Wa Ode Sitti", "+6281234500001", ""),
    ("La Ode Rahman", "+6281234500002", "rahman@example.com"),
    ("Siti Nurhaliza", "", "siti.n@example.com"),
    ("Muhammad Arif", "+6281234500004", ""),
    ("Hasnah", "+6281234500005", "hasnah@example.com"),
)

# Share of demo reports that end in each state; the rest stay where the walk stops.
WALKS = (
    ("received", 0.12), ("pending_info", 0.05), ("dispatched", 0.15), ("in_progress", 0.2),
    ("resolved", 0.12), ("closed", 0.26), ("archived", 0.05), ("referred", 0.05),
)


def _pick_walk(rng: random.Random) -> str:
    roll = rng.random()
    for state, share in WALKS:
        roll -= share
        if roll <= 0:
            return state
    return "closed"


def create_sample_reports(count: int = 200, *, seed: int = 7476, now: datetime | None = None) -> int:
    """About `count` reports over the last 90 days, each walked through the lifecycle by the real actions."""
    from sigap.seed.walks import walk_report

    if Report.objects.filter(tracking_id__startswith="BBU-").count() >= count:
        return 0
    now = now or timezone.now()
    rng = random.Random(seed)
    categories = list(Category.objects.filter(is_active=True))
    kelurahan = list(Wilayah.objects.filter(level=Level.KELURAHAN))
    made = 0
    for _index in range(count):
        received = now - timedelta(days=rng.uniform(0.2, 90), hours=rng.uniform(0, 8))
        category = rng.choice(categories)
        place = kelurahan[0] if rng.random() < 0.15 else rng.choice(kelurahan)
        place = Wilayah.objects.get(code=WAJO) if rng.random() < 0.15 else place
        name, phone, email = rng.choice(REPORTERS)
        kind = rng.choices([Kind.PENGADUAN, Kind.ASPIRASI, Kind.PERMINTAAN_INFORMASI], [0.75, 0.15, 0.1])[0]
        walk_report(rng=rng, category=category, kelurahan=place, kind=kind, reporter=(name, phone, email),
                    received=received, target=_pick_walk(rng), now=now)
        made += 1
    return made
