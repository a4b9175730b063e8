"""Photos that cost more to decode than they weigh: refused from the header, and never for a client already refused."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from django.core.cache import cache
from PIL import Image

from sigap.core.errors import InvalidInput
from sigap.reports.models import Report
from sigap.reports.photos import clean_photo
from sigap.web import form_token
from tests.factories import WAJO, jpeg_bytes, png_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return png_bomb()  # 8000 × 7375 = 59 MP, about 15 KB


def _upload(content: bytes, name: str = "foto.png") -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "pengaduan", "category": "jalan_rusak", "kecamatan": "74.72.06", "kelurahan": WAJO,
        "title": "Jalan berlubang di Wajo", "description": "Lubang besar di depan pasar.", "name": "La Ode",
        "phone": "0812 3456 7891", "email": "", "website": "", "form_token": form_token.issue(),
    }
    data.update(overrides)
    return data


def test_a_small_png_of_59_megapixels_is_refused_from_its_header_without_decoding(bomb: bytes) -> None:
    # Given a PNG of a few KB that claims 59 MP (decoding it costs about a second of CPU and 180 MB)
    assert len(bomb) < 20_000
    started = time.process_time()

    # When it is cleaned, then it is refused for its pixel count
    with pytest.raises(InvalidInput) as refused:
        clean_photo(_upload(bomb), field="photos")

    # And fast: the header was read, the pixels were not
    assert refused.value.code == "too_many_pixels"
    assert time.process_time() - started < 0.15


def test_the_web_form_refuses_a_photo_bomb_in_indonesian_and_keeps_what_was_typed(client, bomb: bytes) -> None:
    response = client.post("/lapor/", {**form_data(), "photos": [_upload(bomb)]})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Resolusi foto terlalu besar (8000 × 7375 piksel)" in page
    assert 'value="Jalan berlubang di Wajo"' in page
    assert not Report.objects.filter(title="Jalan berlubang di Wajo").exists()


def test_a_client_refused_by_the_rate_limit_is_refused_before_its_photos_are_decoded(client, settings,
                                                                                     bomb: bytes) -> None:
    # Given a contact that used up its daily limit
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 1
    assert client.post("/lapor/", form_data()).status_code == 302

    # When it sends three photo bombs
    response = client.post("/lapor/", {**form_data(), "photos": [_upload(bomb) for _ in range(3)]})

    # Then the answer is the rate limit, not the photos': they were never looked at
    page = response.content.decode()
    assert response.status_code == 429
    assert "Resolusi foto" not in page


def test_the_api_refuses_a_photo_bomb_naming_the_photo(client, bomb: bytes) -> None:
    data = {"kind": "pengaduan", "category": "jalan_rusak", "title": "Jalan berlubang",
            "description": "Lubang besar.", "location": {"kelurahan": WAJO}, "anonim": False, "rahasia": False,
            "reporter": {"name": "Wa Ode", "phone": "081234567890"}}

    response = client.post("/api/v1/reports", data={"data": json.dumps(data), "photos": [_upload(bomb)]})

    error = response.json()["errors"][0]
    assert response.status_code == 422
    assert (error["field"], error["code"]) == ("photos.0", "too_many_pixels")


def test_a_large_jpeg_is_kept_downscaled_to_1600_pixels_on_its_long_edge() -> None:
    cleaned = clean_photo(_upload(jpeg_bytes(size=(4000, 3000)), name="foto.jpg"))

    assert (cleaned.width, cleaned.height) == (1600, 1200)
    assert Image.open(io.BytesIO(cleaned.content.read())).size == (1600, 1200)


def test_a_jpeg_from_a_50_megapixel_phone_camera_is_accepted() -> None:
    # 8160 × 6144 is what 50 MP phone sensors write in full-resolution mode (grey keeps the test's memory small)
    buffer = io.BytesIO()
    Image.new("L", (8160, 6144), 128).save(buffer, format="JPEG", quality=50)

    cleaned = clean_photo(_upload(buffer.getvalue(), name="foto.jpg"))

    assert (cleaned.width, cleaned.height) == (1600, 1205)


def test_a_png_is_decoded_whole_so_it_may_have_fewer_pixels_than_a_camera_jpeg() -> None:
    # Given a PNG of 16 MP: fine as a JPEG (decoded reduced), too much as a PNG (4 bytes a pixel, decoded whole)
    with pytest.raises(InvalidInput) as refused:
        clean_photo(_upload(png_bomb(4900, 3300)))

    assert refused.value.code == "too_many_pixels"
    assert "12 megapiksel" in refused.value.message


def test_a_large_jpeg_taken_sideways_is_still_turned_upright_after_reduced_decoding() -> None:
    # Given a 4000 × 2000 JPEG whose EXIF says "rotate 90°" (how phones store portrait photos)
    image, exif, buffer = Image.new("RGB", (4000, 2000), (1, 2, 3)), Image.Exif(), io.BytesIO()
    exif[0x0112] = 6
    image.save(buffer, format="JPEG", exif=exif)

    cleaned = clean_photo(_upload(buffer.getvalue(), name="foto.jpg"))

    assert (cleaned.width, cleaned.height) == (800, 1600)
