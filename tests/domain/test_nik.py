from __future__ import annotations

from datetime import date

from sigap.domain.nik import check_nik, mask_nik

TODAY = date(2026, 1, 19)
# Kecamatan Murhum (74.72.06), a woman born 1 January 1990 (day 01 + 40 = 41), serial 0001.
VALID = "7472064101900001"


def test_well_formed_nik_has_no_problems() -> None:
    assert check_nik(VALID, today=TODAY) == []


def test_separators_are_ignored() -> None:
    assert check_nik("7472 0641 0190 0001", today=TODAY) == []


def test_fifteen_digits_is_a_length_problem() -> None:
    assert check_nik(VALID[:-1], today=TODAY) == ["length"]


def test_letters_are_a_length_problem() -> None:
    assert check_nik("74720641019O0001", today=TODAY) == ["length"]


def test_unknown_kecamatan_is_a_region_problem() -> None:
    assert check_nik("7472994101900001", today=TODAY) == ["region"]


def test_unknown_province_is_a_region_problem() -> None:
    assert check_nik("9972064101900001", today=TODAY) == ["region"]


def test_day_beyond_71_is_a_birth_date_problem() -> None:
    assert check_nik("7472067201900001", today=TODAY) == ["birth_date"]


def test_month_13_is_a_birth_date_problem() -> None:
    assert check_nik("7472060113900001", today=TODAY) == ["birth_date"]


def test_birth_after_today_is_a_birth_date_problem() -> None:
    assert check_nik("7472060112260001", today=TODAY) == ["birth_date"]


def test_mask_shows_region_and_last_two_digits() -> None:
    assert mask_nik(VALID) == "747206********01"


def test_mask_hides_a_short_input_entirely() -> None:
    assert mask_nik("12345") == "*****"
