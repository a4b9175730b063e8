"""`manage.py ikm --csv FILE [--json]`: a paper survey typed into a spreadsheet, scored as the regulation says."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = "u1,u2,u3,u4,u5,u6,u7,u8,u9\n"


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("ikm", "--csv", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "skm.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_json_output_has_the_documented_keys_and_figures(tmp_path: Path) -> None:
    # Worked by hand: u1 answers 4,3 -> NRR 3.5; others 3,3 -> 3.0. Weighted: 0.3885 and 8 x 0.333.
    # IKM = 0.3885 + 2.664 = 3.0525; x 25 = 76.3125 -> 76.31, grade C (65.00-76.60).
    path = write(tmp_path, "4,3,3,3,3,3,3,3,3\n3,3,3,3,3,3,3,3,3\n")
    result = json.loads(run(path, "--json"))
    assert {"nrr", "nrr_weighted", "ikm", "converted", "grade"} <= set(result)
    assert result["nrr"]["u1"] == 3.5 and result["nrr"]["u2"] == 3.0
    assert result["nrr_weighted"]["u1"] == 0.3885 and result["nrr_weighted"]["u2"] == 0.333
    assert result["ikm"] == 3.0525
    assert result["converted"] == 76.31 and result["grade"] == "C"


def test_text_output_lists_each_element_and_the_grade(tmp_path: Path) -> None:
    output = run(write(tmp_path, "4,4,4,4,4,4,4,4,4\n"))
    assert "U1 Persyaratan" in output and "U9 Sarana dan prasarana" in output
    assert "Converted IKM: 99.90" in output and "Grade: A (Sangat Baik)" in output


def test_semicolon_separated_files_from_spreadsheets_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "3;3;3;3;3;3;3;3;3\n", header="U1;U2;U3;U4;U5;U6;U7;U8;U9\n")
    assert json.loads(run(path, "--json"))["converted"] == 74.93


def test_bad_rows_are_reported_by_line_number_and_nothing_is_computed(tmp_path: Path) -> None:
    path = write(tmp_path, "3,3,3,3,3,3,3,3,3\n3,3,0,3,3,3,3,3,3\n3,3,3,3,3,3,3,3,5\n")
    with pytest.raises(CommandError) as refused:
        run(path, "--json")
    message = str(refused.value)
    assert "line 3: u3" in message and "line 4: u9" in message and "nothing computed" in message


def test_a_missing_column_is_reported_on_line_1(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="line 1: missing column"):
        run(write(tmp_path, "3,3,3\n", header="u1,u2,u3\n"))


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "nope.csv")


def test_a_file_without_respondents_computes_nothing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no respondents"):
        run(write(tmp_path, ""))


def test_the_real_command_line_exits_non_zero_on_bad_rows_and_prints_json_otherwise(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    good = write(tmp_path, "4,4,4,4,4,4,4,4,4\n")
    done = subprocess.run([sys.executable, "manage.py", "ikm", "--csv", str(good), "--json"], cwd=root,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and json.loads(done.stdout)["grade"] == "A"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "4,4,4,4,4,4,4,4,9\n", encoding="utf-8")
    failed = subprocess.run([sys.executable, "manage.py", "ikm", "--csv", str(bad)], cwd=root,
                            capture_output=True, text=True, timeout=60, check=False)
    assert failed.returncode != 0 and "line 2: u9" in failed.stderr and failed.stdout == ""
