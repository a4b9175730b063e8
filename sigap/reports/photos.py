"""Photos from phones: check they are real images, downscale, and strip EXIF (including GPS)."""

from __future__ import annotations

import io
import math
import threading
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from sigap.core.errors import InvalidInput

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_EDGE_PIXELS = 1600
# What a phone camera makes at most in its full-resolution mode (50 MP sensors: 8160 × 6144). A file claiming more is
# refused from its header, before a single pixel is decoded: a 7 KB PNG can claim 59 MP and cost 180 MB to decode.
MAX_SOURCE_PIXELS = 52_000_000
# JPEG is decoded reduced (libjpeg scales by 1/2 to 1/8 while decoding); other formats are decoded whole, at 4 bytes a
# pixel, so they get a lower cap: screenshots and edited pictures, not camera output, come as PNG, WebP or GIF, and
# 12 MP (4000 × 3000) is more than any phone screen. Measured: a 50 MP JPEG costs a worker about 35 MB to clean, a
# 24 MP PNG 125 MB, a 12 MP PNG 75 MB (benchmarks/photo_bomb.py has the whole-server figures).
REDUCED_DECODE_FORMATS = {"JPEG", "MPO"}
MAX_WHOLE_DECODE_PIXELS = 12_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}
# Decoding is the one step whose memory grows with what a stranger sends; one decode at a time per process keeps a
# worker's peak to one photo's worth whatever the thread count (gunicorn's gthread workers run 4 requests at once).
_DECODING = threading.BoundedSemaphore(1)


@dataclass(frozen=True)
class CleanPhoto:
    content: ContentFile
    width: int
    height: int
    size: int


def clean_photo(source: IO[bytes], *, field: str = "photo", size: int | None = None) -> CleanPhoto:
    """Return a downscaled JPEG without metadata, or raise InvalidInput saying what is wrong."""
    if size is None:
        source.seek(0, io.SEEK_END)
        size = source.tell()
    source.seek(0)
    if size > MAX_UPLOAD_BYTES:
        raise InvalidInput(_("The photo is larger than 10 MB."), field=field, code="too_large")
    if size == 0:
        raise InvalidInput(_("The photo is empty."), field=field, code="empty")
    try:
        with Image.open(source) as probe:  # reads the header only
            if probe.format not in ALLOWED_FORMATS:
                raise InvalidInput(_("The file is not a photo (JPEG, PNG or WebP)."), field=field,
                                   code="not_an_image")
            limit = MAX_SOURCE_PIXELS if probe.format in REDUCED_DECODE_FORMATS else MAX_WHOLE_DECODE_PIXELS
            if probe.width * probe.height > limit:
                raise InvalidInput(
                    _("The photo is too large (%(width)d × %(height)d pixels). Send a photo of at most "
                      "%(megapixels)d megapixels, as a phone camera takes it.")
                    % {"width": probe.width, "height": probe.height, "megapixels": limit // 1_000_000},
                    field=field, code="too_many_pixels")
            probe.verify()
        source.seek(0)
        with _DECODING:
            buffer, clean = _downscaled_jpeg(source)
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError) as error:
        raise InvalidInput(_("The file is not a photo (JPEG, PNG or WebP)."), field=field,
                           code="not_an_image") from error
    data = buffer.getvalue()
    return CleanPhoto(
        content=ContentFile(data, name=f"{uuid.uuid4().hex}.jpg"), width=clean.width, height=clean.height,
        size=len(data),
    )


def _downscaled_jpeg(source: IO[bytes]) -> tuple[io.BytesIO, Image.Image]:
    with Image.open(source) as opened:
        # A JPEG larger than what is kept is decoded at 1/2, 1/4 or 1/8 scale by libjpeg itself (draft), so a 50 MP
        # photo costs a few MB, not 150; other formats decode whole and are reduced at once, before any copy.
        width, height = opened.size
        factor = max(width, height) / MAX_EDGE_PIXELS
        if factor > 1:
            opened.draft("RGB", (math.ceil(width / factor), math.ceil(height / factor)))
        opened.thumbnail((MAX_EDGE_PIXELS, MAX_EDGE_PIXELS))
        image: Image.Image = ImageOps.exif_transpose(opened).convert("RGB")
        # A fresh image carries no EXIF, XMP or GPS: only pixels are copied.
        clean = Image.new("RGB", image.size)
        clean.paste(image)
        buffer = io.BytesIO()
        clean.save(buffer, format="JPEG", quality=80, optimize=True)
    return buffer, clean
