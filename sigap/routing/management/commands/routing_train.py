"""`manage.py routing_train --from-csv FILE --model PATH [--json]`: the evaluation contract's training (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sigap.routing import csvfile
from sigap.routing.model import RoutingError, save, train


class Command(BaseCommand):
    help = "Train the unit-suggestion model on a file of past complaints (id, text, unit_code, received_at)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from-csv", dest="csv", required=True, type=Path)
        parser.add_argument("--model", required=True, type=Path, help="Where to write the model (and PATH.json).")
        parser.add_argument("--catch-all", action="append", default=None, metavar="CODE",
                            help="A catch-all label, never routed alone (default: SIGAP_ROUTING_CATCH_ALL).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = csvfile.read(options["csv"], require_labels=True).rows
        except csvfile.MalformedFile as error:
            raise CommandError(f"{options['csv'].name}: {error}") from None
        catch_all = frozenset(options["catch_all"] or settings.SIGAP_ROUTING_CATCH_ALL)
        try:
            model = train(rows, now=timezone.now(), catch_all=catch_all)
        except RoutingError as error:
            raise CommandError(str(error)) from None
        save(model, options["model"])
        meta = model.meta
        if options["json"]:
            self.stdout.write(json.dumps({"train_seconds": meta["train_seconds"], "classes": meta["classes"],
                                          "threshold": meta["threshold"]}))
            return
        holdout = meta["holdout"]
        self.stdout.write(
            f"Trained on {meta['rows']} rows, {len(meta['classes'])} units, in {meta['train_seconds']} s.\n"
            f"Hold-out ({holdout['n']} rows): top-1 {holdout['accuracy']:.3f}, top-3 {holdout['top3_accuracy']:.3f}, "
            f"threshold {meta['threshold']:.3f} covering {holdout['coverage']:.1%}.\n"
            f"Model written to {options['model']} ({meta['size_bytes']} bytes).")
