"""SP4N-LAPOR!'s vocabulary is a table every Sigap status reads from, and exported cells never run as formulas."""

from __future__ import annotations

import pytest

from sigap.domain.lapor import (
    STATUS_TO_LAPOR,
    LaporStatus,
    lapor_status,
    neutralise_cell,
    parse_flag,
    parse_lapor_status,
)
from sigap.domain.lifecycle import Status


def test_every_sigap_status_has_a_lapor_status() -> None:
    assert set(STATUS_TO_LAPOR) == set(Status)


def test_a_report_is_selesai_in_lapor_only_once_sigap_closed_it() -> None:
    selesai = [status for status, said in STATUS_TO_LAPOR.items() if said is LaporStatus.SELESAI]

    assert selesai == [Status.CLOSED]


def test_a_report_waiting_for_the_reporter_is_tertunda() -> None:
    assert lapor_status("pending_info") is LaporStatus.TERTUNDA


def test_a_lapor_status_is_read_without_regard_to_case_or_spacing() -> None:
    assert parse_lapor_status("  terdisposisi   sedang diproses ") is LaporStatus.TERDISPOSISI_SEDANG_DIPROSES


def test_an_unknown_lapor_status_is_none() -> None:
    assert parse_lapor_status("Hampir Selesai") is None


@pytest.mark.parametrize(("text", "flag"), [("Ya", True), ("1", True), ("Tidak", False), ("", False), ("x", None)])
def test_a_yes_no_cell_is_read_as_people_write_it(text: str, flag: bool | None) -> None:
    assert parse_flag(text) is flag


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_a_cell_that_starts_like_a_formula_is_prefixed(text: str) -> None:
    assert neutralise_cell(text) == "'" + text


def test_ordinary_text_is_left_alone() -> None:
    assert neutralise_cell("Jalan rusak = bahaya") == "Jalan rusak = bahaya"
