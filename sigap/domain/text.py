"""Which characters a text may carry into Sigap, and how to clean one that may not be refused.

PostgreSQL refuses U+0000 in text and jsonb, and no person types a C0 control character, DEL or a lone UTF-16
surrogate: such input is either a bug in a client or a probe. Tab, line feed and carriage return are ordinary text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# C0 controls except \t \n \r, DEL, and the surrogate range (only ever "lone" in a Python str).
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def has_refused_character(text: str) -> bool:
    """True when the text holds a character no field of Sigap accepts."""
    return _REFUSED.search(text) is not None


def strip_refused_characters(text: str) -> str:
    """The text without those characters, for channels that must keep a message rather than refuse it."""
    return _REFUSED.sub("", text)


def first_refused(named_texts: Iterable[tuple[str, str]]) -> str | None:
    """The name of the first (name, text) pair whose name or text holds a refused character, else None."""
    for name, text in named_texts:
        if has_refused_character(name) or has_refused_character(text):
            return name
    return None


def strip_refused_everywhere(value: object) -> object:
    """A decoded JSON document with every string (keys included) cleaned; other values unchanged."""
    if isinstance(value, str):
        return strip_refused_characters(value)
    if isinstance(value, list):
        return [strip_refused_everywhere(item) for item in value]
    if isinstance(value, dict):
        return {strip_refused_characters(str(key)): strip_refused_everywhere(item) for key, item in value.items()}
    return value


def json_strings(value: object, path: str = "") -> Iterable[tuple[str, str]]:
    """Every (dotted path, string) of a decoded JSON document: its keys and its string values."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from json_strings(item, f"{path}.{index}" if path else str(index))
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            yield name, str(key)
            yield from json_strings(item, name)
