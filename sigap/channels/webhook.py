"""The webhook's intake: verify the signature over the raw bytes, split the POST into items, store each once.

Everything slow (contacts, conversation, reports, the Graph API) happens later in `tasks.process_inbox`; the
request only writes inbox rows so Meta gets its 200 fast and never retries because of us.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from sigap.channels.models import InboxItem, InboxKind
from sigap.domain.text import strip_refused_everywhere

log = logging.getLogger(__name__)

SIGNATURE_PREFIX = "sha256="


def signature_for(body: bytes, secret: str) -> str:
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_is_valid(body: bytes, header: str | None, secret: str) -> bool:
    if not secret or not header or not header.startswith(SIGNATURE_PREFIX):
        return False
    return hmac.compare_digest(signature_for(body, secret).encode(), header.strip().encode())


class MalformedPayload(ValueError):
    pass


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    external_id: str
    payload: dict[str, Any]


def parse_items(body: bytes) -> list[Item]:
    """Message and status items of a webhook body; anything not shaped like one is logged and skipped."""
    try:
        # Control characters and lone surrogates are dropped from every string, not refused: PostgreSQL's jsonb
        # refuses U+0000, and one such message must not cost the other messages of the batch.
        document = strip_refused_everywhere(json.loads(body))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedPayload(str(error)) from error
    if not isinstance(document, dict) or not isinstance(document.get("entry", []), list):
        raise MalformedPayload("not a webhook document")
    items: list[Item] = []
    for entry in document.get("entry") or []:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        for change in changes if isinstance(changes, list) else []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            items.extend(_items_of(value))
    return items


def _items_of(value: dict[str, Any]) -> list[Item]:
    contacts = [c for c in value.get("contacts") or [] if isinstance(c, dict)]
    found: list[Item] = []
    for message in value.get("messages") or []:
        if not isinstance(message, dict) or not isinstance(message.get("id"), str) or not message["id"]:
            log.warning("whatsapp: message without id ignored")
            continue
        contact = _contact_for(message, contacts)
        found.append(Item(key=f"m:{message['id']}"[:255], kind=InboxKind.MESSAGE, external_id=message["id"],
                          payload={"message": message, "contact": contact}))
    for status in value.get("statuses") or []:
        if not isinstance(status, dict) or not isinstance(status.get("id"), str) or not status["id"]:
            log.warning("whatsapp: status without id ignored")
            continue
        found.append(Item(key=f"s:{status['id']}:{status.get('status', '')}"[:255], kind=InboxKind.STATUS,
                          external_id=status["id"], payload={"status": status}))
    return found


def _contact_for(message: dict[str, Any], contacts: list[dict[str, Any]]) -> dict[str, Any]:
    sender = message.get("from")
    for contact in contacts:
        if sender and contact.get("wa_id") == sender:
            return contact
    if len(contacts) == 1:
        return contacts[0]
    return {"wa_id": sender} if sender else {}


def store_items(items: list[Item], *, now: datetime) -> list[int]:
    """Insert each item once; returns the ids of the new rows (a redelivered item adds nothing).

    One multi-row INSERT … ON CONFLICT DO NOTHING RETURNING (PostgreSQL and SQLite ≥ 3.35) for the whole POST:
    one round trip however many items Meta batched, and no savepoint.
    """
    unique = _unique(items)
    if not unique:
        return []
    table = connection.ops.quote_name(InboxItem._meta.db_table)
    payload = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    rows = ", ".join([f"(%s, %s, %s, {payload}, %s, '')"] * len(unique))
    sql = (f"INSERT INTO {table} (key, kind, external_id, payload, received_at, outcome) "  # noqa: S608
           f"VALUES {rows} ON CONFLICT (key) DO NOTHING RETURNING id")
    received = InboxItem._meta.get_field("received_at").get_db_prep_value(now, connection)
    params: list[Any] = []
    for item in unique:
        params += [item.key, item.kind, item.external_id, json.dumps(item.payload), received]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(int(row[0]) for row in cursor.fetchall())


def _unique(items: list[Item]) -> list[Item]:
    """PostgreSQL refuses one INSERT that touches the same key twice, so a key repeated within a POST goes once."""
    seen: set[str] = set()
    unique = []
    for item in items:
        if item.key not in seen:
            seen.add(item.key)
            unique.append(item)
    return unique
