"""Supporting a report ("Saya juga mengalami ini"): the action. A support counts once its address is confirmed like
a follow's, once per address; a confirmed supporter hears of the resolution only; finished, resolved and rahasia
reports refuse it; it is counted against the client like intake. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from sigap.core.errors import InvalidInput, NotFound, RateLimited
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportFollower
from sigap.reports.queries import support_count
from tests.factories import make_report, photo

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=WITA)
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
PHONE = "+6281311112222"
EMAIL = "tetangga@example.com"
CLIENT = "203.0.113.9"


@pytest.fixture(autouse=True)
def _fixed_clock() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def sent_to(address: str) -> list[str]:
    return list(Notification.objects.filter(recipient_address=address).order_by("pk")
                .values_list("template", flat=True))


def whatsapp_support(report: Report, phone: str = PHONE) -> list[ReportFollower]:
    return actions.support_report(report=report, phone=phone, confirmed_by_owner=True, now=NOW)


def dispatched(report: Report, user: Any) -> Report:
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"), now=NOW)
    return report


def resolve(report: Report, user: Any) -> None:
    actions.resolve_report(report=report, by=user("petugas.pupr"), message="Sudah ditambal", photo=photo(), now=NOW)


def test_a_whatsapp_number_supporting_a_report_is_counted() -> None:
    report = make_report(now=MONDAY_9)

    whatsapp_support(report)

    assert support_count(report) == 1


def test_the_same_number_supporting_twice_counts_once() -> None:
    report = make_report(now=MONDAY_9)

    whatsapp_support(report)
    whatsapp_support(report)

    assert support_count(report) == 1
    assert ReportFollower.objects.filter(report=report).count() == 1


def test_two_citizens_count_two() -> None:
    report = make_report(now=MONDAY_9)

    whatsapp_support(report)
    whatsapp_support(report, phone="+6281399998888")

    assert support_count(report) == 2


def test_an_email_typed_on_a_form_is_not_counted_until_its_owner_confirms() -> None:
    report = make_report(now=MONDAY_9)

    actions.support_report(report=report, email=EMAIL, client_address=CLIENT, now=NOW)

    assert support_count(report) == 0
    assert sent_to(EMAIL) == ["support_confirm"]


def test_the_confirmation_link_counts_the_support() -> None:
    report = make_report(now=MONDAY_9)
    [row] = actions.support_report(report=report, email=EMAIL, client_address=CLIENT, now=NOW)

    actions.confirm_follow(report=report, token=row.confirm_token, now=NOW)

    assert support_count(report) == 1


def test_the_confirmation_link_points_at_the_support_page() -> None:
    report = make_report(now=MONDAY_9)

    actions.support_report(report=report, email=EMAIL, client_address=CLIENT, now=NOW)

    url = Notification.objects.get(recipient_address=EMAIL).context["url"]
    assert f"/lapor/dukung/{report.tracking_id}/konfirmasi/" in url


def test_asking_twice_from_a_form_sends_one_confirmation() -> None:
    report = make_report(now=MONDAY_9)

    for _attempt in range(2):
        actions.support_report(report=report, email=EMAIL.upper(), client_address=CLIENT, now=NOW)

    assert sent_to(EMAIL) == ["support_confirm"]


def test_a_phone_typed_on_a_form_waits_for_its_number() -> None:
    report = make_report(now=MONDAY_9)

    actions.support_report(report=report, phone=PHONE, client_address=CLIENT, now=NOW)

    assert support_count(report) == 0
    assert sent_to(PHONE) == []


def test_the_number_itself_confirms_what_the_form_left_pending() -> None:
    report = make_report(now=MONDAY_9)
    actions.support_report(report=report, phone=PHONE, client_address=CLIENT, now=NOW)

    whatsapp_support(report)

    assert support_count(report) == 1


def test_a_support_without_any_contact_is_refused() -> None:
    report = make_report(now=MONDAY_9)

    with pytest.raises(InvalidInput) as refused:
        actions.support_report(report=report, client_address=CLIENT, now=NOW)

    assert refused.value.code == "contact_required"


def test_a_closed_report_cannot_be_supported(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.archive_report(report=report, by=user("verifikator"), reason="Bukan kewenangan", now=NOW)

    with pytest.raises(InvalidInput) as refused:
        whatsapp_support(report)

    assert refused.value.code == "closed"
    assert not ReportFollower.objects.filter(report=report).exists()


def test_a_resolved_report_cannot_be_supported(user) -> None:
    report = dispatched(make_report(now=MONDAY_9), user)
    resolve(report, user)

    with pytest.raises(InvalidInput) as refused:
        whatsapp_support(report)

    assert refused.value.code == "resolved"


def test_a_rahasia_report_cannot_be_supported_as_if_it_did_not_exist() -> None:
    report = make_report(now=MONDAY_9, rahasia=True)

    with pytest.raises(NotFound):
        whatsapp_support(report)

    assert not ReportFollower.objects.filter(report=report).exists()


def test_an_anonim_report_can_be_supported() -> None:
    report = make_report(now=MONDAY_9, anonim=True)

    whatsapp_support(report)

    assert support_count(report) == 1


def test_the_reporters_own_number_is_told_it_filed_the_report() -> None:
    report = make_report(now=MONDAY_9)

    with pytest.raises(InvalidInput) as refused:
        whatsapp_support(report, phone=report.reporter_phone)

    assert refused.value.code == "own_report"


def test_the_reporters_email_typed_on_a_form_is_answered_like_any_other_and_not_counted() -> None:
    report = make_report(now=MONDAY_9)

    stored = actions.support_report(report=report, email=report.reporter_email, client_address=CLIENT, now=NOW)

    assert stored == []
    assert "support_confirm" not in sent_to(report.reporter_email)


def test_a_confirmed_supporter_is_told_of_the_resolution(user) -> None:
    report = dispatched(make_report(now=MONDAY_9), user)
    whatsapp_support(report)

    resolve(report, user)

    assert sent_to(PHONE) == ["report_resolved"]


def test_a_supporter_is_not_told_of_the_steps_before_it(user) -> None:
    report = make_report(now=MONDAY_9)
    whatsapp_support(report)

    dispatched(report, user)

    assert sent_to(PHONE) == []


def test_an_unconfirmed_supporter_is_not_told_of_the_resolution(user) -> None:
    report = dispatched(make_report(now=MONDAY_9), user)
    actions.support_report(report=report, phone=PHONE, client_address=CLIENT, now=NOW)

    resolve(report, user)

    assert sent_to(PHONE) == []


def test_a_follower_who_supports_keeps_every_step(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.follow_report(report=report, phone=PHONE, confirmed_by_owner=True, now=NOW)

    whatsapp_support(report)
    dispatched(report, user)

    assert sent_to(PHONE) == ["report_dispatched"]
    assert support_count(report) == 1


def test_a_supporter_who_then_follows_gets_every_step(user) -> None:
    report = make_report(now=MONDAY_9)
    whatsapp_support(report)

    actions.follow_report(report=report, phone=PHONE, confirmed_by_owner=True, now=NOW)
    dispatched(report, user)

    assert sent_to(PHONE) == ["report_dispatched"]


def test_supports_past_the_contacts_daily_limit_are_refused(settings) -> None:
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 2
    reports = [make_report(now=MONDAY_9) for _n in range(3)]
    for report in reports[:2]:
        actions.support_report(report=report, email=EMAIL, client_address=CLIENT, now=NOW)

    with pytest.raises(RateLimited):
        actions.support_report(report=reports[2], email=EMAIL, client_address=CLIENT, now=NOW)

    assert not ReportFollower.objects.filter(report=reports[2]).exists()


def test_supports_past_the_addresss_hourly_limit_are_refused(settings) -> None:
    settings.SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR = 2
    report = make_report(now=MONDAY_9)
    for n in range(2):
        actions.support_report(report=report, email=f"warga{n}@example.com", client_address=CLIENT, now=NOW)

    with pytest.raises(RateLimited):
        actions.support_report(report=report, email="warga9@example.com", client_address=CLIENT, now=NOW)


def test_supports_leave_the_days_intake_to_ones_own_report(settings) -> None:
    # given a contact that used its whole daily budget supporting others' reports
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 1
    actions.support_report(report=make_report(now=MONDAY_9), email=EMAIL, client_address=CLIENT, now=NOW)

    # when it files its own report, then intake still takes it
    draft = actions.ReportDraft(kind="pengaduan", category=Report.objects.first().category, title="Sampah",
                                description="Sampah menumpuk", reporter_email=EMAIL)
    filed = actions.file_report(draft, client=actions.Client(address=CLIENT), now=NOW)
    assert filed.report.pk
