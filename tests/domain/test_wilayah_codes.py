from __future__ import annotations

import pytest

from sigap.domain.wilayah_codes import Level, is_valid_code, level_of, parent_code, rt_code, rw_code


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("74.72", Level.KOTA),
        ("74.72.06", Level.KECAMATAN),
        ("74.72.06.1007", Level.KELURAHAN),
        ("73.13.01.2005", Level.KELURAHAN),
        ("74.72.06.1007/RW003", Level.RW),
        ("74.72.06.1007/RW003/RT002", Level.RT),
    ],
)
def test_level_is_read_from_the_code(code: str, level: Level) -> None:
    assert level_of(code) is level


@pytest.mark.parametrize("code", ["74", "7472", "74.72.6", "74.72.06.0007", "74.72.06.1007/RW3", "x"])
def test_malformed_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="territory code"):
        level_of(code)


def test_rw_zero_is_not_a_code() -> None:
    assert not is_valid_code("74.72.06.1007/RW000")


def test_rw_code_pads_to_three_digits() -> None:
    assert rw_code("74.72.06.1007", 3) == "74.72.06.1007/RW003"


def test_rt_code_appends_to_the_rw() -> None:
    assert rt_code("74.72.06.1007/RW003", 2) == "74.72.06.1007/RW003/RT002"


def test_rw_under_a_kecamatan_is_refused() -> None:
    with pytest.raises(ValueError, match="kelurahan"):
        rw_code("74.72.06", 1)


def test_rw_number_above_999_is_refused() -> None:
    with pytest.raises(ValueError, match="999"):
        rw_code("74.72.06.1007", 1000)


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        ("74.72.06.1007/RW003/RT002", "74.72.06.1007/RW003"),
        ("74.72.06.1007/RW003", "74.72.06.1007"),
        ("74.72.06.1007", "74.72.06"),
        ("74.72.06", "74.72"),
        ("74.72", None),
    ],
)
def test_parent_is_one_level_up(code: str, parent: str | None) -> None:
    assert parent_code(code) == parent
