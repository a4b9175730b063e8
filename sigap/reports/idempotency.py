"""Idempotent intake, shared by every channel: a retried request gets the first report back, never a second.

`file_report` turns the `Client` a channel gives it into a `Claim` (scope, key, the fingerprint of the body, the
status code the channel answers) and stores it with the report. The key row is inserted in the report's own
transaction, so the report and its key commit or vanish together; the unique constraint on (scope, key) decides
between two concurrent requests, and the loser is given the winner's report (docs/adr/0008-idempotent-intake.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, connection, models
from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput
from sigap.reports.models import IntakeKey, Report

if TYPE_CHECKING:
    from sigap.reports.actions.intake import ReportDraft

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"  # answer header on a replay, as Stripe and the IETF draft's users do
KEY_MAX_LENGTH = 255
# Photos are fingerprinted from the bytes received (see `upload_digest`), before any decoding.
NOT_FINGERPRINTED = ("photos", "uploads")


class KeyReused(InvalidInput):
    """The key was already used for a different request: refused (422), nothing stored."""

    code = "idempotency_key_reused"


@dataclass(frozen=True)
class Claim:
    scope: str
    key: str
    body_hash: str
    status_code: int


def clean_key(raw: str | None) -> str | None:
    """The key as sent, or None when there is none; refuses what cannot be a key (InvalidInput, 422)."""
    if raw is None or raw == "":
        return None
    if len(raw) > KEY_MAX_LENGTH or not all(33 <= ord(char) <= 126 for char in raw):
        raise InvalidInput(_("The Idempotency-Key header must be 1 to %(limit)d visible ASCII characters, "
                             "for example a UUID.") % {"limit": KEY_MAX_LENGTH},
                           field=HEADER, code="invalid_idempotency_key")
    return raw


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return getattr(value, "code", value.pk)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return str(value)  # Decimal, date: their canonical text


def fingerprint(draft: ReportDraft, *, extra: Mapping[str, Any] | None = None) -> str:
    """SHA-256 of what the request means, not how it was spelled: key order, spacing and "0812…" vs "+62812…" are
    the same body. `extra` carries what the channel received beyond the draft (photo digests, Open311 media_url)."""
    meaning = {item.name: _plain(getattr(draft, item.name)) for item in fields(draft)
               if item.name not in NOT_FINGERPRINTED}
    meaning["extra"] = {name: _plain(value) for name, value in (extra or {}).items()}
    canonical = json.dumps(meaning, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def upload_digest(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def key_lifetime() -> timedelta:
    return timedelta(hours=settings.SIGAP_INTAKE_KEY_HOURS)


_RECORDED = ("scope", "key", "body_hash", "report", "status_code", "created_at", "expires_at")


def record(claim: Claim, *, report: Report, now: datetime) -> None:
    """Inside the report's transaction: one INSERT; a key already taken raises IntegrityError (see `is_taken`).

    Written as one plain INSERT, not through `objects.create`: nothing reads the new row back (no instance, no id),
    and the ORM's model instance and statement compiling were a third of this row's cost on the hot path.
    """
    meta = IntakeKey._meta
    columns = [field for name in _RECORDED if isinstance(field := meta.get_field(name), models.Field)]
    values = (claim.scope, claim.key, claim.body_hash, report.pk, claim.status_code, now, now + key_lifetime())
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(str(field.column)) for field in columns)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    params = [field.get_db_prep_save(value, connection) for field, value in zip(columns, values, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def is_taken(error: IntegrityError) -> bool:
    # PostgreSQL names the constraint (intake_key_once), SQLite the table (reports_intakekey).
    text = str(error)
    return "intake_key_once" in text or "reports_intakekey" in text


def earlier(claim: Claim, *, now: datetime) -> IntakeKey | None:
    """The live key row of an earlier request with this key, or None; KeyReused if its body was another.

    A row past its lifetime that the sweep has not reached yet is deleted here, so the key is free again.
    """
    row = IntakeKey.objects.select_related("report").filter(scope=claim.scope, key=claim.key).first()
    if row is None:
        return None
    if row.expires_at <= now:
        IntakeKey.objects.filter(pk=row.pk, expires_at__lte=now).delete()
        return None
    if row.body_hash != claim.body_hash:
        raise KeyReused(_("This Idempotency-Key was already used for a different report. Send a new key for a "
                          "new report, or the same body to get the first answer again."), field=HEADER)
    return row


def sweep_expired_keys(now: datetime) -> int:
    """The hourly sweep (sigap.notifications.sweeps): forget keys past their lifetime."""
    deleted, _per_model = IntakeKey.objects.filter(expires_at__lte=now).delete()
    return deleted
