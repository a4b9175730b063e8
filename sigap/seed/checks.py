"""The deployment check that knows the demo accounts, run by `manage.py check --deploy` beside sigap.core's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


@checks.register(checks.Tags.security, deploy=True)
def no_demo_password_outside_demo_mode(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The demo password is published in the README: outside demo mode an account that opens with it is open to all."""
    if settings.SIGAP_DEMO_MODE:
        return []
    from sigap.seed.demo import accounts_with_demo_password

    try:
        found = accounts_with_demo_password()
    except DatabaseError:  # not migrated yet: no accounts at all
        return []
    if not found:
        return []
    return [checks.Error(
        f"Demo accounts open with the published demo password while demo mode is off: {', '.join(found)}.",
        hint="Delete these accounts or give each a new password (manage.py changepassword USERNAME).",
        id="sigap.E001",
    )]
