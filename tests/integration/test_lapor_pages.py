"""The complaint desk's SP4N-LAPOR! page: the same import and export as the commands, for the desk only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.lapor.models import LaporLink
from tests.integration.lapor_support import complaint, csv_text

pytestmark = pytest.mark.django_db

PAGE = "/petugas/lapor/"


def upload(client, rows: list[list[str]], **extra: str):
    file = SimpleUploadedFile("lapor.csv", csv_text(rows).encode("utf-8"), content_type="text/csv")
    return client.post(PAGE, {"file": file, **extra})


def test_the_desk_imports_a_lapor_file_into_the_queue(client, user, frozen_now) -> None:
    client.force_login(user("verifikator"))

    response = upload(client, [complaint("7170001")])

    assert response.status_code == 200
    report = LaporLink.objects.get(lapor_id="7170001").report
    assert report.tracking_id in response.content.decode()


def test_a_bad_row_is_shown_by_line_and_nothing_is_stored(client, user, frozen_now) -> None:
    client.force_login(user("verifikator"))

    response = upload(client, [complaint("7170002"), complaint("7170003", Kategori="Tidak Ada")])

    assert response.status_code == 422
    assert "line 3: category:" in response.content.decode()
    assert not LaporLink.objects.exists()


def test_a_column_mapping_on_the_page_never_reads_a_file_on_the_server(client, user, frozen_now) -> None:
    client.force_login(user("verifikator"))

    response = upload(client, [complaint("7170004")], columns="/etc/passwd.json")

    assert response.status_code == 422
    assert not LaporLink.objects.exists()


def test_an_officer_of_a_unit_may_not_open_the_page(client, user) -> None:
    client.force_login(user("petugas.pupr"))

    assert client.get(PAGE).status_code == 403


def test_the_desk_downloads_the_month_with_the_lapor_id(client, user, frozen_now) -> None:
    client.force_login(user("verifikator"))
    upload(client, [complaint("7170005")])

    response = client.get(f"{PAGE}unduh", {"month": "2026-11", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lapor-2026-11.csv"'
    assert response["Cache-Control"] == "no-store"
    assert "7170005" in response.content.decode("utf-8-sig")


def test_a_download_without_a_month_is_refused(client, user) -> None:
    client.force_login(user("verifikator"))

    assert client.get(f"{PAGE}unduh", {"month": "bulan ini", "format": "csv"}).status_code == 422
