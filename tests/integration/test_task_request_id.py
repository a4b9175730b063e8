"""The request id follows a WhatsApp message from the webhook POST into its processing and on into the reply.

Transactional: a task's follow-up work is enqueued as the task's own transaction commits, inside the worker's run of
it, as in production (a test transaction that never commits would enqueue it only after the task had finished).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.test_request_logs import logs, of_kind, run_queued_tasks_as_the_worker  # noqa: F401
from tests.integration.whatsapp_support import message_payload, post_signed, text
from tests.integration.worker_support import (
    reference_after_worker_tests,  # noqa: F401
    reference_for_worker_tests,  # noqa: F401
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_tasks_a_task_enqueues_carry_the_request_id_it_came_from(client: Any, logs: Any) -> None:  # noqa: F811
    # Given a WhatsApp message delivered by the webhook (its processing task enqueued by the request)
    request_id = post_signed(client, message_payload(text("halo")))["X-Request-ID"]

    # When a worker processes it, then sends the reply that processing enqueued
    run_queued_tasks_as_the_worker()

    # Then the reply's send task, enqueued by the processing task, carries the webhook request's id too
    tasks = {line["task"]: line for line in of_kind(logs, "task")}
    assert tasks["sigap.channels.tasks.process_inbox"]["request_id"] == request_id
    assert tasks["sigap.notifications.tasks.send_notification"]["request_id"] == request_id
