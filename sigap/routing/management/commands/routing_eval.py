"""`manage.py routing_eval --csv FILE --model PATH --json [--predictions-out P.csv]` (issue 15's contract).

With unit codes, every figure of the contract; without (column empty or absent), the predictions and only n,
threshold and latency, so the file can be judged by whoever holds the answers.
"""

from __future__ import annotations

import csv
import json
import statistics
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.routing import csvfile
from sigap.routing.model import RoutingError, RoutingModel, Suggestion, load, score

# Enough single-complaint predictions for a stable p95, few enough that a big file is not timed twice over.
LATENCY_SAMPLE = 300
WARM_UP = 5


def latency_ms(model: RoutingModel, texts: list[str]) -> dict[str, float]:
    """p50 and p95 of one complaint at a time, after a few warm-up calls (the page's case)."""
    for text in texts[:WARM_UP]:
        model.top([text])
    timings = []
    for text in texts[:LATENCY_SAMPLE]:
        started = time.perf_counter()
        model.top([text])
        timings.append((time.perf_counter() - started) * 1000)
    if len(timings) < 2:
        return {"p50": round(timings[0], 3), "p95": round(timings[0], 3)}
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {"p50": round(statistics.median(timings), 3), "p95": round(cuts[94], 3)}


def write_predictions(path: Path, ids: list[str], tops: list[list[Suggestion]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "unit_1", "p_1", "unit_2", "p_2", "unit_3", "p_3"])
        for row_id, top in zip(ids, tops, strict=True):
            cells: list[str] = [row_id]
            for rank in range(3):
                cells += [top[rank].unit, f"{top[rank].probability:.4f}"] if rank < len(top) else ["", ""]
            writer.writerow(cells)


class Command(BaseCommand):
    help = "Judge the unit-suggestion model on a file of past complaints; optionally write its top three per row."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", required=True, type=Path)
        parser.add_argument("--model", required=True, type=Path)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--predictions-out", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            past = csvfile.read(options["csv"], require_labels=False)
        except csvfile.MalformedFile as error:
            raise CommandError(f"{options['csv'].name}: {error}") from None
        try:
            model = load(options["model"])
        except RoutingError as error:
            raise CommandError(str(error)) from None
        rows = past.rows
        if past.labelled:
            figures, tops = score(model, rows)
        else:
            tops = model.top([row.text for row in rows])
            figures = {"n": len(rows), "threshold": model.threshold}
        figures["latency_ms"] = latency_ms(model, [row.text for row in rows])
        if options["predictions_out"] is not None:
            write_predictions(options["predictions_out"], [row.id for row in rows], tops)
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        for key, value in figures.items():
            self.stdout.write(f"{key}: {value}")
