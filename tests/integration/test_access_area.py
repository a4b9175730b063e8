"""A Lurah and a Camat read every report located in their area, whoever handles it; reading never grants acting,
never shows a reporter's identity they did not have before, and reaches no report outside their area."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from sigap.domain.lifecycle import Action
from sigap.organization.models import Position, Role, Unit
from sigap.reports import actions
from sigap.reports.access import reports_visible_to
from sigap.reports.models import Report
from sigap.reports.permissions import may_act
from sigap.wilayah.models import Level, Wilayah
from tests.factories import make_report
from tests.integration.staff_support import bearer

pytestmark = pytest.mark.django_db

WAJO = "74.72.06.1007"
MURHUM = "74.72.06"
SECRET_NAME = "Wa Ode Rahasia Sekali"
SECRET_PHONE = "+6281277766655"


def dispatched_to(user: Any, unit_code: str, **overrides: Any) -> Report:
    report = make_report(**overrides)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code=unit_code))
    return Report.objects.get(pk=report.pk)


def elsewhere(*, same_kecamatan: bool) -> dict[str, Any]:
    """A location outside Wajo: another kelurahan of Murhum, or a kelurahan of another kecamatan."""
    kelurahan = Wilayah.objects.filter(level=Level.KELURAHAN).exclude(code=WAJO)
    kelurahan = (kelurahan.filter(parent__code=MURHUM) if same_kecamatan
                 else kelurahan.exclude(parent__code=MURHUM)).order_by("code").first()
    assert kelurahan is not None
    return {"kelurahan": kelurahan, "rw": None, "rt": None}


def head_of_office(username: str, wilayah_code: str, role: Role) -> Any:
    person = get_user_model().objects.create_user(username=username, password="x")
    Position.objects.create(person=person, unit=Unit.objects.get(code=wilayah_code), role=role, is_head=True)
    return person


def test_lurah_sees_an_agency_report_in_his_kelurahan_on_the_page_and_in_the_queue(client, user) -> None:
    # given a report in Wajo handled by Dinas PUPR
    report = dispatched_to(user, "pupr")
    client.force_login(user("lurah.wajo"))

    # when the Lurah opens his queue and the report
    queue = client.get("/petugas/").content.decode()
    page = client.get(f"/petugas/laporan/{report.tracking_id}")

    # then both show it
    assert report.tracking_id in queue
    assert page.status_code == 200


def test_camat_sees_an_agency_report_in_any_kelurahan_of_his_kecamatan(user) -> None:
    report = dispatched_to(user, "dlh", **elsewhere(same_kecamatan=True))

    assert reports_visible_to(user("camat.murhum")).filter(pk=report.pk).exists()


def test_lurah_may_not_act_on_an_agency_report_in_his_kelurahan(client, user) -> None:
    report = dispatched_to(user, "pupr")
    lurah = user("lurah.wajo")
    client.force_login(lurah)

    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/note", {"note-message": "Sudah dicek"})

    assert response.status_code == 403
    assert not any(may_act(lurah, report, action) for action in Action)
    assert not report.events.filter(action="note").exists()


def test_lurah_page_offers_no_action_form_on_an_agency_report(client, user) -> None:
    report = dispatched_to(user, "pupr")
    client.force_login(user("lurah.wajo"))

    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()

    assert 'id="form-' not in page


def test_lurah_does_not_see_the_identity_of_a_rahasia_reporter_on_an_agency_report(client, user) -> None:
    report = dispatched_to(user, "pupr", rahasia=True, reporter_name=SECRET_NAME, reporter_phone=SECRET_PHONE)
    lurah = user("lurah.wajo")
    client.force_login(lurah)

    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()
    detail = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(lurah)).json()

    assert SECRET_NAME not in page and "81277766655" not in page
    assert "reporter" not in detail


def test_handling_officer_still_sees_the_named_reporter_of_a_rahasia_report(client, user) -> None:
    report = dispatched_to(user, "pupr", rahasia=True, reporter_name=SECRET_NAME, reporter_phone=SECRET_PHONE)

    detail = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(user("petugas.pupr"))).json()

    assert detail["reporter"]["name"] == SECRET_NAME


def test_lurah_of_another_kelurahan_sees_none_of_wajos_reports(client, user) -> None:
    # given a Lurah of another kelurahan of Murhum and reports in Wajo handled by an agency and by Wajo itself
    other = elsewhere(same_kecamatan=True)["kelurahan"]
    stranger = head_of_office("lurah.lain", other.code, Role.KELURAHAN_STAFF)
    reports = [dispatched_to(user, "pupr"), dispatched_to(user, WAJO)]
    client.force_login(stranger)

    queue = client.get("/petugas/").content.decode()

    assert not reports_visible_to(stranger).filter(pk__in=[r.pk for r in reports]).exists()
    for report in reports:
        assert report.tracking_id not in queue
        assert client.get(f"/petugas/laporan/{report.tracking_id}").status_code == 404


def test_camat_of_another_kecamatan_sees_none_of_murhums_reports(user) -> None:
    other = Wilayah.objects.filter(level=Level.KECAMATAN).exclude(code=MURHUM).order_by("code").first()
    assert other is not None
    stranger = head_of_office("camat.lain", other.code, Role.KECAMATAN_STAFF)
    report = dispatched_to(user, "pupr")

    assert not reports_visible_to(stranger).filter(pk=report.pk).exists()


# The access matrix: each demo person against reports spread over units and places. A person sees exactly what
# they handle plus, for a Lurah or Camat, what lies in their area: not one report more (0 cross-unit leaks).
CITY_WIDE = ("verifikator", "kepala.pengaduan", "sekda", "walikota")
EXPECTED = {
    "petugas.pupr": {"wajo_pupr", "far_pupr"},
    "kepala.pupr": {"wajo_pupr", "far_pupr"},
    "petugas.dukcapil": {"wajo_dukcapil_rahasia"},
    "petugas.dlh": {"murhum_dlh"},
    "lurah.wajo": {"wajo_pupr", "wajo_dukcapil_rahasia", "wajo_rt"},
    "camat.murhum": {"wajo_pupr", "wajo_dukcapil_rahasia", "murhum_dlh", "wajo_rt"},
    "rw.wajo.01": {"wajo_rt"},
    "rt.wajo.01.01": {"wajo_rt"},
}


def spread_reports(user: Any) -> dict[str, Report]:
    return {
        "wajo_pupr": dispatched_to(user, "pupr"),
        "wajo_dukcapil_rahasia": dispatched_to(user, "dukcapil", rahasia=True),
        "wajo_rt": dispatched_to(user, f"{WAJO}/RW001/RT001"),
        "murhum_dlh": dispatched_to(user, "dlh", **elsewhere(same_kecamatan=True)),
        "far_pupr": dispatched_to(user, "pupr", **elsewhere(same_kecamatan=False)),
        "far_new": make_report(**elsewhere(same_kecamatan=False)),
    }


def test_access_matrix_every_person_sees_exactly_what_they_handle_or_oversee(user) -> None:
    reports = spread_reports(user)
    names = {report.pk: name for name, report in reports.items()}
    expected = {**EXPECTED, **{username: set(reports) for username in CITY_WIDE}}

    seen = {username: {names[pk] for pk in reports_visible_to(user(username)).filter(pk__in=names)
                       .values_list("pk", flat=True)} for username in expected}

    assert seen == expected
