"""Staff API tokens: random, shown once, stored as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from sigap.organization.models import ApiToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(*, person: Any, name: str = "") -> str:
    token = f"sgp_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(person=person, name=name, token_hash=hash_token(token))
    return token


def person_for_token(token: str) -> Any | None:
    if not token or len(token) > 200:
        return None
    row = ApiToken.objects.select_related("person").filter(token_hash=hash_token(token), is_active=True).first()
    if row is None or not row.person.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.person
