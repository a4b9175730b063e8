"""The webhook: Meta's handshake, signatures over the raw bytes, one inbox row per item, never a 500."""

from __future__ import annotations

import json

import pytest

from sigap.channels.models import InboxItem
from sigap.channels.webhook import signature_for
from tests.integration.whatsapp_support import (
    WEBHOOK,
    fixture_bytes,
    message_payload,
    post_signed,
    run_queued_tasks,
    signatures,
)

pytestmark = pytest.mark.django_db
FIXTURE_NAMES = [name for name in signatures() if not name.startswith("_")]


def test_handshake_echoes_the_challenge_for_the_right_verify_token(client):
    response = client.get(WEBHOOK, {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token",
                                    "hub.challenge": "1158201444"})
    assert response.status_code == 200
    assert response.content == b"1158201444"


def test_handshake_with_a_wrong_verify_token_is_refused(client):
    response = client.get(WEBHOOK, {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"})
    assert response.status_code == 403


def test_signature_matches_the_published_known_answer_vector():
    vector = signatures()["_elixir_doc_vector"]
    assert signature_for(vector["body"].encode(), vector["secret"]) == "sha256=" + vector["hexdigest"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_every_shared_fixture_verifies_and_is_stored(client, name):
    body = fixture_bytes(name)
    assert signature_for(body, "test_app_secret_do_not_use") == signatures()[name]
    response = post_signed(client, body, signature=signatures()[name])
    assert response.status_code == 200
    assert InboxItem.objects.count() == 1


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_flipping_one_byte_gives_403_and_stores_nothing(client, name):
    body = bytearray(fixture_bytes(name))
    body[len(body) // 2] ^= 0x01
    response = post_signed(client, bytes(body), signature=signatures()[name])
    assert response.status_code == 403
    assert InboxItem.objects.count() == 0


def test_missing_signature_gives_403(client):
    response = client.post(WEBHOOK, data=fixture_bytes("pywa_text.json"), content_type="application/json")
    assert response.status_code == 403
    assert InboxItem.objects.count() == 0


def test_same_payload_twice_stores_one_item(client):
    body = fixture_bytes("pywa_text.json")
    assert post_signed(client, body).status_code == 200
    assert post_signed(client, body).status_code == 200
    assert InboxItem.objects.count() == 1


def test_statuses_of_one_message_are_distinct_items(client):
    for name in ("pywa_status_sent.json", "pywa_status_delivered.json", "pywa_status_read.json"):
        post_signed(client, fixture_bytes(name))
    assert sorted(InboxItem.objects.values_list("key", flat=True)) == [
        "s:wamid.xyzxyz:delivered", "s:wamid.xyzxyz:read", "s:wamid.xyzxyz:sent"]


def test_several_items_in_one_post_are_all_stored(client):
    document = json.loads(message_payload({"type": "text", "text": {"body": "satu"}}))
    value = document["entry"][0]["changes"][0]["value"]
    value["messages"].append({**value["messages"][0], "id": "wamid.SECOND"})
    value["statuses"] = [{"id": "wamid.OUT1", "status": "delivered", "timestamp": "1", "recipient_id": "62"}]
    assert post_signed(client, json.dumps(document).encode()).status_code == 200
    assert InboxItem.objects.count() == 3


def test_one_post_with_several_items_queues_one_processing_task_for_all(client):
    from django_tasks_db.models import DBTaskResult

    document = json.loads(message_payload({"type": "text", "text": {"body": "satu"}}))
    value = document["entry"][0]["changes"][0]["value"]
    value["messages"].append({**value["messages"][0], "id": "wamid.SECOND"})
    post_signed(client, json.dumps(document).encode())

    task = DBTaskResult.objects.get()
    assert task.args_kwargs["args"] == [sorted(InboxItem.objects.values_list("pk", flat=True))]


def test_a_redelivery_queues_no_task(client):
    from django_tasks_db.models import DBTaskResult

    body = fixture_bytes("pywa_text.json")
    post_signed(client, body)
    post_signed(client, body)

    assert DBTaskResult.objects.count() == 1


def test_an_item_repeated_inside_one_post_is_stored_once(client):
    document = json.loads(message_payload({"type": "text", "text": {"body": "satu"}}))
    value = document["entry"][0]["changes"][0]["value"]
    value["messages"].append(dict(value["messages"][0]))

    assert post_signed(client, json.dumps(document).encode()).status_code == 200
    assert InboxItem.objects.count() == 1


def test_malformed_json_with_a_valid_signature_is_refused_with_400(client):
    assert post_signed(client, b"{not json").status_code == 400
    assert post_signed(client, b"[1, 2]").status_code == 400
    assert InboxItem.objects.count() == 0


def test_items_without_ids_and_odd_shapes_are_ignored_not_500(client):
    body = json.dumps({"object": "whatsapp_business_account", "entry": [
        {"changes": [{"value": {"messages": [{"type": "text"}, "junk"], "statuses": [None]}}, "junk"]}, 3]}).encode()
    assert post_signed(client, body).status_code == 200
    assert InboxItem.objects.count() == 0


def test_oversized_body_is_refused_before_anything_is_stored(client, settings):
    settings.WHATSAPP_MAX_BODY_BYTES = 1000
    body = message_payload({"type": "text", "text": {"body": "x" * 5000}})
    assert post_signed(client, body).status_code == 413
    assert InboxItem.objects.count() == 0


@pytest.mark.parametrize("kind", ["reaction", "sticker", "order", "unsupported", "system"])
def test_unknown_message_types_are_stored_and_ignored_by_the_task(client, kind, run_on_commit):
    with run_on_commit(execute=True):
        assert post_signed(client, message_payload({"type": kind, kind: {"emoji": "👍"}})).status_code == 200
    run_queued_tasks()
    item = InboxItem.objects.get()
    assert item.processed_at is not None
    assert item.outcome == f"ignored:{kind}"
