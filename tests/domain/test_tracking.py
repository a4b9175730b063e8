from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.domain.tracking import ALPHABET, is_tracking_id, new_tracking_id, normalize_tracking_id


def test_new_id_is_prefix_dash_six_characters() -> None:
    tracking_id = new_tracking_id(rng=random.Random(7))
    assert tracking_id.startswith("BBU-") and len(tracking_id) == 10


def test_new_id_uses_only_unambiguous_characters() -> None:
    assert set(new_tracking_id(rng=random.Random(1))[4:]) <= set(ALPHABET)


def test_alphabet_has_neither_zero_nor_one_look_alikes() -> None:
    assert not set("0O1IL") & set(ALPHABET)


@pytest.mark.parametrize("pair", ["B8", "S5", "Z2"])
def test_alphabet_keeps_at_most_one_of_each_look_alike_pair(pair: str) -> None:
    assert len(set(pair) & set(ALPHABET)) == 1


def test_seeded_generator_is_reproducible() -> None:
    assert new_tracking_id(rng=random.Random(3)) == new_tracking_id(rng=random.Random(3))


def test_custom_prefix_is_used() -> None:
    assert new_tracking_id("KDI", rng=random.Random(1)).startswith("KDI-")


def test_invalid_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="prefix"):
        new_tracking_id("bb-1")


def test_lowercase_with_spaces_is_normalized() -> None:
    assert normalize_tracking_id("  bbu-7k3q 9m ") == "BBU-7K3Q9M"


def test_missing_dash_is_accepted() -> None:
    assert normalize_tracking_id("BBU7K3Q9M") == "BBU-7K3Q9M"


def test_confusable_character_is_not_guessed() -> None:
    assert normalize_tracking_id("BBU-7K3O9M") is None


def test_wrong_length_is_not_an_id() -> None:
    assert not is_tracking_id("BBU-7K3Q9")


@given(st.randoms(use_true_random=False))
def test_generated_ids_are_their_own_canonical_form(rng: random.Random) -> None:
    tracking_id = new_tracking_id(rng=rng)
    assert normalize_tracking_id(tracking_id) == tracking_id
