"""Pages of the services app: the public standard, online requests, tracking, the counter, NIK masking."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sigap.core.errors import Forbidden, InvalidInput
from sigap.services import actions
from sigap.services.models import Service, ServiceRequest
from tests.factories import jpeg_bytes, make_report
from tests.integration.services_helpers import NIK, walk_in, wita

pytestmark = pytest.mark.django_db


def logged_in(user: Any, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def test_service_page_shows_the_six_public_components_and_a_complaint_link() -> None:
    page = Client().get("/layanan/ktp_el").content.decode()
    for text in ("Fotokopi KK", "KTP-el", "Gratis", "materi=ketidaksesuaian_standar&amp;layanan=ktp_el"):
        assert text in page


def test_service_page_counts_complaints_about_the_standard_per_month(user: Any, frozen_now: Any) -> None:
    report = make_report(materi="ketidaksesuaian_standar", now=frozen_now)
    actions.link_report_to_service(report=report, service=Service.objects.get(code="ktp_el"),
                                   by=user("verifikator"))
    page = Client().get("/layanan/ktp_el").content.decode()
    month = frozen_now.strftime("%Y")
    assert month in page and "<td>1</td>" in page


def test_only_a_standard_complaint_can_name_a_service(user: Any) -> None:
    report = make_report()
    with pytest.raises(InvalidInput):
        actions.link_report_to_service(report=report, service=Service.objects.get(code="ktp_el"),
                                       by=user("verifikator"))


def test_only_the_complaint_desk_names_the_service_of_a_complaint(user: Any) -> None:
    report = make_report(materi="ketidaksesuaian_standar")
    with pytest.raises(Forbidden):
        actions.link_report_to_service(report=report, service=Service.objects.get(code="ktp_el"),
                                       by=user("petugas.pupr"))


def test_unknown_service_page_is_404() -> None:
    assert Client().get("/layanan/tidak-ada").status_code == 404


def online_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"applicant_name": "Wa Ode Sitti", "nik": NIK, "applicant_phone": "+6281234500001",
                            "applicant_email": "", "req_0": "on"}
    data.update(overrides)
    return data


def test_online_request_with_checklist_and_upload_gets_a_tracking_id() -> None:
    upload = SimpleUploadedFile("kk.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    page = Client().post("/layanan/ktp_el/ajukan", online_form(file_0=upload))
    assert page.status_code == 201
    req = ServiceRequest.objects.get()
    assert req.channel == "online" and req.checklist == ["Fotokopi KK"]
    [document] = req.documents.all()
    assert document.requirement == "Fotokopi KK" and document.content_type == "image/jpeg"
    assert req.tracking_id in page.content.decode()


def test_online_request_with_a_fake_image_is_refused_and_nothing_stored() -> None:
    upload = SimpleUploadedFile("kk.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    page = Client().post("/layanan/ktp_el/ajukan", online_form(file_0=upload))
    assert page.status_code == 422 and not ServiceRequest.objects.exists()


def test_online_request_with_an_invalid_nik_shows_the_error_and_stores_nothing() -> None:
    page = Client().post("/layanan/ktp_el/ajukan", online_form(nik="1234567890123456"))
    assert page.status_code == 422 and not ServiceRequest.objects.exists()
    assert "NIK" in page.content.decode()


def test_a_kelurahan_service_online_needs_the_kelurahan_office() -> None:
    client = Client()
    assert client.post("/layanan/sk_domisili/ajukan", online_form()).status_code == 422
    done = client.post("/layanan/sk_domisili/ajukan", online_form(kelurahan="74.72.06.1007"))
    assert done.status_code == 201 and ServiceRequest.objects.get().unit.code == "74.72.06.1007"


def test_tracking_page_shows_status_promise_and_missing_items_but_not_the_applicant(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    actions.mark_incomplete(request=req, by=officer, missing=["Fotokopi KK"], now=wita(10, 9, 5))
    page = Client().get(f"/layanan/lacak/{req.tracking_id}").content.decode()
    assert "Fotokopi KK" in page and "Persyaratan belum lengkap" in page
    assert NIK not in page and "La Ode Budi" not in page


def test_tracking_an_unknown_id_is_404() -> None:
    assert Client().get("/layanan/lacak/LYN-AAAAAA").status_code == 404


def test_the_counter_needs_a_login() -> None:
    page = Client().get("/layanan/loket/")
    assert page.status_code == 302 and "/akun/login" in page["Location"]


def test_the_counter_registers_a_walk_in_and_moves_it_with_one_click(user: Any) -> None:
    client = logged_in(user, "petugas.dukcapil")
    created = client.post("/layanan/loket/", {"service": "ktp_el", "unit": "dukcapil", "applicant_name": "Budi",
                                              "nik": NIK, "applicant_phone": "", "applicant_email": ""})
    assert created.status_code == 302
    req = ServiceRequest.objects.get()
    queue = client.get("/layanan/loket/").content.decode()
    assert req.tracking_id in queue and 'value="check"' in queue
    assert client.post(f"/layanan/loket/{req.tracking_id}/langkah", {"action": "check"}).status_code == 302
    req.refresh_from_db()
    assert req.status == "checked"


def test_the_counter_refuses_a_service_the_unit_does_not_offer(user: Any) -> None:
    client = logged_in(user, "petugas.dukcapil")
    page = client.post("/layanan/loket/", {"service": "pbg", "unit": "dukcapil", "applicant_name": "Budi",
                                           "nik": NIK, "applicant_phone": "", "applicant_email": ""})
    assert page.status_code == 422 and not ServiceRequest.objects.exists()


def test_the_counter_lists_late_requests(user: Any) -> None:
    req = walk_in(user("petugas.dukcapil"), now=wita(10, 9))
    page = logged_in(user, "petugas.dukcapil").get("/layanan/loket/").content.decode()
    late_section = page.split("Due today")[0]
    assert req.tracking_id in late_section


def test_another_units_officer_cannot_see_or_move_the_request(user: Any) -> None:
    req = walk_in(user("petugas.dukcapil"), now=wita(10, 9))
    client = logged_in(user, "petugas.pupr")
    assert client.get(f"/layanan/loket/{req.tracking_id}").status_code == 404
    assert client.post(f"/layanan/loket/{req.tracking_id}/langkah", {"action": "check"}).status_code == 404
    req.refresh_from_db()
    assert req.status == "received"


def test_the_handling_unit_sees_the_full_nik_and_city_leaders_only_a_masked_one(user: Any) -> None:
    req = walk_in(user("petugas.dukcapil"), now=wita(10, 9))
    own = logged_in(user, "petugas.dukcapil").get(f"/layanan/loket/{req.tracking_id}").content.decode()
    sekda = logged_in(user, "sekda").get(f"/layanan/loket/{req.tracking_id}").content.decode()
    assert NIK in own
    assert NIK not in sekda and "747206********01" in sekda


def test_marking_incomplete_from_the_request_page_names_the_missing_items(user: Any) -> None:
    req = walk_in(user("petugas.dukcapil"), now=wita(10, 9))
    client = logged_in(user, "petugas.dukcapil")
    client.post(f"/layanan/loket/{req.tracking_id}/langkah",
                {"action": "mark_incomplete", "missing": "Fotokopi KK\nKTP-el lama", "next": "detail"})
    req.refresh_from_db()
    assert req.status == "incomplete" and req.missing_items == ["Fotokopi KK", "KTP-el lama"]


def test_marking_incomplete_without_items_is_refused(user: Any) -> None:
    req = walk_in(user("petugas.dukcapil"), now=wita(10, 9))
    client = logged_in(user, "petugas.dukcapil")
    client.post(f"/layanan/loket/{req.tracking_id}/langkah", {"action": "mark_incomplete", "missing": " "})
    req.refresh_from_db()
    assert req.status == "received"


def test_compliance_page_shows_the_units_figures_for_the_month(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    actions.check_requirements(request=req, by=officer, now=wita(10, 10))
    actions.mark_ready(request=req, by=officer, now=wita(10, 12))
    page = logged_in(user, "petugas.dukcapil").get("/layanan/kepatuhan/?bulan=2026-02").content.decode()
    assert "Penerbitan KTP-el" in page and "100% (1/1)" in page


def test_compliance_page_refuses_a_bad_month(user: Any) -> None:
    assert logged_in(user, "petugas.dukcapil").get("/layanan/kepatuhan/?bulan=kemarin").status_code == 404


def test_online_request_accepts_a_pdf_requirement() -> None:
    upload = SimpleUploadedFile("kk.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert Client().post("/layanan/ktp_el/ajukan", online_form(file_0=upload)).status_code == 201
    assert ServiceRequest.objects.get().documents.get().content_type == "application/pdf"


def test_an_oversized_upload_is_refused_and_nothing_stored(settings: Any) -> None:
    settings.SIGAP_SERVICE_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("kk.pdf", b"%PDF-1.4\n" + b"0" * 2048, content_type="application/pdf")
    page = Client().post("/layanan/ktp_el/ajukan", online_form(file_0=upload))
    assert page.status_code == 422 and not ServiceRequest.objects.exists()


def test_an_admin_edit_publishes_a_new_version_of_the_standard(user: Any) -> None:
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    service = Service.objects.get(code="kk")
    actions.publish_standard(service=service)
    service.cost = "Rp 0 (gratis)"
    request = RequestFactory().post("/admin/")
    request.user = user("admin")
    site._registry[Service].save_model(request, service, form=None, change=True)
    assert list(service.versions.values_list("number", flat=True)) == [2, 1]
    assert service.versions.get(number=2).standard["cost"] == "Rp 0 (gratis)"


def test_publishing_an_unchanged_standard_keeps_the_same_version() -> None:
    service = Service.objects.get(code="kk")
    assert actions.publish_standard(service=service) == actions.publish_standard(service=service)


def test_a_bad_completion_time_cannot_be_published() -> None:
    service = Service.objects.get(code="kk")
    service.completion = "secepatnya"
    with pytest.raises(InvalidInput):
        actions.publish_standard(service=service)
