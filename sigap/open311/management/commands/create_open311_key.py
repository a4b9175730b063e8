from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.core.errors import ActionError
from sigap.open311.actions import create_open311_key


class Command(BaseCommand):
    help = "Print a new Open311 api_key for the client app NAME (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            _key, raw = create_open311_key(name=options["name"])
        except ActionError as error:
            raise CommandError(error.message) from error
        self.stdout.write(raw)
