"""`manage.py routing_train --from-csv FILE --model PATH [--json]`: the evaluation contract's training (issue 15).

`--from-history` trains the same way on the city's own decisions (dispatched and closed reports, labelled with the
unit that finally handled them), into SIGAP_ROUTING_MODEL_PATH unless --model says otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sigap.routing import csvfile
from sigap.routing.history import past_decisions
from sigap.routing.model import RoutingError, save, train


class Command(BaseCommand):
    help = "Train the unit-suggestion model on a file of past complaints (id, text, unit_code, received_at)."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--from-csv", dest="csv", type=Path)
        source.add_argument("--from-history", action="store_true", help="Train on this city's own past dispatches.")
        parser.add_argument("--model", type=Path, default=None,
                            help="Where to write the model (and PATH.json); default SIGAP_ROUTING_MODEL_PATH.")
        parser.add_argument("--catch-all", action="append", default=None, metavar="CODE",
                            help="A catch-all label, never routed alone (default: SIGAP_ROUTING_CATCH_ALL).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["model"] or Path(settings.SIGAP_ROUTING_MODEL_PATH)
        if options["from_history"]:
            rows = past_decisions()
        else:
            try:
                rows = csvfile.read(options["csv"], require_labels=True).rows
            except csvfile.MalformedFile as error:
                raise CommandError(f"{options['csv'].name}: {error}") from None
        catch_all = frozenset(options["catch_all"] or settings.SIGAP_ROUTING_CATCH_ALL)
        try:
            model = train(rows, now=timezone.now(), catch_all=catch_all)
        except RoutingError as error:
            raise CommandError(str(error)) from None
        save(model, path)
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
            f"Model written to {path} ({meta['size_bytes']} bytes).")
