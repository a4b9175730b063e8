"""Survei Kepuasan Masyarakat: the Indeks Kepuasan Masyarakat of PermenPAN-RB 14/2017.

Per element NRR = sum of scores / respondents; weighted NRR = NRR x 0.111; IKM = sum of weighted NRRs;
converted IKM = IKM x 25, graded A-D. The regulation's weight is the rounded 1/9, so the converted score
runs from 24.975 (all 1s) to 99.9 (all 4s), never exactly 25 or 100. Grading therefore looks only at the lower
bound of each band: the 24.975 minimum rounds to 24.98 and is, like anything under 65.00, a D.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENTS: tuple[tuple[str, str], ...] = (
    ("u1", "Persyaratan"),
    ("u2", "Sistem, mekanisme dan prosedur"),
    ("u3", "Waktu penyelesaian"),
    ("u4", "Biaya/tarif"),
    ("u5", "Produk spesifikasi jenis pelayanan"),
    ("u6", "Kompetensi pelaksana"),
    ("u7", "Perilaku pelaksana"),
    ("u8", "Penanganan pengaduan, saran dan masukan"),
    ("u9", "Sarana dan prasarana"),
)
WEIGHT = Decimal("0.111")
CONVERSION = Decimal(25)
_CENT = Decimal("0.01")

# Lower bounds of the bands on the converted score, best first.
_BANDS: tuple[tuple[Decimal, str, str], ...] = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
)
_LOWEST = ("D", "Tidak Baik")


class IkmError(ValueError):
    """Survey answers that cannot be scored."""


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    nrr: tuple[Decimal, ...]
    nrr_weighted: tuple[Decimal, ...]
    ikm: Decimal
    converted: Decimal
    grade: str
    grade_label: str


def compute_ikm(responses: Sequence[Sequence[int]]) -> IkmResult:
    """The index of one service unit's survey: one row per respondent, one score 1-4 per element.

    NRRs are kept at full precision; only the converted score is rounded (2 places, half up), because the
    grade is read from the rounded figure as published.
    """
    if not responses:
        raise IkmError("no responses: the index needs at least one respondent")
    totals = [0] * len(ELEMENTS)
    for row_index, row in enumerate(responses):
        if len(row) != len(ELEMENTS):
            raise IkmError(f"row {row_index}: expected {len(ELEMENTS)} scores (u1..u9), got {len(row)}")
        for column, score in enumerate(row):
            if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 4:
                code, name = ELEMENTS[column]
                raise IkmError(f"row {row_index}, element {code} ({name}): score must be 1-4, got {score!r}")
            totals[column] += score
    respondents = Decimal(len(responses))
    nrr = tuple(Decimal(total) / respondents for total in totals)
    weighted = tuple(value * WEIGHT for value in nrr)
    ikm = sum(weighted, Decimal(0))
    converted = (ikm * CONVERSION).quantize(_CENT, rounding=ROUND_HALF_UP)
    grade, label = grade_for(converted)
    return IkmResult(len(responses), nrr, weighted, ikm, converted, grade, label)


def grade_for(converted: Decimal) -> tuple[str, str]:
    """(grade, label) of a converted score, read at 2 decimal places as the regulation publishes them."""
    value = Decimal(converted).quantize(_CENT, rounding=ROUND_HALF_UP)
    if not Decimal(0) <= value <= Decimal(100):
        raise IkmError(f"a converted IKM lies between 0 and 100, got {converted}")
    for lower, grade, label in _BANDS:
        if value >= lower:
            return grade, label
    return _LOWEST


_CHI_SQUARE = Fraction("3.841")
_PROPORTION = Fraction(1, 2)
_MARGIN = Fraction(5, 100)


def krejcie_morgan(population: int) -> int:
    """Minimum sample for `population`: s = X²NP(1−P) / (d²(N−1) + X²P(1−P)), X² 3.841, P 0.5, d 0.05.

    Rounded to the nearest whole respondent (halves up), not up: that is what reproduces the figure the domain
    cites, 383 for Baubau's 163,793 (exact value 383.2; a ceiling would give 384) and the published table's
    10 -> 10, 100 -> 80, 1,000 -> 278, 10,000 -> 370.
    """
    if population < 1:
        raise ValueError(f"population must be at least 1, got {population}")
    spread = _CHI_SQUARE * _PROPORTION * (1 - _PROPORTION)
    exact = spread * population / (_MARGIN**2 * (population - 1) + spread)
    whole, rest = divmod(exact, 1)
    return int(whole) + (1 if rest >= Fraction(1, 2) else 0)
