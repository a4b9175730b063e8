"""Walk one demo report through the lifecycle with the real actions, at plausible past moments."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from sigap.calendar.service import get_calendar
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Category, Report
from sigap.reports.photos import CleanPhoto
from sigap.wilayah.models import Level, Wilayah

ORDER = ("received", "pending_info", "dispatched", "in_progress", "resolved", "closed")


def _user(username: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=username)


def _later(rng: random.Random, moment: datetime, now: datetime, max_hours: float) -> datetime | None:
    """A working-time moment after `moment`; None if it would fall after `now` (the walk stops there)."""
    minutes = int(rng.uniform(20, max_hours * 60))
    candidate = get_calendar().add_working_minutes(moment, minutes)
    return candidate if candidate < now else None


def _handler_for(unit: Unit) -> object:
    from sigap.organization.models import Position

    position = Position.objects.filter(unit=unit, is_active=True).select_related("person").first()
    if position is not None:
        return position.person
    return _user("admin")


def _evidence() -> CleanPhoto:
    import io

    from PIL import Image

    from sigap.reports.photos import clean_photo

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 140, 90)).save(buffer, format="JPEG")
    buffer.seek(0)
    return clean_photo(buffer)


def walk_report(*, rng: random.Random, category: Category, kelurahan: Wilayah, kind: str,
                reporter: tuple[str, str, str], received: datetime, target: str, now: datetime) -> Report:
    name, phone, email = reporter
    rw = Wilayah.objects.filter(parent=kelurahan, level=Level.RW).order_by("?").first()
    rt = Wilayah.objects.filter(parent=rw, level=Level.RT).order_by("?").first() if rw else None
    report = actions.submit_report(
        draft=actions.ReportDraft(
            kind=kind, category=category, title=category.example[:80] or category.name,
            description=category.example or category.name, event_date=(received - timedelta(days=1)).date(),
            kelurahan=kelurahan, rw=rw, rt=rt, anonim=rng.random() < 0.1, rahasia=rng.random() < 0.05,
            reporter_name=name, reporter_phone=phone, reporter_email=email,
            channel=rng.choice(["web", "web", "whatsapp", "whatsapp", "api"]),
        ),
        now=received,
    )
    admin = _user("verifikator")
    moment: datetime | None = received
    if target == "received":
        return report
    if target == "pending_info":
        moment = _later(rng, received, now, 16)
        if moment:
            actions.request_info(report=report, by=admin, message="Mohon kirim foto lokasi dan patokan terdekat.",
                                 now=moment)
        return report
    if category.outside_authority and target != "archived":
        target = "referred"
    if target in ("archived", "referred"):
        moment = _later(rng, received, now, 16)
        if moment is None:
            return report
        if target == "archived":
            actions.archive_report(report=report, by=admin, reason="Laporan tidak lengkap dan tidak dapat "
                                   "diverifikasi.", now=moment)
        else:
            actions.refer_report(report=report, by=admin, recipient="PT PLN (Persero) UP3 Baubau",
                                 reason="Bukan kewenangan Pemerintah Kota; diteruskan ke PLN.", now=moment)
        return report
    if category.outside_authority and target not in ("received", "pending_info"):
        target = "referred"
    territorial = rt.code if category.territorial_first and rt is not None else kelurahan.code
    lead = category.unit or Unit.objects.get(code=territorial)
    moment = _later(rng, received, now, 20)
    if moment is None:
        return report
    actions.dispatch_report(report=report, by=admin, lead_unit=lead, note="Mohon ditindaklanjuti.", now=moment)
    handler = _handler_for(lead)
    if target == "dispatched":
        return report
    moment = _later(rng, moment, now, 40)
    if moment is None:
        return report
    actions.respond_to_report(report=report, by=handler, message="Laporan sudah kami terima dan petugas akan "
                              "meninjau lokasi.", now=moment)
    if target == "in_progress":
        return report
    moment = _later(rng, moment, now, 80)
    if moment is None:
        return report
    photo = _evidence() if category.evidence_photo_required else None
    actions.resolve_report(report=report, by=handler, message="Sudah ditangani oleh petugas di lapangan.",
                           photo=photo, now=moment)
    if target == "resolved":
        return report
    moment = _later(rng, moment, now, 30)
    if moment is None:
        return report
    report.refresh_from_db()
    actions.confirm_resolution(report=report, token=report.reporter_token, now=moment)
    if rng.random() < 0.7:
        actions.rate_report(report=report, token=report.reporter_token, rating=rng.choice([3, 4, 4, 5, 5]),
                            comment="Terima kasih, cepat ditangani.", now=moment + timedelta(minutes=5))
    return report
