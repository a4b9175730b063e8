"""Domain tests run without Django: the shared autouse fixtures that reset Django-side caches are replaced here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    # The domain layer has no caches of its own; the shell's cache reset would need configured Django settings.
    yield
