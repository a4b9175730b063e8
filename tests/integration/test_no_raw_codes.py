"""Issue 14: no stored code reaches a person. Every staff page of every demo account (its menu, the reports it may
open, the counter's requests) is read as a person reads it, in Indonesian: its text, not its markup, must hold no
status, action or other stored code (`dispatch`, `mark_ready`, `received`…)."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from sigap.domain.lifecycle import Action, Status
from sigap.domain.service_requests import RequestAction, RequestStatus
from sigap.domain.sla import Stage
from sigap.notifications.models import NotificationStatus
from sigap.organization.models import Role, Unit, UnitKind
from sigap.reports import actions
from sigap.reports.models import Kind, Materi
from sigap.reports.queries import full_timeline
from sigap.reports.queue import QueueFilters, work_queue
from sigap.seed.demo import demo_usernames
from sigap.services import actions as service_actions
from sigap.services.access import requests_handled_by
from sigap.web.navigation import staff_menu_for
from tests.factories import make_report, photo
from tests.integration.services_helpers import walk_in

pytestmark = pytest.mark.django_db


def _codes() -> set[str]:
    # The lifecycles' codes are all stored codes; of the other enums, only those no Indonesian sentence would hold
    # (a single word such as "kelurahan" is also plain Indonesian).
    codes = {str(member) for enum in (Status, Action, RequestStatus, RequestAction) for member in enum}
    others = [*Stage, *NotificationStatus.values, *Role.values, *UnitKind.values, *Kind.values, *Materi.values]
    return codes | {str(value) for value in others if "_" in str(value)}


CODES = _codes()
WORD = re.compile(r"[a-z][a-z_]*[a-z]")


class _Text(HTMLParser):
    """What a person reads: text outside <script>, <style> and <template>; attributes are markup."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def raw_codes(html: str) -> set[str]:
    reader = _Text()
    reader.feed(html)
    return {word for word in WORD.findall(" ".join(reader.parts)) if word in CODES}


@pytest.fixture
def a_report_in_every_state(user, frozen_now):
    """Reports that went through most of the lifecycle, so timelines hold most of its actions."""
    admin, pupr = user("verifikator"), Unit.objects.get(code="pupr")
    start = frozen_now - timedelta(days=3)
    make_report(now=start)  # received
    asked = make_report(now=start)
    actions.request_info(report=asked, by=admin, message="Mohon kirim foto lokasi.", now=start)
    answered = make_report(now=start)
    actions.dispatch_report(report=answered, by=admin, lead_unit=pupr, note="Segera.", now=start)
    actions.respond_to_report(report=answered, by=user("petugas.pupr"), message="Kami cek besok.", now=start)
    actions.add_note(report=answered, by=user("petugas.pupr"), message="Tim berangkat.", now=start)
    actions.resolve_report(report=answered, by=user("petugas.pupr"), message="Sudah ditambal.", photo=photo(),
                           now=start)
    archived = make_report(now=start)
    actions.archive_report(report=archived, by=admin, reason="Laporan ganda.", now=start)
    return frozen_now


@pytest.fixture
def a_counter_request(user, frozen_now):
    """A walk-in request moved a few steps at the counter, so its page lists several steps."""
    officer = user("petugas.dukcapil")
    found = walk_in(officer, now=frozen_now)
    for step in (RequestAction.CHECK, RequestAction.START):
        service_actions.transition(request=found, action=step, by=officer, now=frozen_now)
    return found


def pages_of(person) -> list[str]:
    """Every staff page this person is offered: the menu, the reports in their queue, the counter's requests."""
    urls = [link.url for link in staff_menu_for(person)]
    urls += [reverse("staff:report", args=[r.tracking_id]) for r in work_queue(person, QueueFilters())[:10]]
    urls += [reverse("services:request", args=[r.tracking_id]) for r in requests_handled_by(person)[:5]]
    return urls


@pytest.mark.parametrize("username", demo_usernames())
def test_no_staff_page_shows_a_stored_code(client, user, username, a_report_in_every_state,
                                           a_counter_request) -> None:
    # given a demo account signed in, with reports and a counter request on its pages
    person = user(username)
    client.force_login(person)
    found = {}
    # when each of its pages is opened in Indonesian
    for url in pages_of(person):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        codes = raw_codes(response.content.decode())
        if codes:
            found[url] = sorted(codes)
    # then no page's text holds a stored code
    assert not found, found


def test_the_walk_reads_the_timelines_of_a_report_that_went_through_the_lifecycle(user,
                                                                                   a_report_in_every_state) -> None:
    # given the reports the walk opens, then their timelines hold the actions a code could leak from
    person = user("verifikator")
    actions_seen = {entry.action for report in work_queue(person, QueueFilters()) for entry in full_timeline(report)}
    assert {Action.SUBMIT, Action.REQUEST_INFO} <= actions_seen


def test_a_page_that_printed_a_code_would_fail_the_walk() -> None:
    # given the text a page showed before issue 14, then the check finds its codes and ignores markup
    assert raw_codes('<li><strong>Diterima</strong> · dispatch · Dinas PUPR</li>') == {"dispatch"}
    assert raw_codes('<form id="form-dispatch"><input name="action" value="mark_ready"></form>') == set()


def test_the_admin_lists_and_a_report_in_the_admin_show_no_stored_code(admin_client, a_report_in_every_state,
                                                                        a_counter_request) -> None:
    # given reports and a counter request, when the admin's lists (with their filters) and a report are opened
    from sigap.reports.models import Report

    report = Report.objects.filter(events__action=Action.RESOLVE).first()
    assert report is not None
    urls = ["/admin/reports/report/", "/admin/services/servicerequest/", "/admin/notifications/notification/",
            reverse("admin:reports_report_change", args=[report.pk])]
    found = {}
    for url in urls:
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="id")
        assert response.status_code == 200, url
        codes = raw_codes(response.content.decode())
        if codes:
            found[url] = sorted(codes)
    # then their text holds none
    assert not found, found
