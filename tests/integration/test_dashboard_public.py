"""Public transparency pages: figures and anonymised recent reports, never a reporter's name, phone or email."""

from __future__ import annotations

import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client

from sigap.domain.lifecycle import Audience, note_reaches
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportEvent, ReportFollower
from tests.factories import make_report, photo
from tests.integration.dashboard_support import random_lifecycles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    """Event ids can repeat after a rolled-back test on SQLite, so a cached dashboard must not leak across."""
    from django.core.cache import cache

    cache.clear()

PUBLIC_PATHS = ("/transparansi/", "/transparansi/unit/pupr/", "/transparansi/unit/dlh/",
                "/api/v1/open-data/reports.json", "/api/v1/open-data/reports.csv",
                "/open311/v2/requests.json", "/open311/v2/requests.xml")


def paths_of(report: Report) -> list[str]:
    """Every public answer about one report: tracking page, public API, Open311 in both formats."""
    return [f"/lacak/{report.tracking_id}", f"/api/v1/reports/{report.tracking_id}",
            f"/open311/v2/requests/{report.tracking_id}.json", f"/open311/v2/requests/{report.tracking_id}.xml"]


def with_private_texts(user, now) -> None:
    """Reports carrying every kind of text that is not public, and anonim reports with a street and a point."""
    admin, officer = user("verifikator"), user("petugas.pupr")
    for anonim in (True, False):
        report = make_report(now=now, anonim=anonim, address=f"Lorong Uji {anonim} No. 7B",
                             lat=Decimal("-5.461237") if anonim else Decimal("-5.462347"),
                             lng=Decimal("122.611113") if anonim else Decimal("122.622223"))
        actions.dispatch_report(report=report, by=admin, lead_unit=Unit.objects.get(code="pupr"),
                                note=f"Catatan internal uji {anonim}: pelapor kerabat camat", now=now)
        actions.respond_to_report(report=report, by=officer, message="Jawaban publik uji", now=now)
        actions.resolve_report(report=report, by=officer, message="Selesai uji", photo=photo(), now=now)
        actions.dispute_resolution(report=report, token=report.reporter_token, message=f"Sanggahan uji {anonim}",
                                   now=now)
        actions.resolve_report(report=report, by=officer, message="Selesai lagi uji", photo=photo(), now=now)
        actions.confirm_resolution(report=report, token=report.reporter_token, now=now)
        actions.rate_report(report=report, token=report.reporter_token, rating=1,
                            comment=f"Komentar penilaian uji {anonim}", now=now)
    asked = make_report(category="lingkungan_rt", now=now)
    actions.request_info(report=asked, by=admin, message="Pertanyaan uji untuk pelapor", now=now)
    actions.add_info(report=asked, token=asked.reporter_token, message="Jawaban pelapor uji", now=now)
    actions.dispatch_report(report=asked, by=admin, lead_unit=Unit.objects.get(code="74.72.06.1007/RW001/RT001"),
                            now=now)
    actions.pass_up_report(report=asked, by=user("rt.wajo.01.01"), note="Alasan naik rantai uji", now=now)
    actions.redispatch_report(report=asked, by=admin, lead_unit=Unit.objects.get(code="pupr"),
                              reason="Alasan pindah unit uji", now=now)
    actions.add_note(report=asked, by=admin, message="Catatan petugas uji", now=now)


def with_supporters(report: Report, now) -> None:
    """Confirmed supporters of an open report: by WhatsApp (phone and id) and by an e-mail whose link was used."""
    actions.support_report(report=report, phone="+6281377770001", confirmed_by_owner=True, now=now)
    actions.support_report(report=report, whatsapp_id="6281377770002", confirmed_by_owner=True, now=now)
    for row in actions.support_report(report=report, email="pendukung.uji@example.com", now=now):
        actions.confirm_follow(report=report, token=row.confirm_token, now=now)


def test_no_public_response_contains_personal_data_internal_notes_or_an_anonim_place(user, frozen_now) -> None:
    random_lifecycles(random.Random(4), 12, frozen_now - timedelta(days=30), user)
    supported = make_report(now=frozen_now - timedelta(days=1))
    with_private_texts(user, frozen_now - timedelta(days=2))
    with_supporters(supported, frozen_now)
    secrets = set()
    for name, phone, email in Report.objects.values_list("reporter_name", "reporter_phone", "reporter_email"):
        secrets |= {name, phone, email}
    # Supporters are counted in public, never named (docs/adr/0016-support.md).
    for phone, email, whatsapp_id in ReportFollower.objects.values_list("phone", "email", "whatsapp_id"):
        secrets |= {phone, phone.lstrip("+"), email, whatsapp_id}
    # Every note its action does not make public (NOTE_AUDIENCE), whoever wrote it.
    secrets |= {note for action, note in ReportEvent.objects.values_list("action", "note")
                if not note_reaches(action, Audience.PUBLIC)}
    for address, lat, lng in Report.objects.filter(anonim=True).values_list("address", "lat", "lng"):
        secrets |= {address, str(lat or ""), str(lng or "")}
    secrets.discard("")
    assert len(secrets) > 50
    paths = list(PUBLIC_PATHS)
    for report in Report.objects.filter(rahasia=False):
        paths += paths_of(report)

    for path in paths:
        response = Client().get(path)
        body = response.content.decode("utf-8-sig")
        assert response.status_code == 200, path
        leaked = [secret for secret in secrets if secret in body]
        assert leaked == [], (path, leaked)


def test_city_page_lists_non_rahasia_reports_and_hides_rahasia_ones(frozen_now) -> None:
    shown = make_report(now=frozen_now - timedelta(days=1), title="Jalan terbuka uji")
    hidden = make_report(now=frozen_now - timedelta(days=1), rahasia=True, title="Rahasia uji")

    body = Client().get("/transparansi/").content.decode()

    assert shown.tracking_id in body
    assert hidden.tracking_id not in body and "Rahasia uji" not in body


def test_recent_list_shows_each_status_in_the_readers_language(frozen_now) -> None:
    make_report(now=frozen_now - timedelta(days=1), title="Status uji")

    indonesian = Client().get("/transparansi/").content.decode()
    english = Client(headers={"accept-language": "en"}).get("/transparansi/").content.decode()

    assert "<strong>Diterima</strong>" in indonesian
    assert "<strong>Received</strong>" in english


def test_anonim_report_has_no_exact_point_on_the_public_page(frozen_now) -> None:
    point = {"lat": Decimal("-5.467123"), "lng": Decimal("122.612345")}
    make_report(now=frozen_now - timedelta(days=1), anonim=True, **point)
    make_report(now=frozen_now - timedelta(days=1), lat=Decimal("-5.470001"), lng=Decimal("122.600001"))

    body = Client().get("/transparansi/").content.decode()

    assert "-5.467123" not in body and "122.612345" not in body
    assert "-5.470001" in body


def test_public_page_works_without_javascript_as_a_list_and_loads_no_chart_library(frozen_now) -> None:
    make_report(now=frozen_now - timedelta(days=1))

    body = Client().get("/transparansi/").content.decode()

    assert '<ul class="recent">' in body
    assert "<svg" in body
    # no script from another host (a bare "cdn" test also matched tracking IDs such as BBU-7CDN42QX)
    assert not re.search(r"<script[^>]*\bsrc=[\"']?(https?:)?//", body, flags=re.IGNORECASE)


def test_unknown_unit_page_is_not_found() -> None:
    assert Client().get("/transparansi/unit/tidak-ada/").status_code == 404
