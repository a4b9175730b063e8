"""Unit suggestion, the pure parts: informal Indonesian normalised, the threshold, the calibration error."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.domain.routing import (
    choose_threshold,
    expected_calibration_error,
    may_route_alone,
    normalise,
    word_count,
)


def test_capitals_and_punctuation_do_not_change_the_words() -> None:
    assert normalise("JALAN Rusak!!! di Kel. Wameo,") == "jalan rusak di kelurahan wameo"


def test_stretched_letters_are_shortened_but_doubled_ones_stay() -> None:
    assert normalise("rusaaaak parahhh maaf") == "rusak parah maaf"


@pytest.mark.parametrize(("typed", "meant"), [
    ("yg", "yang"), ("tdk", "tidak"), ("gak", "tidak"), ("jln", "jalan"), ("kel", "kelurahan"), ("sdh", "sudah"),
])
def test_chat_abbreviations_are_expanded(typed: str, meant: str) -> None:
    assert normalise(f"lampu {typed} mati") == f"lampu {meant} mati"


def test_a_stretched_abbreviation_is_expanded_too() -> None:
    assert normalise("YYYG rusak") == "yang rusak"


def test_control_characters_do_not_reach_the_features() -> None:
    assert normalise("air\x00 mati") == "air mati"


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text())
def test_the_result_is_lower_case_words_separated_by_single_spaces(text: str) -> None:
    result = normalise(text)
    assert result == result.strip()
    assert "  " not in result
    assert re.search(r"(.)\1\1", result) is None


def test_words_are_counted_without_punctuation() -> None:
    assert word_count("jalan, rusak - parah!") == 3


def test_the_threshold_is_the_lowest_score_whose_rows_above_are_right_enough() -> None:
    scored = [(0.99, True)] * 19 + [(0.9, False)] + [(0.8, True)] * 20 + [(0.5, False)] * 10
    assert choose_threshold(scored, target=0.95, min_support=10) == 0.8


def test_without_enough_rows_above_any_cut_the_threshold_is_one() -> None:
    assert choose_threshold([(0.99, True)] * 5, target=0.95, min_support=20) == 1.0


def test_a_cut_never_splits_rows_of_equal_score() -> None:
    # Above 0.7 with its three rows would be 20/23 right; 0.7 itself cannot be the cut of the first 21.
    scored = [(0.9, True)] * 20 + [(0.7, True), (0.7, False), (0.7, False)]
    assert choose_threshold(scored, target=0.95, min_support=10) == 0.9


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), max_size=200))
def test_precision_at_or_above_the_chosen_threshold_meets_the_target(scored: list[tuple[float, bool]]) -> None:
    threshold = choose_threshold(scored, target=0.95, min_support=5)
    above = [correct for probability, correct in scored if probability >= threshold]
    if threshold < 1.0:
        assert sum(above) / len(above) >= 0.95


def test_a_perfectly_calibrated_model_has_no_calibration_error() -> None:
    scored = [(0.75, True)] * 3 + [(0.75, False)]
    assert expected_calibration_error(scored) == pytest.approx(0.0)


def test_an_overconfident_model_has_the_gap_as_its_error() -> None:
    scored = [(0.95, True), (0.95, False)]
    assert expected_calibration_error(scored) == pytest.approx(0.45)


def test_no_rows_have_no_calibration_error() -> None:
    assert expected_calibration_error([]) == 0.0


def test_a_confident_suggestion_for_a_known_unit_may_stand_alone() -> None:
    assert may_route_alone(text="lampu jalan mati sejak kemarin", unit="DISHUB", probability=0.97,
                           threshold=0.9, auto_units=frozenset({"DISHUB"}))


def test_a_text_under_four_words_never_stands_alone() -> None:
    assert not may_route_alone(text="lampu mati total", unit="DISHUB", probability=0.99, threshold=0.9,
                               auto_units=frozenset({"DISHUB"}))


def test_a_unit_left_out_at_training_never_stands_alone() -> None:
    assert not may_route_alone(text="ada masalah di sekitar rumah saya", unit="LAINNYA", probability=0.99,
                               threshold=0.9, auto_units=frozenset({"DISHUB"}))


def test_a_model_without_a_threshold_never_routes_alone() -> None:
    assert not may_route_alone(text="lampu jalan mati sejak kemarin", unit="DISHUB", probability=1.0,
                               threshold=1.0, auto_units=frozenset({"DISHUB"}))
