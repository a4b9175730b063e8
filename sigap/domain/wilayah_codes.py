"""Territory codes: Kemendagri codes for kota, kecamatan and kelurahan/desa, and city-kept RW/RT suffixes.

`74.72` Kota Baubau, `74.72.06` Kecamatan Murhum, `74.72.06.1007` Kelurahan Wajo; RW and RT have no national
code, so the city appends them: `74.72.06.1007/RW003/RT002`.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Level(StrEnum):
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    RW = "rw"
    RT = "rt"


# Village codes start with 1 (kelurahan), 2 (desa) or, for a few, 3; all are one level in the tree.
_PATTERNS: tuple[tuple[Level, re.Pattern[str]], ...] = (
    (Level.KOTA, re.compile(r"\d{2}\.\d{2}")),
    (Level.KECAMATAN, re.compile(r"\d{2}\.\d{2}\.\d{2}")),
    (Level.KELURAHAN, re.compile(r"\d{2}\.\d{2}\.\d{2}\.[1-9]\d{3}")),
    (Level.RW, re.compile(r"\d{2}\.\d{2}\.\d{2}\.[1-9]\d{3}/RW(?!000)\d{3}")),
    (Level.RT, re.compile(r"\d{2}\.\d{2}\.\d{2}\.[1-9]\d{3}/RW(?!000)\d{3}/RT(?!000)\d{3}")),
)


def level_of(code: str) -> Level:
    for level, pattern in _PATTERNS:
        if pattern.fullmatch(code):
            return level
    raise ValueError(
        f"{code!r} is not a territory code; expected e.g. '74.72', '74.72.06', '74.72.06.1007', "
        "'74.72.06.1007/RW003' or '74.72.06.1007/RW003/RT002'"
    )


def is_valid_code(code: str) -> bool:
    try:
        level_of(code)
    except ValueError:
        return False
    return True


def _suffix(number: int, kind: str) -> str:
    if not 1 <= number <= 999:
        raise ValueError(f"{kind} numbers run from 1 to 999, got {number}")
    return f"/{kind}{number:03d}"


def rw_code(kelurahan_code: str, number: int) -> str:
    if level_of(kelurahan_code) is not Level.KELURAHAN:
        raise ValueError(f"an RW belongs to a kelurahan/desa code, got {kelurahan_code!r}")
    return kelurahan_code + _suffix(number, "RW")


def rt_code(rw_code: str, number: int) -> str:
    if level_of(rw_code) is not Level.RW:
        raise ValueError(f"an RT belongs to an RW code, got {rw_code!r}")
    return rw_code + _suffix(number, "RT")


def parent_code(code: str) -> str | None:
    """The code one level up; None for a kota, whose province is outside Sigap's tree."""
    level = level_of(code)
    if level is Level.KOTA:
        return None
    if level in (Level.RW, Level.RT):
        return code.rsplit("/", 1)[0]
    return code.rsplit(".", 1)[0]
