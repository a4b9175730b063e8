"""Sigap behind nginx, started from deploy/'s very files: what an operator gets on a Debian 12 machine.

One stack per module (rendered templates, throwaway certificate, nginx + gunicorn + db_worker on loopback ports, a
SQLite database in the temp directory); each test checks one thing over HTTPS verified against that certificate.
Skipped when nginx is not installed, unless SIGAP_REQUIRE_NGINX=1 (CI), where a missing nginx fails.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.stack import NGINX, Stack, running_stack, wait_until
from tests.factories import WAJO

pytestmark = pytest.mark.deploy

if not (Path(NGINX).exists() and shutil.which("openssl")):
    if os.environ.get("SIGAP_REQUIRE_NGINX") == "1":
        raise RuntimeError(f"SIGAP_REQUIRE_NGINX=1 but nginx ({NGINX}) or openssl is missing: apt-get install nginx")
    pytest.skip("nginx or openssl is not installed (Debian: apt-get install nginx); SIGAP_REQUIRE_NGINX=1 makes "
                "this an error", allow_module_level=True)

@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="sigap-deploy-"))
    try:
        with running_stack(base) as running:
            print(f"\n[deploy] stack up in {time.monotonic() - started:.1f} s")
            yield running
    finally:
        print(f"\n[deploy] whole module {time.monotonic() - started:.1f} s")
        shutil.rmtree(base, ignore_errors=True)


def get(stack: Stack, path: str, source: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    connection = stack.https(source)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def file_report(stack: Stack, source: str, phone: str, forwarded_for: str = "") -> tuple[int, dict[str, Any]]:
    body = {"kind": "pengaduan", "category": "jalan_rusak", "title": "Jalan berlubang",
            "description": "Lubang besar di depan pasar.", "location": {"kelurahan": WAJO},
            "anonim": False, "rahasia": False, "reporter": {"name": "Wa Ode", "phone": phone}}
    headers = {"Content-Type": "application/json"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    connection = stack.https(source)
    try:
        connection.request("POST", "/api/v1/reports", body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def gunicorn_requests(stack: Stack) -> str:
    return stack.gunicorn_access_log.read_text(encoding="utf-8") if stack.gunicorn_access_log.exists() else ""


def test_pages_are_served_over_https_as_secure_requests(stack: Stack) -> None:
    # when a citizen opens the home page and the report form over HTTPS
    home = get(stack, "/")
    form = get(stack, "/lapor/")

    # then both render, and Django saw HTTPS through X-Forwarded-Proto (it sends HSTS only on secure requests)
    assert home[0] == 200 and form[0] == 200, (home[0], form[0])
    assert b"Sigap" in home[2]
    assert "max-age=31536000" in form[1]["strict-transport-security"]


def test_a_hashed_static_file_is_served_by_nginx_with_a_year_long_cache(stack: Stack) -> None:
    # given collectstatic's manifest of hashed names
    manifest = json.loads((stack.var / "staticfiles" / "staticfiles.json").read_text())["paths"]
    plain, hashed = next((k, v) for k, v in manifest.items() if k.endswith(".css"))

    # when the hashed and the plain name are fetched
    status, headers, _ = get(stack, f"/static/{hashed}")
    plain_status, plain_headers, _ = get(stack, f"/static/{plain}")

    # then the hashed one is cached for a year and immutable, the plain one a day, and neither reached gunicorn
    assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
    assert plain_status == 200 and plain_headers["cache-control"] == "max-age=86400"
    assert "/static/" not in gunicorn_requests(stack)


def test_uploaded_media_is_never_served_from_disk(stack: Stack) -> None:
    # given a photo file in MEDIA_ROOT
    photo = Path(stack.env["MEDIA_ROOT"]) / "photos" / "2026" / "12" / "secret.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 not for everyone")

    # when anyone asks for it by its path
    status, _, body = get(stack, "/media/photos/2026/12/secret.jpg")

    # then nginx says it does not exist (photos go through Sigap's access-checked views)
    assert status == 404 and b"not for everyone" not in body


def test_each_client_behind_nginx_has_its_own_rate_limit_bucket(stack: Stack) -> None:
    # given one report an hour per address, and a citizen at 127.0.0.2 who has filed one
    first, _ = file_report(stack, "127.0.0.2", "081211110001")

    # when the same citizen files again, and another citizen at 127.0.0.3 files for the first time
    again, refusal = file_report(stack, "127.0.0.2", "081211110002")
    other, _ = file_report(stack, "127.0.0.3", "081211110003")

    # then the limit counted per citizen (nginx's X-Forwarded-For, trusted from 127.0.0.1), not per proxy
    assert (first, again, other) == (201, 429, 201), refusal


def test_a_client_cannot_pick_another_bucket_by_sending_its_own_forwarded_for(stack: Stack) -> None:
    # given a citizen at 127.0.0.4 who has used up their hour
    assert file_report(stack, "127.0.0.4", "081211110004")[0] == 201

    # when they claim to be someone else in their own X-Forwarded-For
    status, _ = file_report(stack, "127.0.0.4", "081211110005", forwarded_for="198.51.100.77")

    # then nginx appended the address it saw, Sigap read that one, and the limit holds
    assert status == 429


def test_the_worker_sends_the_receipt_of_a_report_filed_through_the_proxy(stack: Stack) -> None:
    # when a citizen files a report with a WhatsApp number
    status, created = file_report(stack, "127.0.0.5", "081211110006")
    assert status == 201, created
    tracking_id = created["tracking_id"]

    # then the db_worker (not the web process) hands the receipt to the provider and the outbox row is sent
    def receipt() -> dict[str, Any] | None:
        if not stack.receipts_log.exists():
            return None
        entries = [json.loads(line) for line in stack.receipts_log.read_text().splitlines() if line.strip()]
        return next((e for e in entries if tracking_id in e["body"] and e["template"] == "report_received"), None)

    def outbox_statuses() -> set[str]:
        with closing(sqlite3.connect(stack.env["DATABASE_URL"].removeprefix("sqlite:///"))) as db:
            return {row[0] for row in db.execute(
                "SELECT status FROM notifications_notification WHERE template = 'report_received' AND context LIKE ?",
                (f"%{tracking_id}%",))}

    # (the provider has the message a moment before the worker records its answer)
    wait_until(lambda: receipt() and outbox_statuses() == {"sent"}, 45, f"the receipt of {tracking_id} to be sent")
    sent = receipt()
    assert sent is not None and sent["delivered"] and sent["to"] == "+6281211110006"
    assert sent["pid"] == stack.processes["worker"].pid


def test_an_oversized_upload_is_refused_by_nginx_before_gunicorn(stack: Stack) -> None:
    # given gunicorn's access log showing a report filed through nginx, and a request that announces one byte more
    # than SIGAP_MAX_REQUEST_BYTES
    assert file_report(stack, "127.0.0.7", "081211110007")[0] == 201
    assert "POST /api/v1/reports" in gunicorn_requests(stack)
    too_large = int(stack.env["SIGAP_MAX_REQUEST_BYTES"]) + 1
    connection = stack.https("127.0.0.6")
    try:
        connection.putrequest("POST", "/api/v1/reports?probe=oversized-upload")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(too_large))
        connection.endheaders()
        connection.send(b"x" * 65536)  # nginx answers from the header; the rest is never sent

        # when nginx answers
        response = connection.getresponse()
        status, server = response.status, response.getheader("Server", "")
    finally:
        connection.close()

    # then it is nginx's 413, and gunicorn never saw the request (its access log logs every other one)
    assert status == 413 and server.startswith("nginx")
    assert "client intended to send too large body" in stack.nginx_error_log.read_text()
    assert "oversized-upload" not in gunicorn_requests(stack)


def test_health_checks_and_certificate_challenges_answer_over_plain_http_without_redirect(stack: Stack) -> None:
    # given a Let's Encrypt challenge file certbot wrote
    challenge = stack.base / "acme" / ".well-known" / "acme-challenge" / "token-1"
    challenge.parent.mkdir(parents=True)
    challenge.write_text("token-1.thumbprint")

    # when a load balancer probes over plain HTTP (and Let's Encrypt fetches its challenge)
    answers = {}
    for path in ("/healthz", "/readyz", "/lapor/", "/.well-known/acme-challenge/token-1"):
        connection = stack.http()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            answers[path] = (response.status, response.getheader("Location", ""), response.read())
        finally:
            connection.close()

    probe = stack.http()
    try:
        probe.request("GET", "/healthz", headers={"Host": "10.20.30.40"})  # a load balancer knows only an address
        by_address = probe.getresponse().status
    finally:
        probe.close()

    # then the health endpoints answer 200 there (by address too), the database is ready, and every other page
    # moves to HTTPS
    assert answers["/healthz"][0] == 200 and by_address == 200
    assert answers["/readyz"][0] == 200 and json.loads(answers["/readyz"][2])["checks"]["database"]["status"] == "ok"
    assert answers["/lapor/"][:2] == (301, "https://127.0.0.1/lapor/")
    assert answers["/.well-known/acme-challenge/token-1"][0::2] == (200, b"token-1.thumbprint")


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/etc/nginx/nginx.conf").exists(),
                    reason="needs Debian's /etc/nginx/nginx.conf and root (nginx -t opens its logs)")
def test_the_site_is_valid_inside_debians_own_nginx_conf(stack: Stack, tmp_path: Path) -> None:
    # given Debian's nginx.conf with our rendered site in place of sites-enabled (and nothing else of the machine's)
    debian = Path("/etc/nginx/nginx.conf").read_text()
    assert "include /etc/nginx/sites-enabled/*;" in debian
    site = stack.rendered / "nginx" / "sigap.conf"
    conf = tmp_path / "nginx.conf"
    conf.write_text(debian.replace("include /etc/nginx/sites-enabled/*;", f"include {site};")
                    .replace("include /etc/nginx/conf.d/*.conf;", ""))

    # when nginx checks it
    checked = subprocess.run([NGINX, "-t", "-c", str(conf)], capture_output=True, text=True, timeout=30, check=False)

    # then it is accepted as the operator will install it
    assert checked.returncode == 0, checked.stderr
