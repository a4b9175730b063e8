"""A fake tile server on localhost for the map tests: one small PNG for every tile (or 404s when told to fail),
and a record of every path asked, so a test can see which tiles a page wanted."""

from __future__ import annotations

import io
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (214, 228, 214)).save(buffer, format="PNG")
    return buffer.getvalue()


def tile_path(lat: float, lng: float, zoom: int) -> str:
    """The path of the tile that holds a point (the slippy-map scheme), e.g. '/15/27543/16883.png'."""
    n = 2 ** zoom
    s = math.sin(math.radians(lat))
    x = int((lng + 180) / 360 * n)
    y = int((0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n)
    return f"/{zoom}/{x}/{y}.png"


class FakeTileServer:
    def __init__(self, *, fail: bool = False) -> None:
        self.paths: list[str] = []
        self.fail = fail
        png, paths = _png(), self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                paths.append(self.path)
                body = b"" if fail else png
                self.send_response(404 if fail else 200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = self.base + "/{z}/{x}/{y}.png"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeTileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
