"""`manage.py ikm --csv FILE [--json]`: the IKM of a paper survey typed into a spreadsheet."""

from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.domain.ikm import ELEMENTS, compute_ikm

COLUMNS = [code for code, _name in ELEMENTS]


def read_rows(path: Path) -> tuple[list[list[int]], list[str]]:
    """Scores per respondent and the problems found, each naming its line in the file (header is line 1)."""
    problems: list[str] = []
    rows: list[list[int]] = []
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from error
    with handle:
        sample = handle.read(4096)
        handle.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(handle, dialect=dialect)
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
        missing = [code for code in COLUMNS if code not in header]
        if missing:
            raise CommandError(f"line 1: missing column(s) {', '.join(missing)} (expected u1..u9)")
        reader.fieldnames = header
        for record in reader:
            line = reader.line_num
            if not any((value or "").strip() for value in record.values() if isinstance(value, str)):
                continue  # blank line
            scores: list[int] = []
            for code in COLUMNS:
                text = (record.get(code) or "").strip()
                if text not in ("1", "2", "3", "4"):
                    problems.append(f"line {line}: {code} must be 1, 2, 3 or 4, got {text!r}")
                    break
                scores.append(int(text))
            else:
                rows.append(scores)
    return rows, problems


def _number(value: Decimal) -> float:
    # Six places keep the regulation's figures exact (0.111 x NRR) without binary noise from long fractions.
    return float(value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


class Command(BaseCommand):
    help = "Compute the IKM (PermenPAN-RB 14/2017) of survey answers in a CSV file with columns u1..u9 (1-4)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, type=Path, help="one respondent per row, columns u1..u9")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        rows, problems = read_rows(options["csv"])
        if problems:
            raise CommandError("bad rows, nothing computed:\n" + "\n".join(problems))
        if not rows:
            raise CommandError("no respondents in the file, nothing computed")
        result = compute_ikm(rows)
        if options["json"]:
            self.stdout.write(json.dumps({
                "respondents": result.respondents,
                "nrr": {code: _number(v) for (code, _n), v in zip(ELEMENTS, result.nrr, strict=True)},
                "nrr_weighted": {code: _number(v) for (code, _n), v in zip(ELEMENTS, result.nrr_weighted,
                                                                              strict=True)},
                "ikm": _number(result.ikm),
                "converted": float(result.converted),
                "grade": result.grade,
                "grade_label": result.grade_label,
            }))
            return
        self.stdout.write(f"Respondents: {result.respondents}")
        self.stdout.write(f"{'element':<46} {'NRR':>7} {'weighted':>9}")
        for (code, name), nrr, weighted in zip(ELEMENTS, result.nrr, result.nrr_weighted, strict=True):
            self.stdout.write(f"{code.upper() + ' ' + name:<46} {nrr:>7.3f} {weighted:>9.3f}")
        self.stdout.write(f"IKM (sum of weighted NRR): {result.ikm:.3f}")
        self.stdout.write(f"Converted IKM: {result.converted}")
        self.stdout.write(f"Grade: {result.grade} ({result.grade_label})")
