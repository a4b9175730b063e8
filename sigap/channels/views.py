from __future__ import annotations

import logging

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sigap.channels import conf
from sigap.channels.tasks import process_inbox
from sigap.channels.webhook import MalformedPayload, parse_items, signature_is_valid, store_items
from sigap.core.refused_input import takes_raw_text

log = logging.getLogger(__name__)


# Meta batches many messages in one POST: refusing the POST for one message's control character would lose the
# others and make Meta redeliver for days, so the webhook cleans the text itself (webhook.parse_items).
@takes_raw_text
@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > conf.max_body_bytes():
        return HttpResponse(status=413)
    body = request.body
    if len(body) > conf.max_body_bytes():
        return HttpResponse(status=413)
    if not signature_is_valid(body, request.headers.get("X-Hub-Signature-256"), conf.app_secret()):
        return HttpResponseForbidden()
    try:
        items = parse_items(body)
    except MalformedPayload as error:
        log.warning("whatsapp: malformed webhook body refused: %s", error)
        return HttpResponseBadRequest()
    if items:
        # The rows and their one processing task commit together: a single commit (fsync) per POST is most of
        # the acknowledgement time, and a task can never be lost between the two (the inbox sweep is the backstop).
        with transaction.atomic():
            new_ids = store_items(items, now=timezone.now())
            if new_ids:
                process_inbox.enqueue(new_ids)
    return HttpResponse("ok")


def _handshake(request: HttpRequest) -> HttpResponse:
    expected = conf.verify_token()
    if (
        request.GET.get("hub.mode") == "subscribe"
        and expected
        and _same(request.GET.get("hub.verify_token", ""), expected)
    ):
        return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
    return HttpResponseForbidden()


def _same(given: str, expected: str) -> bool:
    import hmac

    return hmac.compare_digest(given.encode(), expected.encode())
