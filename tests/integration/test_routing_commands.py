"""routing_train and routing_eval, the evaluation contract of issue 15, on made-up files (hostile ones too)."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from tests.routing_data import complaints, write

CONTRACT_KEYS = {"n", "accuracy", "top3_accuracy", "macro_f1", "threshold", "coverage", "precision_above_threshold",
                 "ece", "latency_ms"}


def run(*args: str) -> dict:
    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("routing")
    source = write(folder / "train.csv", complaints(400))
    printed = run("routing_train", "--from-csv", str(source), "--model", str(folder / "model.joblib"), "--json")
    return folder / "model.joblib", printed


def test_training_prints_seconds_classes_and_threshold(trained: tuple[Path, dict]) -> None:
    _, printed = trained
    assert set(printed) == {"train_seconds", "classes", "threshold"}
    assert sum(printed["classes"].values()) == 400
    assert 0 < printed["threshold"] <= 1


def test_training_stores_the_period_counts_and_hold_out_figures_beside_the_model(trained: tuple[Path, dict]) -> None:
    model, _ = trained
    meta = json.loads(model.with_name("model.joblib.json").read_text())
    assert meta["training_period"]["from"].startswith("2025-01-01")
    assert meta["holdout"]["n"] == 60
    assert meta["catch_all"] == ["lainnya"] and "lainnya" not in meta["auto_units"]


def test_evaluation_prints_every_figure_of_the_contract(trained: tuple[Path, dict], tmp_path: Path) -> None:
    model, _ = trained
    source = write(tmp_path / "next.csv", complaints(120, seed=8))
    printed = run("routing_eval", "--csv", str(source), "--model", str(model), "--json")
    assert set(printed) == CONTRACT_KEYS
    assert printed["top3_accuracy"] >= printed["accuracy"] > 0.8
    assert set(printed["latency_ms"]) == {"p50", "p95"}


def test_predictions_have_the_contract_columns_and_one_row_per_input(trained: tuple[Path, dict],
                                                                      tmp_path: Path) -> None:
    model, _ = trained
    source = write(tmp_path / "next.csv", complaints(30, seed=9))
    run("routing_eval", "--csv", str(source), "--model", str(model), "--json", "--predictions-out",
        str(tmp_path / "p.csv"))
    with (tmp_path / "p.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "unit_1", "p_1", "unit_2", "p_2", "unit_3", "p_3"]
    assert [row["id"] for row in rows] == [f"R{i}" for i in range(30)]
    assert float(rows[0]["p_1"]) >= float(rows[0]["p_2"]) >= float(rows[0]["p_3"])


def test_a_file_without_unit_codes_gets_only_n_threshold_and_latency(trained: tuple[Path, dict],
                                                                     tmp_path: Path) -> None:
    model, _ = trained
    source = write(tmp_path / "blind.csv", complaints(20, seed=10), columns=("id", "text", "received_at"))
    printed = run("routing_eval", "--csv", str(source), "--model", str(model), "--json", "--predictions-out",
                  str(tmp_path / "p.csv"))
    assert set(printed) == {"n", "threshold", "latency_ms"}


def test_empty_unit_codes_count_as_no_answers(trained: tuple[Path, dict], tmp_path: Path) -> None:
    model, _ = trained
    rows = [{**row, "unit_code": ""} for row in complaints(20, seed=10)]
    printed = run("routing_eval", "--csv", str(write(tmp_path / "blind.csv", rows)), "--model", str(model), "--json")
    assert set(printed) == {"n", "threshold", "latency_ms"}


def test_extra_columns_are_ignored(trained: tuple[Path, dict], tmp_path: Path) -> None:
    model, _ = trained
    rows = [{**row, "kanal": "wa"} for row in complaints(20, seed=11)]
    source = write(tmp_path / "extra.csv", rows, columns=("kanal", "id", "text", "unit_code", "received_at"))
    assert run("routing_eval", "--csv", str(source), "--model", str(model), "--json")["n"] == 20


def refusal(tmp_path: Path, content: bytes, *command: str) -> str:
    source = tmp_path / "bad.csv"
    source.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command(*command, str(source), "--model", str(tmp_path / "m.joblib"), "--json", stdout=StringIO())
    return str(refused.value)


HEADER = b"id,text,unit_code,received_at\n"
SECRET = b"rumah ibu siti di lorong mawar"


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    message = refusal(tmp_path, b"id,text,received_at\n1," + SECRET + b",2025-01-01\n", "routing_train",
                      "--from-csv")
    assert "line 1, column unit_code" in message


def test_a_bad_date_is_refused_with_its_line_and_column_and_no_text(tmp_path: Path) -> None:
    content = HEADER + b"1,jalan rusak,DPUPR,2025-01-01\n2," + SECRET + b",DLH,kemarin sore\n"
    message = refusal(tmp_path, content, "routing_eval", "--csv")
    assert "line 3, column received_at" in message
    assert "siti" not in message


def test_a_nul_character_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    message = refusal(tmp_path, HEADER + b"1,jalan\x00rusak,DPUPR,2025-01-01\n", "routing_train", "--from-csv")
    assert "line 2, column text" in message


def test_an_oversized_field_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, HEADER + b"1," + b"a" * 20_001 + b",DPUPR,2025-01-01\n", "routing_eval", "--csv")
    assert "line 2, column text" in message


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    assert "line 1" in refusal(tmp_path, b"", "routing_train", "--from-csv")


def test_a_header_without_rows_is_refused(tmp_path: Path) -> None:
    assert "no rows" in refusal(tmp_path, HEADER, "routing_train", "--from-csv")


def test_a_row_with_too_few_fields_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, HEADER + b"1,jalan rusak,DPUPR,2025-01-01\n2,sampah\n", "routing_train",
                      "--from-csv")
    assert message.endswith("line 3: 2 fields, the header has 4")


def test_training_needs_a_code_on_every_row(tmp_path: Path) -> None:
    message = refusal(tmp_path, HEADER + b"1,jalan rusak,,2025-01-01\n", "routing_train", "--from-csv")
    assert "line 2, column unit_code" in message


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, HEADER + b"1,jalan \xff rusak,DPUPR,2025-01-01\n", "routing_eval", "--csv")
    assert "line 2" in message and "UTF-8" in message


def test_a_model_file_its_metadata_does_not_vouch_for_is_not_loaded(trained: tuple[Path, dict],
                                                                    tmp_path: Path) -> None:
    model, _ = trained
    (tmp_path / "m.joblib").write_bytes(model.read_bytes() + b"tampered")
    (tmp_path / "m.joblib.json").write_text(model.with_name("model.joblib.json").read_text())
    source = write(tmp_path / "next.csv", complaints(20, seed=8))
    with pytest.raises(CommandError, match="not the file its metadata describes"):
        call_command("routing_eval", "--csv", str(source), "--model", str(tmp_path / "m.joblib"), "--json",
                     stdout=StringIO())


def test_the_short_prediction_path_gives_the_pipelines_own_probabilities(trained: tuple[Path, dict]) -> None:
    from sigap.domain.routing import normalise
    from sigap.routing.model import load

    model = load(trained[0])
    texts = [row["text"] for row in complaints(50, seed=12)]

    fast = model.probabilities(texts)

    assert np.allclose(fast, model.pipeline.predict_proba([normalise(text) for text in texts]), atol=1e-9)


def test_the_short_path_holds_for_two_units_too() -> None:
    from datetime import datetime

    from sigap.domain.routing import normalise
    from sigap.routing.model import Example, train
    from tests.clock import FIXED_NOW

    rows = [Example(r["id"], r["text"], r["unit_code"], datetime.fromisoformat(r["received_at"]))
            for r in complaints(300) if r["unit_code"] in ("pupr", "dlh")]
    model = train(rows, now=FIXED_NOW)
    texts = [row.text for row in rows[:20]]

    assert np.allclose(model.probabilities(texts), model.pipeline.predict_proba([normalise(t) for t in texts]))
