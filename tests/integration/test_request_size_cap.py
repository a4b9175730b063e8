"""An oversized request is refused from its Content-Length with a 413 in the caller's language and format, before a
byte of its body is read (Django would otherwise spool a 300 MB upload to disk first)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from sigap.reports.models import Report

pytestmark = pytest.mark.django_db

THREE_HUNDRED_MB = str(300 * 1024 * 1024)


class SocketStream(io.RawIOBase):
    """Stands in for the client's socket: a 300 MB body that counts how much of it the server read."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.read_bytes += len(buffer)
        buffer[:] = b"\0" * len(buffer)
        return len(buffer)


def _serve(path: str, stream: SocketStream) -> tuple[str, bytes]:
    environ = RequestFactory()._base_environ(  # the WSGI environ gunicorn would hand Django
        PATH_INFO=path, REQUEST_METHOD="POST", CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=THREE_HUNDRED_MB, **{"wsgi.input": stream})
    answered: list[str] = []
    body = b"".join(WSGIHandler()(environ, lambda status, headers: answered.append(status)))
    return answered[0], body


def test_a_300_mb_upload_is_refused_before_its_body_is_read() -> None:
    # Given a client announcing a 300 MB form post
    stream = SocketStream()

    # When Django gets it
    status, body = _serve("/lapor/", stream)

    # Then it answers 413 without reading the body
    assert status.startswith("413")
    assert stream.read_bytes == 0
    assert "Kiriman Anda terlalu besar" in body.decode()


def test_the_413_page_is_in_indonesian_with_the_sites_navigation(client) -> None:
    response = client.post("/lapor/", {"title": "x"}, CONTENT_LENGTH=THREE_HUNDRED_MB)

    page = response.content.decode()
    assert response.status_code == 413
    assert "Batasnya 32 MB untuk satu kiriman" in page
    assert 'href="/"' in page


def test_the_413_page_is_in_english_for_an_english_reader(client) -> None:
    response = client.post("/lapor/", {"title": "x"}, CONTENT_LENGTH=THREE_HUNDRED_MB, HTTP_ACCEPT_LANGUAGE="en")

    assert "The limit is 32 MB for one submission" in response.content.decode()


def test_the_api_answers_an_oversized_request_with_its_error_list(client) -> None:
    response = client.post("/api/v1/reports", data="{}", content_type="application/json",
                           CONTENT_LENGTH=THREE_HUNDRED_MB)

    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "too_large"


def test_open311_answers_an_oversized_request_with_the_specs_error_list(client) -> None:
    response = client.post("/open311/v2/requests.json", {"service_code": "x"}, CONTENT_LENGTH=THREE_HUNDRED_MB)

    assert response.status_code == 413
    assert response.json() == [{"code": 413, "description": response.json()[0]["description"]}]


def test_a_request_just_under_the_cap_is_handled_as_usual(client, settings) -> None:
    # Given a cap of 64 KB and a form post of a little less
    settings.SIGAP_MAX_REQUEST_BYTES = 64 * 1024
    before = Report.objects.count()

    response = client.post("/lapor/", {"title": "x" * 60_000})

    # Then the form answers (here: the missing fields), not the cap
    assert response.status_code == 400
    assert "terlalu besar" not in response.content.decode()
    assert Report.objects.count() == before


def test_the_cap_is_the_setting(client, settings) -> None:
    settings.SIGAP_MAX_REQUEST_BYTES = 64 * 1024

    response = client.post("/lapor/", {"title": "x" * 70_000})

    assert response.status_code == 413
