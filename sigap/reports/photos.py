"""Photos from phones: check they are real images, downscale, and strip EXIF (including GPS)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from sigap.core.errors import InvalidInput

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_EDGE_PIXELS = 1600
MAX_SOURCE_PIXELS = 60_000_000  # refuses decompression bombs before decoding
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF", "MPO"}


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
        with Image.open(source) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise InvalidInput(_("The file is not a photo (JPEG, PNG or WebP)."), field=field,
                                   code="not_an_image")
            if probe.width * probe.height > MAX_SOURCE_PIXELS:
                raise InvalidInput(_("The photo has too many pixels."), field=field, code="too_large")
            probe.verify()
        source.seek(0)
        with Image.open(source) as opened:
            image: Image.Image = ImageOps.exif_transpose(opened).convert("RGB")
            image.thumbnail((MAX_EDGE_PIXELS, MAX_EDGE_PIXELS))
            # A fresh image carries no EXIF, XMP or GPS: only pixels are copied.
            clean = Image.new("RGB", image.size)
            clean.paste(image)
            buffer = io.BytesIO()
            clean.save(buffer, format="JPEG", quality=80, optimize=True)
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
