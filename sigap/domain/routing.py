"""Suggesting a unit from a complaint's own words: the pure parts (normalisation, threshold, calibration error).

Citizens write informal Indonesian: capitals at random, letters stretched for emphasis ("rusaaak"), and the
abbreviations of chat ("yg", "tdk", "gak", "jln", "kel"). The classifier sees the same complaint the same way
however it was typed, so normalisation happens once here, before any feature is made, in training and in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sigap.domain.text import strip_refused_characters

# Longer texts add nothing to the choice of a unit and only cost time; a description is at most 4000 characters.
MAX_CHARACTERS = 5000
# Below this many words a text says too little to be routed without a person reading it (issue 15).
MIN_WORDS_FOR_AUTO = 4

# Chat spellings and their standard words. Only unambiguous ones: "g" or "dr" (dari or dokter?) stay as typed.
ABBREVIATIONS: dict[str, str] = {
    "yg": "yang",
    "yng": "yang",
    "tdk": "tidak",
    "tak": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "engga": "tidak",
    "enggak": "tidak",
    "ndak": "tidak",
    "jln": "jalan",
    "jl": "jalan",
    "jaln": "jalan",
    "kel": "kelurahan",
    "kec": "kecamatan",
    "kab": "kabupaten",
    "dgn": "dengan",
    "dg": "dengan",
    "sdh": "sudah",
    "udh": "sudah",
    "udah": "sudah",
    "dah": "sudah",
    "blm": "belum",
    "blom": "belum",
    "krn": "karena",
    "karna": "karena",
    "utk": "untuk",
    "untk": "untuk",
    "sy": "saya",
    "sya": "saya",
    "tp": "tapi",
    "tpi": "tapi",
    "sm": "sama",
    "lg": "lagi",
    "jg": "juga",
    "bgt": "banget",
    "dpn": "depan",
    "blkg": "belakang",
    "skrg": "sekarang",
    "skrang": "sekarang",
    "byk": "banyak",
    "bnyk": "banyak",
    "org": "orang",
    "trs": "terus",
    "pd": "pada",
    "bpk": "bapak",
    "tlg": "tolong",
    "mhn": "mohon",
    "rmh": "rumah",
    "sktr": "sekitar",
    "kmrn": "kemarin",
    "hr": "hari",
    "thn": "tahun",
    "bln": "bulan",
    "mgg": "minggu",
    "sampah2": "sampah",
    "dll": "dan lain lain",
    "bbrp": "beberapa",
    "klo": "kalau",
    "kalo": "kalau",
    "gmn": "bagaimana",
    "knp": "kenapa",
}

_TOKEN = re.compile(r"[^\W_]+")
# Three or more of one letter is emphasis ("rusaaak", "tolonggg"); two stay, because Indonesian spells some words
# so (maaf, saat, taat).
_STRETCHED = re.compile(r"(.)\1{2,}")


def normalise(text: str) -> str:
    """The text as the classifier reads it: lower case, words only, stretched letters shortened, chat expanded."""
    cleaned = strip_refused_characters(text[:MAX_CHARACTERS]).lower()
    words: list[str] = []
    for token in _TOKEN.findall(cleaned):
        token = _STRETCHED.sub(r"\1", token)
        words.append(ABBREVIATIONS.get(token, token))
    # A second pass, so an expansion or a shortened run that lands on another token form is already final.
    return " ".join(" ".join(words).split())


def word_count(text: str) -> int:
    return len(_TOKEN.findall(text))


def choose_threshold(scored: Iterable[tuple[float, bool]], *, target: float = 0.95, min_support: int = 20) -> float:
    """The lowest confidence t such that the rows scored at or above t are right at least `target` of the time.

    `scored` is (top-1 probability, was it right) per hold-out row. Lowest t means the most complaints above it.
    With fewer than `min_support` rows above any such t the figure would be luck, so the answer is 1.0 (above
    nothing a calibrated model says).
    """
    ordered = sorted(scored, key=lambda row: row[0], reverse=True)
    best = 1.0
    right = 0
    for index, (probability, correct) in enumerate(ordered, start=1):
        right += bool(correct)
        # Only where the next row has a lower score is this a cut a threshold can make.
        is_cut = index == len(ordered) or ordered[index][0] < probability
        if is_cut and index >= min_support and right / index >= target:
            best = probability
    return best


def expected_calibration_error(scored: Sequence[tuple[float, bool]], *, bins: int = 10) -> float:
    """Expected calibration error of the top-1 probability over `bins` equal-width bins (0 when nothing scored)."""
    if not scored:
        return 0.0
    totals = [0] * bins
    confidence = [0.0] * bins
    right = [0] * bins
    for probability, correct in scored:
        index = min(int(probability * bins), bins - 1)
        totals[index] += 1
        confidence[index] += probability
        right[index] += bool(correct)
    return sum(abs(right[i] - confidence[i]) for i in range(bins) if totals[i]) / len(scored)


def may_route_alone(*, text: str, unit: str, probability: float, threshold: float, auto_units: frozenset[str]) -> bool:
    """True when a suggestion is confident enough to stand without a person choosing among the top three.

    Never for a short text, never for a unit outside `auto_units` (the catch-all labels and units with too few
    examples are left out of it at training), and never when the model found no threshold (1.0).
    """
    return (
        threshold < 1.0 and probability >= threshold and unit in auto_units and word_count(text) >= MIN_WORDS_FOR_AUTO
    )
