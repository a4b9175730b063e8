"""WhatsApp retention: what a message carried about a person is kept only as long as the setting says.

After `SIGAP_WHATSAPP_INBOX_RETENTION_DAYS` an inbox item keeps its key and message id (so a redelivery from Meta
is still recognised and ignored) and loses its raw payload (profile name, number, text, location); a citizen's
contact silent that long is dropped (profile name, number, conversation). Officers' contacts stay: they are how
the chain reaches its heads. A report keeps the contact its reporter gave, under the report's own rules.

Idempotent: a second run finds nothing left to empty.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q

from sigap.channels import conf
from sigap.channels.models import InboxItem, WhatsAppContact

BATCH = 1000
DROPPED_UNPROCESSED = "retention: dropped before processing"


def forget_old_inbox(*, now: datetime) -> int:
    """Empty the payload of items older than the retention, in batches; returns items and contacts forgotten."""
    cutoff = now - conf.inbox_retention()
    forgotten = 0
    while True:
        ids = list(InboxItem.objects.filter(redacted_at__isnull=True, received_at__lt=cutoff)
                   .order_by("received_at", "pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        with transaction.atomic():
            # An item never processed in all that time will not be: close it so the requeue sweep stops trying.
            InboxItem.objects.filter(pk__in=ids, processed_at__isnull=True).update(
                processed_at=now, outcome=DROPPED_UNPROCESSED)
            forgotten += InboxItem.objects.filter(pk__in=ids, redacted_at__isnull=True).update(
                payload={}, redacted_at=now)
    return forgotten + _forget_silent_contacts(cutoff)


def _forget_silent_contacts(cutoff: datetime) -> int:
    silent = (Q(last_inbound_at__lt=cutoff) | Q(last_inbound_at__isnull=True, created_at__lt=cutoff))
    deleted, _by_model = WhatsAppContact.objects.filter(silent, person__isnull=True).delete()
    return int(_by_model.get(WhatsAppContact._meta.label, 0)) if deleted else 0
