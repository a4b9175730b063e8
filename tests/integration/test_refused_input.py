"""A control character (U+0000 first of all) is refused with a clear 400 at every entry point, never a 500.

PostgreSQL refuses U+0000 in text: without the central refusal each of these answered 500 there.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sigap.channels.models import InboxItem
from sigap.reports.models import Report, ReportEvent
from tests.factories import jpeg_bytes, make_report
from tests.integration.open311_support import as_json, form, new_key, post, xml
from tests.integration.staff_support import bearer
from tests.integration.whatsapp_support import post_signed

pytestmark = pytest.mark.django_db
NUL = "\x00"
ID_MESSAGE = "karakter kendali"
EN_MESSAGE = "control character"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _api_errors(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()["errors"]


def _valid_report() -> dict[str, Any]:
    return {"kind": "pengaduan", "category": "jalan_rusak", "title": "Jalan berlubang",
            "description": "Lubang besar di depan pasar.",
            "location": {"kelurahan": "74.72.06.1007", "rw": "1", "rt": "1"}, "reporter": {"phone": "081234567890"}}


# --- the public API ----------------------------------------------------------------------------------------------

def test_api_intake_refuses_a_nul_in_a_json_field_in_indonesian(client) -> None:
    # given a report whose title holds U+0000
    body = {**_valid_report(), "title": f"Jalan{NUL}berlubang"}
    # when it is posted as JSON
    response = client.post("/api/v1/reports", data=json.dumps(body), content_type="application/json")
    # then a 400 names the field in Indonesian and nothing is stored
    errors = _api_errors(response)
    assert errors[0]["field"] == "title"
    assert errors[0]["code"] == "control_character"
    assert ID_MESSAGE in errors[0]["message"]
    assert Report.objects.count() == 0


def test_api_intake_answers_in_english_when_asked(client) -> None:
    body = {**_valid_report(), "description": f"x{NUL}"}
    response = client.post("/api/v1/reports", data=json.dumps(body), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert EN_MESSAGE in _api_errors(response)[0]["message"]


def test_api_intake_still_refuses_a_json_body_that_is_not_utf8_after_the_central_check(client) -> None:
    # given a valid report encoded as UTF-16 (the central check decodes it; the API takes UTF-8 only)
    raw = json.dumps(_valid_report()).encode("utf-16")
    # when it is posted as JSON
    response = client.post("/api/v1/reports", data=raw, content_type="application/json")
    # then the API says the body is not UTF-8, as before the check shared its parsed document, and stores nothing
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"][0]["code"] == "bad_encoding"
    assert Report.objects.count() == 0


def test_api_intake_refuses_a_nul_in_a_utf16_json_body(client) -> None:
    # given a UTF-16 JSON body whose title holds U+0000
    raw = json.dumps({**_valid_report(), "title": f"Jalan{NUL}berlubang"}).encode("utf-16")
    # when it is posted as JSON
    response = client.post("/api/v1/reports", data=raw, content_type="application/json")
    # then the central check refuses it for the character
    assert _api_errors(response)[0]["code"] == "control_character"
    assert Report.objects.count() == 0


def test_api_intake_refuses_a_nul_in_a_nested_json_field(client) -> None:
    body = {**_valid_report(), "location": {"kelurahan": "74.72.06.1007", "address": f"Jl{NUL}"}}
    response = client.post("/api/v1/reports", data=json.dumps(body), content_type="application/json")
    assert _api_errors(response)[0]["field"] == "location.address"


def test_api_intake_refuses_a_lone_surrogate(client) -> None:
    # given a JSON escape that decodes to half of a UTF-16 pair (PostgreSQL cannot encode it)
    raw = json.dumps(_valid_report()).replace('"Jalan berlubang"', '"Jalan \\ud800"')
    response = client.post("/api/v1/reports", data=raw, content_type="application/json")
    assert _api_errors(response)[0]["field"] == "title"


def test_api_intake_refuses_a_nul_in_the_multipart_data_field(client) -> None:
    body = {**_valid_report(), "title": f"a{NUL}b"}
    response = client.post("/api/v1/reports", data={"data": json.dumps(body)})
    # the JSON inside the form field is still JSON text: its escaped NUL is caught when it is decoded
    assert _api_errors(response)[0]["field"] == "title"
    assert Report.objects.count() == 0


def test_api_intake_refuses_a_raw_nul_in_a_multipart_field(client) -> None:
    response = client.post("/api/v1/reports", data={"data": f"{{{NUL}}}"})
    assert _api_errors(response)[0]["field"] == "data"


def test_api_keeps_tabs_and_newlines(client) -> None:
    # given ordinary whitespace in a description
    body = {**_valid_report(), "description": "Baris satu\n\tBaris dua\r\n"}
    response = client.post("/api/v1/reports", data=json.dumps(body), content_type="application/json")
    # then it is not refused
    assert response.status_code == 201, response.content[:300]


@pytest.mark.parametrize("url", [
    "/api/v1/reports?status=%00",
    "/api/v1/reports?category=a%00",
    "/api/v1/wilayah?parent=%00",
    "/api/v1/reports/BBU-%00",
    "/api/v1/open-data/reports.csv?category=%00",
])
def test_public_api_get_filters_refuse_a_nul(client, url) -> None:
    assert _api_errors(client.get(url))[0]["code"] == "control_character"


# --- the staff API -----------------------------------------------------------------------------------------------

def test_staff_api_action_refuses_a_nul_in_the_note_and_changes_nothing(client, user) -> None:
    # given a new report and a verifikator's token
    report = make_report()
    before = ReportEvent.objects.filter(report=report).count()
    # when the dispatch note holds U+0000
    response = client.post(f"/api/v1/reports/{report.tracking_id}/actions/dispatch",
                           data=json.dumps({"lead_unit": "pupr", "note": f"Mohon{NUL}"}),
                           content_type="application/json", **bearer(user("verifikator")))
    # then a 400 and no new event
    assert _api_errors(response)[0]["field"] == "note"
    assert ReportEvent.objects.filter(report=report).count() == before


@pytest.mark.parametrize("query", ["status=%00", "q=%00", "unit=%00", "category=x%00", "page=%00"])
def test_staff_api_queue_filters_refuse_a_nul(client, user, query) -> None:
    response = client.get(f"/api/v1/staff/reports?{query}", **bearer(user("verifikator")))
    assert _api_errors(response)[0]["code"] == "control_character"


def test_staff_api_action_refuses_a_nul_in_a_json_body_sent_as_text_plain(client, user) -> None:
    # given a client that sends its JSON without the JSON content type (the staff API reads it all the same)
    report = make_report()
    response = client.post(f"/api/v1/reports/{report.tracking_id}/actions/note",
                           data=json.dumps({"note": f"x{NUL}"}), content_type="text/plain",
                           **bearer(user("verifikator")))
    # then it is refused like any JSON body
    assert _api_errors(response)[0]["field"] == "note"


def _dispatched(client: Any, user: Any) -> Report:
    report = make_report(category="jalan_rusak")
    client.post(f"/api/v1/reports/{report.tracking_id}/actions/dispatch", data=json.dumps({"lead_unit": "pupr"}),
                content_type="application/json", **bearer(user("verifikator")))
    return report


def test_staff_api_multipart_resolve_refuses_a_nul_in_the_message_and_changes_nothing(client, user) -> None:
    # given a dispatched report and PUPR's token
    report = _dispatched(client, user)
    before = ReportEvent.objects.filter(report=report).count()
    # when the resolving message of a multipart upload holds U+0000
    response = client.post(f"/api/v1/reports/{report.tracking_id}/actions/resolve",
                           data={"message": f"Sudah{NUL}", "photo": SimpleUploadedFile("a.jpg", jpeg_bytes(),
                                                                                        "image/jpeg")},
                           **bearer(user("petugas.pupr")))
    # then the form is refused when the view reads it, in the API's shape, and nothing changes
    assert _api_errors(response)[0]["field"] == "message"
    assert ReportEvent.objects.filter(report=report).count() == before
    assert Report.objects.get(pk=report.pk).status == "dispatched"


def test_an_upload_without_a_token_is_refused_for_the_token_before_its_text_is_read(client) -> None:
    # given a multipart upload holding U+0000 and no token (cheap refusals first: the body is not parsed)
    report = make_report()
    response = client.post(f"/api/v1/reports/{report.tracking_id}/actions/resolve",
                           data={"message": f"Sudah{NUL}", "photo": SimpleUploadedFile("a.jpg", jpeg_bytes(),
                                                                                        "image/jpeg")})
    # then the answer is the missing token
    assert response.status_code == 401


# --- Open311 -----------------------------------------------------------------------------------------------------

def test_open311_post_refuses_a_nul_with_the_spec_error_list_in_json(client) -> None:
    response = post(client, "json", form(new_key(), description=f"Jalan{NUL}rusak"))
    assert response.status_code == 400
    answer = as_json(response)
    assert answer[0]["code"] == 400
    assert ID_MESSAGE in answer[0]["description"]
    assert Report.objects.count() == 0


def test_open311_post_refuses_a_nul_with_the_spec_error_list_in_xml(client) -> None:
    response = post(client, "xml", form(new_key(), first_name=f"Wa{NUL}"))
    assert response.status_code == 400
    root = xml(response)
    assert root.tag == "errors"
    assert ID_MESSAGE in (root.find("error/description").text or "")  # type: ignore[union-attr]


@pytest.mark.parametrize("query", ["service_code=%00", "status=%00", "start_date=%00", "service_request_id=%00"])
def test_open311_get_filters_refuse_a_nul(client, query) -> None:
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400
    assert as_json(response)[0]["code"] == 400


# --- pages -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/lacak/BBU-%00", "/?id=%00", "/layanan/lacak/x%00", "/layanan/?id=%00",
                                 "/transparansi/?dari=%00", "/lapor/?title=%00"])
def test_public_pages_refuse_a_nul_with_the_indonesian_error_page(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert ID_MESSAGE in page
    assert 'href="/"' in page  # the site's navigation and a way home


def test_web_intake_refuses_a_nul_in_the_form(client) -> None:
    response = client.post("/lapor/", {"title": f"a{NUL}", "description": "b"})
    assert response.status_code == 400
    assert ID_MESSAGE in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.parametrize("url", ["/petugas/?q=%00", "/petugas/?status=%00", "/pimpinan/?unit=%00",
                                 "/pimpinan/laporan-bulanan/?month=%00", "/pimpinan/ekspor/antrian/?q=%00",
                                 "/layanan/loket/?bulan=%00", "/survei/hasil/?unit=%00", "/rantai/?dari=%00"])
def test_staff_page_filters_refuse_a_nul(client, user, url) -> None:
    client.force_login(user("admin"))
    response = client.get(url)
    assert response.status_code == 400
    assert ID_MESSAGE in response.content.decode()


def test_staff_page_action_refuses_a_nul_and_changes_nothing(client, user) -> None:
    # given a new report and a signed-in verifikator
    report = make_report()
    before = ReportEvent.objects.filter(report=report).count()
    client.force_login(user("verifikator"))
    # when the note of an action holds U+0000
    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/note", {"note-note": f"x{NUL}"})
    # then the error page and no new event
    assert response.status_code == 400
    assert ID_MESSAGE in response.content.decode()
    assert ReportEvent.objects.filter(report=report).count() == before


def test_staff_page_multipart_action_refuses_a_nul_and_changes_nothing(client, user) -> None:
    # given a dispatched report and PUPR signed in on the staff page
    report = _dispatched(client, user)
    before = ReportEvent.objects.filter(report=report).count()
    client.force_login(user("petugas.pupr"))
    # when the resolve form (multipart, with its photo) holds U+0000
    response = client.post(f"/petugas/laporan/{report.tracking_id}/aksi/resolve", {
        "resolve-message": f"Sudah{NUL}", "resolve-photo": SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")})
    # then the page says so and nothing changes
    assert response.status_code == 400
    assert ID_MESSAGE in response.content.decode()
    assert ReportEvent.objects.filter(report=report).count() == before


def test_a_form_the_csrf_check_already_read_is_refused_before_the_view(client, user) -> None:
    # given a browser-like client whose CSRF token the middleware checks (it reads the multipart form first)
    report = _dispatched(client, user)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user("petugas.pupr"))
    browser.get(f"/petugas/laporan/{report.tracking_id}")
    token = browser.cookies["csrftoken"].value
    # when the resolve form holds U+0000
    response = browser.post(f"/petugas/laporan/{report.tracking_id}/aksi/resolve", {
        "csrfmiddlewaretoken": token, "resolve-message": f"Sudah{NUL}",
        "resolve-photo": SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")})
    # then the error page, and the report is still dispatched
    assert response.status_code == 400
    assert ID_MESSAGE in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == "dispatched"


def test_english_pages_say_it_in_english(client) -> None:
    response = client.get("/lacak/BBU-%00", HTTP_ACCEPT_LANGUAGE="en")
    assert EN_MESSAGE in response.content.decode()


# --- the WhatsApp webhook cleans instead of refusing ------------------------------------------------------------

def _batch(*texts: str) -> bytes:
    messages = [{"from": "6281299990001", "id": f"wamid.NUL{index}", "timestamp": "1760000000", "type": "text",
                 "text": {"body": body}} for index, body in enumerate(texts)]
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp", "contacts": [
            {"profile": {"name": f"Wa{NUL}Ode"}, "wa_id": "6281299990001"}], "messages": messages}}]}]}).encode()


def test_webhook_stores_every_message_of_a_batch_when_one_holds_a_nul(client) -> None:
    # given a batch of three messages, the second with U+0000 (and a contact name with one)
    body = _batch("Jalan rusak", f"Lampu{NUL} mati\u0007", "Terima kasih")
    # when Meta posts it
    response = post_signed(client, body)
    # then Meta gets its 200 and all three are stored, cleaned of the control characters
    assert response.status_code == 200
    rows = {row.external_id: row.payload for row in InboxItem.objects.all()}
    assert sorted(rows) == ["wamid.NUL0", "wamid.NUL1", "wamid.NUL2"]
    assert rows["wamid.NUL1"]["message"]["text"]["body"] == "Lampu mati"
    assert rows["wamid.NUL1"]["contact"]["profile"]["name"] == "WaOde"


def test_webhook_is_not_refused_by_the_central_check_for_a_lone_surrogate(client) -> None:
    body = _batch("Halo").replace(b'"Halo"', b'"Halo \\ud83d"')
    response = post_signed(client, body)
    assert response.status_code == 200
    assert InboxItem.objects.get().payload["message"]["text"]["body"] == "Halo "


def test_a_header_with_a_control_character_is_refused(client) -> None:
    response = client.get("/api/v1/categories", HTTP_X_REQUEST_NOTE="a\x01b")
    assert _api_errors(response)[0]["field"] == "X-Request-Note"


def test_an_idempotency_key_with_a_nul_is_refused_and_nothing_is_stored(client) -> None:
    # given a valid report under an Idempotency-Key holding U+0000 (the key is stored with the answer)
    response = client.post("/api/v1/reports", data=json.dumps(_valid_report()), content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY=f"key{NUL}1")
    # then it is refused by name and no report is filed
    assert _api_errors(response)[0]["field"] == "Idempotency-Key"
    assert Report.objects.count() == 0


# --- cookies -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cookie", ["abcdefghij\x00klm", '"abcdefghij\\000klm"'])
def test_a_session_cookie_with_a_nul_is_dropped_not_a_500(client, cookie) -> None:
    # given a session cookie holding U+0000 (raw, or as the octal escape cookie quoting allows)
    client.cookies["sessionid"] = cookie
    # when a page and a staff page are opened
    home = client.get("/")
    staff = client.get("/petugas/")
    # then the person is simply a visitor: the home page opens, the staff page asks to sign in
    assert home.status_code == 200
    assert staff.status_code == 302
    assert "/akun/login/" in staff["Location"]


def test_a_raw_nul_in_the_cookie_header_does_not_lock_the_browser_out(client) -> None:
    # given a Cookie header with a raw U+0000 (not the quoted form the test client would write)
    response = client.get("/", HTTP_COOKIE="sessionid=abcdefghij\x00klm")
    # then the page opens for a visitor
    assert response.status_code == 200
