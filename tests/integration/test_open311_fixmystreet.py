"""A round trip with Sigap played against the calls FixMyStreet's Open311 client makes (mysociety/fixmystreet,
perllib/Open311.pm and its update fetcher, read for the calls and written afresh here): it posts a request
form-encoded with jurisdiction_id and api_key, reads its id from request/service_request_id, later fetches
servicerequestupdates.xml with api_key, start_date and end_date (both or neither, W3CDTF) and reads each
request_update, then posts a comment back with update_id, updated_datetime, service_request_id, status, email,
description and the commenter's name, and reads request_update/update_id from the answer."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportEvent
from tests.factories import WAJO
from tests.integration.open311_support import BASE, new_key

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def w3cdtf(moment: datetime) -> str:
    # FixMyStreet formats its dates with DateTime::Format::W3CDTF, in UTC with a Z.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FixMyStreetSide:
    """The calls, fields and parsing of FixMyStreet's Open311 client, against Django's test client."""

    http: Any
    api_key: str
    jurisdiction: str = "baubau.go.id"

    def _xml(self, response: Any) -> ET.Element:
        assert response.status_code == 200, response.content
        return ET.fromstring(response.content)  # noqa: S314 - our own response

    def send_service_request(self, *, title: str, detail: str, url: str, lat: str, lng: str) -> str:
        params = {
            "jurisdiction_id": self.jurisdiction, "api_key": self.api_key,
            "lat": lat, "long": lng, "email": "warga@example.com", "first_name": "Wa Ode", "last_name": "Sitti",
            "service_code": "jalan_rusak",
            "description": f"title:  {title}\n\ndetail: {detail}\n\nurl: {url}\n\nSubmitted via FixMyStreet\n",
            # The extra fields FixMyStreet asks for come from the service definition's attributes.
            "attribute[kelurahan]": WAJO, "attribute[rw]": "1", "attribute[rt]": "1",
            "attribute[kind]": "pengaduan",
        }
        root = self._xml(self.http.post(f"{BASE}/requests.xml", data=params))
        return root.findtext("request/service_request_id", "")

    def get_service_request_updates(self, start: datetime, end: datetime) -> list[dict[str, str]]:
        query = urlencode({"api_key": self.api_key, "start_date": w3cdtf(start), "end_date": w3cdtf(end),
                           "jurisdiction_id": self.jurisdiction})
        root = self._xml(self.http.get(f"{BASE}/servicerequestupdates.xml?{query}"))
        return [{child.tag: child.text or "" for child in update} for update in root.findall("request_update")]

    def post_service_request_update(self, *, comment_id: int, confirmed: datetime, external_id: str,
                                    problem_open: bool, text: str) -> str:
        params = {
            "jurisdiction_id": self.jurisdiction, "api_key": self.api_key,
            "updated_datetime": w3cdtf(confirmed), "service_request_id": external_id,
            "status": "OPEN" if problem_open else "CLOSED", "email": "komentator@example.com",
            "description": text, "last_name": "Muhammad", "first_name": "La Ode", "update_id": str(comment_id),
        }
        root = self._xml(self.http.post(f"{BASE}/servicerequestupdates.xml", data=params))
        return root.findtext("request_update/update_id", "")


def test_fixmystreet_posts_a_request_reads_the_transition_and_posts_a_comment_back(client, user, frozen_now) -> None:
    fms = FixMyStreetSide(client, new_key("FixMyStreet Baubau"))

    # FixMyStreet sends the problem and keeps Sigap's id as the problem's external_id.
    external_id = fms.send_service_request(title="Jalan berlubang", detail="Depan pasar Wajo, dalam sekali",
                                           url="https://fms.example.org/report/12", lat="-5.4701", lng="122.6123")
    report = Report.objects.get(tracking_id=external_id)

    # Sigap works the report through its own lifecycle.
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            note="Untuk PUPR")
    actions.respond_to_report(report=report, by=user("petugas.pupr"), message="Tim menambal Kamis ini",
                              now=frozen_now + timedelta(minutes=10))

    # FixMyStreet's fetcher asks for the last hours' updates and finds the transition with its public text.
    fetched = fms.get_service_request_updates(frozen_now - timedelta(hours=1), frozen_now + timedelta(hours=1))
    mine = [u for u in fetched if u["service_request_id"] == external_id]
    assert [u["status"] for u in mine] == ["ACTION_SCHEDULED", "IN_PROGRESS"]
    assert mine[-1]["description"] == "Tim menambal Kamis ini"
    assert mine[0]["description"] == ""  # the note to the unit stays inside the office
    assert all(u["update_id"] and u["updated_datetime"] for u in mine)

    # A FixMyStreet user comments; FixMyStreet posts it back and keeps Sigap's update id.
    answer = fms.post_service_request_update(comment_id=501, confirmed=frozen_now + timedelta(minutes=20),
                                             external_id=external_id, problem_open=True,
                                             text="Sudah makin dalam, hati-hati motor")
    event = ReportEvent.objects.filter(report=report).order_by("-seq").first()
    assert event is not None and answer == f"{external_id}-{event.seq}"
    assert event.note == "Sudah makin dalam, hati-hati motor"
    report.refresh_from_db()
    assert report.status == "in_progress"

    # Its next fetch does not bring its own comment back as news.
    again = fms.get_service_request_updates(frozen_now - timedelta(hours=1), frozen_now + timedelta(hours=1))
    assert [u["update_id"] for u in again if u["service_request_id"] == external_id] == [
        u["update_id"] for u in mine]


def test_fixmystreet_resending_a_comment_after_a_timeout_changes_nothing(client, user, frozen_now) -> None:
    fms = FixMyStreetSide(client, new_key("FixMyStreet Baubau"))
    external_id = fms.send_service_request(title="Lampu jalan mati", detail="Sejak minggu lalu", url="https://x.test/1",
                                           lat="-5.4701", lng="122.6123")

    first = fms.post_service_request_update(comment_id=9, confirmed=frozen_now, external_id=external_id,
                                            problem_open=True, text="Masih mati")
    second = fms.post_service_request_update(comment_id=9, confirmed=frozen_now, external_id=external_id,
                                             problem_open=True, text="Masih mati")

    assert first == second
    assert ReportEvent.objects.filter(report__tracking_id=external_id, action="note").count() == 1
