"""Builders for test data that go through the real actions (no hand-made state)."""

from __future__ import annotations

import io
import random
import struct
import zlib
from datetime import datetime
from typing import Any

from PIL import Image

from sigap.reports import actions
from sigap.reports.models import Category, Report
from sigap.reports.photos import CleanPhoto, clean_photo
from sigap.wilayah.models import Wilayah

WAJO = "74.72.06.1007"


def jpeg_bytes(size: tuple[int, int] = (80, 60), exif_gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    buffer = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "S", 2: (5.0, 28.0, 0.0), 3: "E", 4: (122.0, 36.0, 0.0)}  # GPS IFD
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def png_bomb(width: int = 8000, height: int = 7375) -> bytes:
    """A valid 1-bit PNG of width × height pixels (59 MP by default) that is a few KB on the wire: all white rows
    compress to almost nothing, decoding them does not. Written chunk by chunk, never holding the pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter byte "none", then the row's bits
    packer = zlib.compressobj(9)
    compressed = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")


def photo() -> CleanPhoto:
    return clean_photo(io.BytesIO(jpeg_bytes()))


def make_report(*, category: str = "jalan_rusak", now: datetime | None = None, rng: random.Random | None = None,
                **overrides: Any) -> Report:
    kelurahan = Wilayah.objects.get(code=WAJO)
    rw = Wilayah.objects.get(code=f"{WAJO}/RW001")
    rt = Wilayah.objects.get(code=f"{WAJO}/RW001/RT001")
    fields: dict[str, Any] = {
        "kind": "pengaduan",
        "category": Category.objects.get(code=category),
        "title": "Jalan berlubang di depan pasar",
        "description": "Lubang besar, sudah dua minggu, berbahaya untuk motor.",
        "kelurahan": kelurahan,
        "rw": rw,
        "rt": rt,
        "reporter_name": "Wa Ode Sitti",
        "reporter_phone": "+6281234500001",
        "reporter_email": "sitti@example.com",
    }
    fields.update(overrides)
    return actions.submit_report(draft=actions.ReportDraft(**fields), now=now, rng=rng)
