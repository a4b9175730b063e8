"""The public JSON API: intake, public view, reference data; every bad input refused with nothing stored."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.cache import cache
from PIL import Image

from sigap.reports.models import Report, ReportPhoto
from tests.factories import WAJO, jpeg_bytes, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "pengaduan",
        "category": "jalan_rusak",
        "title": "Jalan berlubang",
        "description": "Lubang besar di depan pasar.",
        "event_date": "2025-01-10",
        "location": {"kelurahan": WAJO, "rw": "1", "rt": "1", "address": "Jl. Pasar", "lat": -5.47, "lng": 122.6},
        "anonim": False,
        "rahasia": False,
        "reporter": {"name": "Wa Ode", "phone": "0812-3456-7890", "email": "wa@example.com"},
    }
    data.update(overrides)
    return data


def post(client: Any, data: Any) -> Any:
    return client.post("/api/v1/reports", data=json.dumps(data), content_type="application/json")


def test_a_json_report_is_stored_and_answers_its_tracking_id_deadline_and_token(client) -> None:
    response = post(client, body())

    assert response.status_code == 201
    answer = response.json()
    report = Report.objects.get(tracking_id=answer["tracking_id"])
    assert answer["status"] == "received"
    assert answer["due_at"].endswith("+08:00")
    assert answer["reporter_token"] == report.reporter_token
    assert report.reporter_phone == "+6281234567890"
    assert report.rt is not None and report.rt.code == f"{WAJO}/RW001/RT001"
    assert report.channel == "api"


def test_a_multipart_report_keeps_its_photos_without_exif(client) -> None:
    upload = io.BytesIO(jpeg_bytes((400, 300), exif_gps=True))
    upload.name = "lubang.jpg"

    response = client.post("/api/v1/reports", data={"data": json.dumps(body()), "photos": [upload]})

    assert response.status_code == 201
    view = client.get(f"/api/v1/reports/{response.json()['tracking_id']}").json()
    assert len(view["photos"]) == 1
    served = client.get(view["photos"][0].split("8000", 1)[-1])
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert not image.getexif()


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"title": None}, "title", None),
        ({"title": "x" * 151}, "title", "string_too_long"),
        ({"title": 42}, "title", "string_type"),
        ({"description": ""}, "description", "string_too_short"),
        ({"description": "x" * 4001}, "description", "string_too_long"),
        ({"kind": "gossip"}, "kind", "literal_error"),
        ({"category": "no-such-category"}, "category", "unknown_category"),
        ({"event_date": "2999-01-01"}, "event_date", None),
        ({"event_date": "yesterday"}, "event_date", None),
        ({"location": {"kelurahan": "99.99.99.9999"}}, "location.kelurahan", "unknown_wilayah"),
        ({"location": {"kelurahan": WAJO, "rw": "999"}}, "location.rw", "unknown_wilayah"),
        ({"location": {"kelurahan": WAJO, "lat": 91, "lng": 1}}, "location.lat", None),
        ({"location": {"kelurahan": WAJO, "lat": -5.4}}, "location.lat", None),
        ({"location": {"address": "x" * 301}}, "location.address", "string_too_long"),
        ({"reporter": {"name": "A"}}, "reporter", "contact_required"),
        ({"reporter": {"phone": "12"}}, "reporter.phone", "invalid_phone"),
        ({"reporter": {"email": "not-an-email"}}, "reporter.email", "invalid_email"),
        ({"reporter": {"phone": "0812" * 10}}, "reporter.phone", "string_too_long"),
        ({"anonim": "maybe"}, "anonim", None),
    ],
)
def test_a_bad_field_is_refused_with_its_name_and_nothing_is_stored(client, change, field, code) -> None:
    data = body(**change)
    data = {k: v for k, v in data.items() if v is not None}
    before = Report.objects.count()

    response = post(client, data)

    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert any(e["field"] == field and (code is None or e["code"] == code) for e in errors), errors
    assert Report.objects.count() == before


def test_a_body_that_is_not_json_is_a_400(client) -> None:
    response = client.post("/api/v1/reports", data="{nope", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "bad_json"


def test_a_script_posing_as_a_photo_is_refused_and_nothing_is_stored(client) -> None:
    script = io.BytesIO(b"#!/bin/sh\nrm -rf /\n")
    script.name = "photo.jpg"
    before = (Report.objects.count(), ReportPhoto.objects.count())

    response = client.post("/api/v1/reports", data={"data": json.dumps(body()), "photos": [script]})

    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "not_an_image"
    assert (Report.objects.count(), ReportPhoto.objects.count()) == before


def test_an_11_mb_photo_is_413_and_nothing_is_stored(client) -> None:
    big = io.BytesIO(jpeg_bytes() + b"\0" * (11 * 1024 * 1024))
    big.name = "big.jpg"
    before = Report.objects.count()

    response = client.post("/api/v1/reports", data={"data": json.dumps(body()), "photos": [big]})

    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "photos.0"
    assert Report.objects.count() == before


def test_four_photos_are_refused(client) -> None:
    files = []
    for index in range(4):
        upload = io.BytesIO(jpeg_bytes())
        upload.name = f"p{index}.jpg"
        files.append(upload)

    response = client.post("/api/v1/reports", data={"data": json.dumps(body()), "photos": files})

    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "too_many"


def test_a_burst_from_one_contact_is_refused_with_429(client, settings) -> None:
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 2
    for _ in range(2):
        assert post(client, body()).status_code == 201

    response = post(client, body())

    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "rate_limited"


def test_a_burst_from_one_address_is_refused_with_429(client, settings) -> None:
    settings.SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR = 1
    assert post(client, body()).status_code == 201

    response = post(client, body(reporter={"phone": "081299998888"}))

    assert response.status_code == 429


def test_the_public_view_hides_an_anonim_reporters_name(client) -> None:
    report = make_report(anonim=True)

    view = client.get(f"/api/v1/reports/{report.tracking_id}").json()

    assert "reporter_name" not in view
    assert "Wa Ode Sitti" not in json.dumps(view)
    assert "sitti@example.com" not in json.dumps(view)
    assert view["received_at"].endswith("+08:00")


def test_a_rahasia_report_is_404_without_its_token_and_visible_with_it(client) -> None:
    report = make_report(rahasia=True)

    assert client.get(f"/api/v1/reports/{report.tracking_id}").status_code == 404
    with_token = client.get(f"/api/v1/reports/{report.tracking_id}", {"token": report.reporter_token})
    assert with_token.status_code == 200


def test_an_unknown_tracking_id_is_404_with_the_error_shape(client) -> None:
    response = client.get("/api/v1/reports/BBU-ZZZZZZ")

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_categories_list_codes_names_and_examples(client) -> None:
    categories = client.get("/api/v1/categories").json()

    assert any(c["code"] == "jalan_rusak" for c in categories)


def test_wilayah_without_parent_lists_the_citys_kecamatan_and_with_parent_its_children(client) -> None:
    kecamatan = client.get("/api/v1/wilayah").json()
    kelurahan = client.get("/api/v1/wilayah", {"parent": "74.72.06"}).json()

    assert len(kecamatan) == 8
    assert any(k["code"] == WAJO for k in kelurahan)
    assert client.get("/api/v1/wilayah", {"parent": "00.00"}).status_code == 404


def test_the_reporter_adds_nothing_with_a_wrong_token(client) -> None:
    report = make_report()

    response = client.post(f"/api/v1/reports/{report.tracking_id}/reporter/confirm",
                           data=json.dumps({"token": "wrong"}), content_type="application/json")

    assert response.status_code == 403


def test_the_reporter_cannot_confirm_a_report_that_is_not_resolved(client) -> None:
    report = make_report()

    response = client.post(f"/api/v1/reports/{report.tracking_id}/reporter/confirm",
                           data=json.dumps({"token": report.reporter_token}), content_type="application/json")

    assert response.status_code == 409


def test_public_view_never_names_the_reporter_even_when_not_anonim(client) -> None:
    report = make_report(anonim=False)

    body = client.get(f"/api/v1/reports/{report.tracking_id}").content.decode()

    assert "Wa Ode Sitti" not in body
    assert "+6281234500001" not in body


def test_public_view_of_an_anonim_report_hides_the_exact_point(client) -> None:
    from decimal import Decimal

    report = make_report(anonim=True, lat=Decimal("-5.47"), lng=Decimal("122.6"))

    view = client.get(f"/api/v1/reports/{report.tracking_id}").json()

    assert view["location"]["lat"] is None and view["location"]["lng"] is None
