"""Which characters a text may carry: C0 controls (but tab, LF, CR), DEL and lone surrogates are refused."""

from __future__ import annotations

import pytest

from sigap.domain.text import (
    first_refused,
    has_refused_character,
    json_strings,
    strip_refused_characters,
    strip_refused_everywhere,
)


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\x7f", "\ud800", "\udfff"])
def test_control_characters_del_and_lone_surrogates_are_refused(char: str) -> None:
    assert has_refused_character(f"a{char}b")


@pytest.mark.parametrize("text", ["", "Jalan rusak", "a\tb\nc\r\n", "Baubau – émoji 🙂", "\x80\xa0"])
def test_ordinary_text_is_accepted(text: str) -> None:
    assert not has_refused_character(text)


def test_stripping_keeps_tabs_and_newlines_and_drops_the_rest() -> None:
    assert strip_refused_characters("a\x00b\tc\n\x7fd\ud800") == "ab\tc\nd"


def test_stripping_a_document_cleans_keys_and_nested_values() -> None:
    document = {"a\x00": ["x\x00", {"b": "y\x01"}], "n": 1, "t": True, "z": None}
    assert strip_refused_everywhere(document) == {"a": ["x", {"b": "y"}], "n": 1, "t": True, "z": None}


def test_the_first_refused_field_is_named_by_its_dotted_path() -> None:
    document = {"title": "ok", "location": {"address": "Jl\x00"}, "tags": ["a", "b\x00"]}
    assert first_refused(json_strings(document)) == "location.address"


def test_a_refused_key_is_named_too() -> None:
    assert first_refused([("ti\x00tle", "ok")]) == "ti\x00tle"


def test_clean_input_names_nothing() -> None:
    assert first_refused(json_strings({"a": ["b", {"c": "d"}]})) is None
