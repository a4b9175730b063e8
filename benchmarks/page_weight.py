"""Page weight of the citizen pages in Chromium: bytes transferred (compressed, incl. CSS and JS) and requests.

Run: .venv/bin/python benchmarks/page_weight.py
Starts gunicorn with production settings (DEBUG=0, compressed static files) on a throwaway SQLite database,
files one report through the API, then loads the report form and its tracking page with JavaScript on.
Target: <= 60 KB and a handful of requests per page; the form needs no JavaScript to complete a report.
The form's optional map loads its script only when opened; that extra is printed on its own line.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py would shadow the standard library's calendar: take this folder off the path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

ROOT = _HERE.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def weigh(page: Any, url: str) -> tuple[int, int]:
    responses: list[Any] = []

    def record(request: Any) -> None:
        responses.append(request)

    page.on("requestfinished", record)
    page.goto(url, wait_until="networkidle")
    total = 0
    for request in responses:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total, len(responses)


def weigh_map(page: Any, base: str) -> tuple[int, int]:
    """What opening the form's optional map adds after the page has loaded: our bytes (the map script, fetched only
    now) and how many tiles it asks for. Tiles are the tile server's weight, not this page's, and are not counted."""
    ours: list[Any] = []
    tiles: list[Any] = []

    def record(request: Any) -> None:
        (ours if request.url.startswith(base) else tiles).append(request)

    page.on("requestfinished", record)
    page.on("requestfailed", record)
    page.click("#point summary")
    page.wait_for_function("() => window.SigapMap && (document.getElementById('point-map-wrap').hidden || "
                           "Array.from(document.querySelectorAll('#point-map img')).every(img => img.complete))")
    total = 0
    for request in ours:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total, len(tiles)


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = 18741
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "SIGAP_VAR_DIR": var, "DATABASE_URL": f"sqlite:///{var}/db.sqlite3", "DEBUG": "0",
               "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
               "SIGAP_DEMO_MODE": "0", "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING",
               # Tiles from a closed local port: the map asks for them (counted), none is fetched from outside.
               "SIGAP_TILE_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png"}
        for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["seed_demo", "--reports", "0"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b",
                                   f"127.0.0.1:{port}", "-w", "1", "--log-level", "warning"], cwd=ROOT, env=env)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    body = json.dumps({"kind": "pengaduan", "category": "jalan_rusak", "title": "Jalan berlubang",
                                       "description": "Lubang besar.", "location": {"kelurahan": "74.72.06.1007"},
                                       "reporter": {"phone": "081234567890"}})
                    conn.request("POST", "/api/v1/reports", body=body, headers={"Content-Type": "application/json"})
                    tracking_id = json.loads(conn.getresponse().read())["tracking_id"]
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            base = f"http://127.0.0.1:{port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for name, path in (("report form /lapor/", "/lapor/"), ("tracking page", f"/lacak/{tracking_id}"),
                                   ("home", "/")):
                    page = browser.new_context(extra_http_headers={"Accept-Encoding": "gzip, br"}).new_page()
                    size, count = weigh(page, base + path)
                    verdict = "OK" if size <= 60 * 1024 else "OVER"
                    print(f"{name:22s} {size / 1024:6.1f} KB transferred, {count} requests  [{verdict} <= 60 KB]")
                    if path == "/lapor/":
                        extra, tiles = weigh_map(page, base)
                        print(f"{'  + opening its map':22s} {extra / 1024:6.1f} KB more (the map script), "
                              f"{tiles} tiles asked of the tile server (not counted)")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
