"""Tracking IDs a citizen can read over the phone and type on a keypad, e.g. `BBU-7K3Q9M`."""

from __future__ import annotations

import random
import re
import secrets

# Characters that survive handwriting, bad fonts and dictation: none of 0/O/1/I/L, and only the digit of the
# B/8, S/5 and Z/2 look-alike pairs.
ALPHABET = "23456789ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 6

_PREFIX = re.compile(r"[A-Z]{1,8}")
_SHAPE = re.compile(rf"([A-Z]{{1,8}})-?([{ALPHABET}]{{{CODE_LENGTH}}})")
_SPACES = re.compile(r"\s+")


def new_tracking_id(prefix: str = "BBU", *, rng: random.Random | None = None) -> str:
    """`prefix`-XXXXXX with 28^6 (about 482 million) codes; unpredictable unless a seeded `rng` is given."""
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"a tracking prefix is 1 to 8 capital letters A-Z, got {prefix!r}")
    chooser = rng if rng is not None else secrets.SystemRandom()
    return f"{prefix}-{''.join(chooser.choice(ALPHABET) for _ in range(CODE_LENGTH))}"


def normalize_tracking_id(text: str) -> str | None:
    """The canonical form of what a citizen typed (any case, spaces, missing dash), or None if not an ID.

    Look-alike characters are not guessed back (an "O" could have meant nothing valid): a wrong character
    means no match rather than someone else's report.
    """
    compact = _SPACES.sub("", text).upper()
    match = _SHAPE.fullmatch(compact)
    if match is None:
        return None
    return f"{match.group(1)}-{match.group(2)}"


def is_tracking_id(text: str) -> bool:
    return normalize_tracking_id(text) is not None
