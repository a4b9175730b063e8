"""The Django admin never shows an anonim reporter's name, phone or e-mail: not in the list, the detail, a search,
a filter in the URL or the outbox; the way to it is the audited reveal on the staff page."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from sigap.notifications.actions import deliver_notification
from sigap.notifications.models import Notification
from sigap.reports.access import REPORTER_IDENTITY_FIELDS, identity_is_protected
from sigap.reports.models import Report
from tests.factories import make_report

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "Wa Ode Rahasia", "+6281277778888", "rahasia.pelapor@example.com"
IDENTITY = {"reporter_name": NAME, "reporter_phone": PHONE, "reporter_email": EMAIL}
REPORTS = "/admin/reports/report/"
OUTBOX = "/admin/notifications/notification/"


@pytest.fixture
def admin_client(client, user) -> Any:
    client.force_login(user("admin"))
    return client


def shows_identity(body: str) -> bool:
    return any(value in body for value in (NAME, PHONE, EMAIL, PHONE.lstrip("+")))


def test_the_identity_fields_are_named_once() -> None:
    assert {"reporter_name", "reporter_phone", "reporter_email"} <= set(REPORTER_IDENTITY_FIELDS)


def test_only_an_anonim_report_protects_its_identity() -> None:
    assert identity_is_protected(Report(anonim=True)) and not identity_is_protected(Report(anonim=False))


def test_the_detail_of_an_anonim_report_hides_the_identity_and_points_to_the_audited_reveal(admin_client) -> None:
    # given an anonim report
    report = make_report(anonim=True, **IDENTITY)

    # when an admin opens it in the admin
    body = admin_client.get(f"{REPORTS}{report.pk}/change/").content.decode()

    # then no identity shows, and the staff page (where a reveal is recorded) is named
    assert report.tracking_id in body
    assert not shows_identity(body)
    assert f"/petugas/laporan/{report.tracking_id}" in body


def test_the_detail_of_a_named_report_shows_the_identity(admin_client) -> None:
    report = make_report(anonim=False, **IDENTITY)

    body = admin_client.get(f"{REPORTS}{report.pk}/change/").content.decode()

    assert NAME in body and PHONE in body


def test_the_list_never_shows_an_anonim_identity(admin_client) -> None:
    make_report(anonim=True, **IDENTITY)

    response = admin_client.get(REPORTS)

    assert response.status_code == 200
    assert not shows_identity(response.content.decode())


def test_searching_the_reporters_phone_or_name_finds_no_anonim_report(admin_client) -> None:
    report = make_report(anonim=True, **IDENTITY)

    for term in (PHONE, NAME, EMAIL):
        body = admin_client.get(REPORTS, {"q": term}).content.decode()
        assert report.tracking_id not in body, term


def test_filtering_the_list_by_an_identity_field_in_the_url_is_refused(admin_client) -> None:
    # given an anonim report (the admin would otherwise answer "which reports did this number file")
    make_report(anonim=True, **IDENTITY)

    # when the list, or the outbox, is asked to filter by the phone
    reports = admin_client.get(REPORTS, {"reporter_phone": PHONE})
    outbox = admin_client.get(OUTBOX, {"recipient_address": PHONE})

    # then the admin refuses the lookup
    assert reports.status_code == 400 and outbox.status_code == 400


def test_the_outbox_hides_the_address_of_messages_to_an_anonim_reporter(admin_client) -> None:
    # given the receipt owed to an anonim reporter
    report = make_report(anonim=True, **IDENTITY)
    row = Notification.objects.filter(report=report, recipient_user__isnull=True).first()
    assert row is not None

    # when the outbox list and the message's detail are opened, and its address searched
    listing = admin_client.get(OUTBOX).content.decode()
    detail = admin_client.get(f"{OUTBOX}{row.pk}/change/").content.decode()
    searched = admin_client.get(OUTBOX, {"q": PHONE}).content.decode()

    # then neither the address, nor the key holding it, nor the reporter's link shows, and search finds nothing
    assert not shows_identity(listing) and not shows_identity(detail)
    assert report.reporter_token not in detail
    assert f"{row.pk}/change/" not in searched


class UnknownUserBackend(BaseEmailBackend):
    """An SMTP server that refuses the recipient and, as servers do, quotes the address in its answer."""

    def send_messages(self, email_messages: Any) -> int:
        address = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({address: (550, f"5.1.1 <{address}>: user unknown".encode())})


def test_the_outbox_hides_a_refusal_that_quotes_an_anonim_reporters_address(admin_client, settings) -> None:
    # given the e-mail receipt to an anonim reporter, refused by a server that quotes the address
    settings.EMAIL_BACKEND = f"{__name__}.UnknownUserBackend"
    report = make_report(anonim=True, **IDENTITY)
    row = Notification.objects.get(report=report, channel="email", recipient_user__isnull=True)
    deliver_notification(notification_id=row.pk)
    row.refresh_from_db()
    assert EMAIL in row.last_error and row.status == "failed"

    # when an admin opens the message
    detail = admin_client.get(f"{OUTBOX}{row.pk}/change/").content.decode()

    # then the refusal's text (holding the address) is not shown, its state is
    assert not shows_identity(detail)
    assert "failed" in detail.lower() or "gagal" in detail.lower()


def test_the_outbox_shows_the_address_of_a_named_reporter(admin_client) -> None:
    report = make_report(anonim=False, **IDENTITY)

    listing = admin_client.get(OUTBOX).content.decode()

    assert Notification.objects.filter(report=report, recipient_address=PHONE).exists()
    assert PHONE in listing
