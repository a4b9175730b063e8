"""WhatsApp "Cek status": the reporter's own number reads their own page's view; any other number (a follower
included) reads only what the public tracking page shows."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from sigap.channels.access import Relation, relation_to_report
from sigap.channels.models import WhatsAppContact
from sigap.reports import actions
from sigap.reports.models import Report, ReportFollower
from tests.factories import make_report
from tests.integration.whatsapp_support import ask_status

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=WITA)
REPORTER = "6281234500001"  # the factory's reporter_phone, as Meta sends it
STRANGER = "6281299990009"
QUESTION = "Mohon kirim nomor rumah Bapak di Lorong Mawar"


@pytest.fixture(autouse=True)
def _fixed_clock() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def status_reply(client, run_on_commit) -> Callable[[str, str], str]:
    return functools.partial(ask_status, client, run_on_commit)


def asked_for_info(user) -> Report:
    report = make_report(now=MONDAY_9)
    actions.request_info(report=report, by=user("verifikator"), message=QUESTION, now=MONDAY_9.replace(hour=10))
    return Report.objects.get(pk=report.pk)


def test_another_number_gets_only_the_public_view(status_reply, user) -> None:
    # given a report whose reporter was asked a question (a note for the reporter only)
    report = asked_for_info(user)

    # when a number that is not the reporter's asks for its status
    reply = status_reply(report.tracking_id, STRANGER)

    # then it reads the status, never the question, the reporter's link or identity
    assert report.tracking_id in reply
    assert QUESTION not in reply
    assert report.reporter_token not in reply
    assert report.reporter_name not in reply and "81234500001" not in reply


def test_the_reporter_gets_their_own_details(status_reply, user) -> None:
    # given the same report
    report = asked_for_info(user)

    # when the reporter's own number asks
    reply = status_reply(report.tracking_id, REPORTER)

    # then they read the question put to them and their own page's link
    assert QUESTION in reply
    assert report.reporter_token in reply


def test_a_follower_gets_the_public_view_too(status_reply, user) -> None:
    # given a number that follows the report (followers are the public)
    report = asked_for_info(user)
    ReportFollower.objects.create(report=report, phone=f"+{STRANGER}", created_at=NOW, confirmed_at=NOW)

    # when it asks for the status
    reply = status_reply(report.tracking_id, STRANGER)

    # then it is told what the tracking page shows, nothing for the reporter only
    assert report.tracking_id in reply
    assert QUESTION not in reply and report.reporter_token not in reply


def test_a_rahasia_report_is_not_found_for_another_number(status_reply) -> None:
    # given a confidential report
    report = make_report(now=MONDAY_9, rahasia=True)

    # when another number asks for it
    reply = status_reply(report.tracking_id, STRANGER)

    # then it is told no such report exists, as the public page would
    assert report.title not in reply


def test_the_access_function_names_reporter_follower_and_stranger(status_reply) -> None:
    # given a report, a follower and an unrelated number, all known contacts
    report = make_report(now=MONDAY_9)
    for wa_id in (REPORTER, STRANGER, "6281299990010"):
        status_reply(report.tracking_id, wa_id)
    ReportFollower.objects.create(report=report, whatsapp_id=STRANGER, created_at=NOW, confirmed_at=NOW)

    # then each is named for what it is to the report
    relation = {wa_id: relation_to_report(WhatsAppContact.objects.get(wa_id=wa_id), report)
                for wa_id in (REPORTER, STRANGER, "6281299990010")}
    assert relation == {REPORTER: Relation.REPORTER, STRANGER: Relation.FOLLOWER,
                        "6281299990010": Relation.STRANGER}
