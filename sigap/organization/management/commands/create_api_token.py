from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.organization.tokens import issue_api_token


class Command(BaseCommand):
    help = "Print a new bearer token for the staff API for USERNAME (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['username']!r}")
        self.stdout.write(issue_api_token(person=user, name=options["name"][:80]))
