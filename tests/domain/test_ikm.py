from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.domain.ikm import ELEMENTS, IkmError, compute_ikm, grade_for, krejcie_morgan

# Four respondents, worked by hand:
#   column sums 14 14 11 16 13 13 15 11 11 -> NRR 3.5 3.5 2.75 4 3.25 3.25 3.75 2.75 2.75 (sum 29.5)
#   IKM = 29.5 x 0.111 = 3.2745; converted = 3.2745 x 25 = 81.8625 -> 81.86 -> B, Baik
WORKED = [
    [4, 4, 3, 4, 3, 3, 4, 3, 3],
    [3, 3, 3, 4, 3, 4, 4, 3, 2],
    [3, 4, 2, 4, 3, 3, 3, 3, 3],
    [4, 3, 3, 4, 4, 3, 4, 2, 3],
]
D = Decimal


def test_worked_example_nrr_per_element() -> None:
    expected = ("3.5", "3.5", "2.75", "4", "3.25", "3.25", "3.75", "2.75", "2.75")
    assert compute_ikm(WORKED).nrr == tuple(D(v) for v in expected)


def test_worked_example_weighted_nrr_per_element() -> None:
    expected = ("0.3885", "0.3885", "0.30525", "0.444", "0.36075", "0.36075", "0.41625", "0.30525", "0.30525")
    assert compute_ikm(WORKED).nrr_weighted == tuple(D(v) for v in expected)


def test_worked_example_index_and_grade() -> None:
    result = compute_ikm(WORKED)
    assert (result.respondents, result.ikm, result.converted, result.grade, result.grade_label) == (
        4, D("3.2745"), D("81.86"), "B", "Baik",
    )


def test_nine_elements_in_the_regulation_order() -> None:
    assert [code for code, _ in ELEMENTS] == [f"u{i}" for i in range(1, 10)]


def test_first_element_is_persyaratan() -> None:
    assert ELEMENTS[0] == ("u1", "Persyaratan")


def test_all_fours_score_99_90_sangat_baik() -> None:
    result = compute_ikm([[4] * 9])
    assert (result.converted, result.grade) == (D("99.90"), "A")


def test_all_ones_score_24_98_tidak_baik() -> None:
    result = compute_ikm([[1] * 9])
    assert (result.converted, result.grade, result.grade_label) == (D("24.98"), "D", "Tidak Baik")


@pytest.mark.parametrize(
    ("converted", "grade"),
    [("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"), ("65.00", "C"), ("64.99", "D")],
)
def test_band_edges(converted: str, grade: str) -> None:
    assert grade_for(D(converted))[0] == grade


def test_no_responses_are_refused() -> None:
    with pytest.raises(IkmError, match="no responses"):
        compute_ikm([])


def test_out_of_range_score_names_row_and_element() -> None:
    with pytest.raises(IkmError, match=r"row 1, element u3"):
        compute_ikm([[4] * 9, [4, 4, 5, 4, 4, 4, 4, 4, 4]])


def test_short_row_names_the_row() -> None:
    with pytest.raises(IkmError, match="row 0"):
        compute_ikm([[4] * 8])


def test_krejcie_morgan_gives_383_for_baubau() -> None:
    assert krejcie_morgan(163_793) == 383


@pytest.mark.parametrize(("population", "sample"), [(10, 10), (100, 80), (1000, 278), (10_000, 370)])
def test_krejcie_morgan_matches_the_published_table(population: int, sample: int) -> None:
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_refuses_an_empty_population() -> None:
    with pytest.raises(ValueError, match="population"):
        krejcie_morgan(0)


rows = st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=60)
BANDS = [(D("88.31"), "A"), (D("76.61"), "B"), (D("65.00"), "C"), (D("-1"), "D")]


@given(rows)
def test_converted_score_stays_between_24_975_and_100(responses: list[list[int]]) -> None:
    assert D("24.975") <= compute_ikm(responses).converted <= D("100")


@given(rows)
def test_grade_matches_the_band_of_the_converted_score(responses: list[list[int]]) -> None:
    result = compute_ikm(responses)
    assert result.grade == next(grade for lower, grade in BANDS if result.converted >= lower)
