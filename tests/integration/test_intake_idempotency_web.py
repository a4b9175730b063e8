"""The web form's one-time token: a double-click, a resent POST or a stale page files one report, not two."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core import signing
from django.core.cache import cache

from sigap.reports.models import Report
from sigap.web import form_token
from tests.factories import WAJO

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def token_of(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def form_data(token: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "pengaduan", "category": "jalan_rusak", "kecamatan": "74.72.06", "kelurahan": WAJO,
        "title": "Jalan berlubang", "description": "Lubang besar di depan pasar.", "name": "La Ode",
        "phone": "0812 3456 7891", "form_token": token,
    }
    data.update(overrides)
    return data


def test_a_double_click_stores_one_report_and_both_land_on_its_page(client) -> None:
    # Given the form as rendered, with its token
    token = token_of(client.get("/lapor/").content.decode())
    before = Report.objects.count()

    # When it is sent twice (a double-click, or five)
    answers = [client.post("/lapor/", form_data(token)) for _click in range(5)]

    # Then one report is stored and every answer redirects to its page
    assert Report.objects.count() == before + 1
    report = Report.objects.latest("id")
    assert {answer.status_code for answer in answers} == {302}
    page = f"/lapor/terkirim/{report.tracking_id}/{report.reporter_token}"
    assert {answer["Location"] for answer in answers} == {page}


def test_a_second_click_over_the_rate_limit_still_lands_on_the_first_report(client, settings) -> None:
    # Given a contact allowed one report a day
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 1
    token = form_token.issue()
    first = client.post("/lapor/", form_data(token))

    # When the second click arrives
    second = client.post("/lapor/", form_data(token))

    # Then it lands where the first did
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_the_same_page_sent_again_with_other_contents_is_not_filed_and_gets_a_fresh_token(client) -> None:
    # Given a form that was sent
    token = form_token.issue()
    client.post("/lapor/", form_data(token))
    before = Report.objects.count()

    # When the citizen goes back, edits the title and sends the same page again
    response = client.post("/lapor/", form_data(token, title="Lampu jalan mati"))

    # Then nothing is filed, what they typed is kept, they are told why, and a new token lets them file it
    page = response.content.decode()
    assert response.status_code == 400
    assert Report.objects.count() == before
    assert 'value="Lampu jalan mati"' in page
    assert "Formulir ini sudah dikirim" in page
    fresh = token_of(page)
    assert fresh != token
    assert client.post("/lapor/", form_data(fresh, title="Lampu jalan mati")).status_code == 302
    assert Report.objects.count() == before + 1


def test_a_form_without_a_genuine_token_keeps_what_was_typed_and_asks_again(client) -> None:
    # Given a post without a token, and one with a forged token
    before = Report.objects.count()
    missing = client.post("/lapor/", {key: value for key, value in form_data("").items() if key != "form_token"})
    forged = client.post("/lapor/", form_data(signing.dumps("nonce", salt="another-salt")))

    # Then neither is filed; each page keeps the typed title and carries a genuine token
    assert Report.objects.count() == before
    for response in (missing, forged):
        page = response.content.decode()
        assert response.status_code == 400
        assert 'value="Jalan berlubang"' in page
        assert form_token.key_of(token_of(page)) is not None


def test_a_token_older_than_the_key_lifetime_is_refused(client) -> None:
    # Given a token issued 25 hours ago (keys live 24)
    with time_machine.travel(datetime(2026, 12, 1, 8, 0, tzinfo=UTC), tick=False):
        old = form_token.issue()

    # When the form comes with it
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):
        response = client.post("/lapor/", form_data(old))

    # Then it is not filed
    assert response.status_code == 400
    assert not Report.objects.filter(title="Jalan berlubang").exists()


def test_a_refused_form_keeps_its_token_so_the_corrected_form_files_once(client) -> None:
    # Given a form refused for a missing contact
    token = form_token.issue()
    refused = client.post("/lapor/", form_data(token, phone=""))

    # When the corrected form is sent with the token the page kept
    kept = token_of(refused.content.decode())
    response = client.post("/lapor/", form_data(kept))

    # Then it is the same token and the report is filed
    assert kept == token
    assert response.status_code == 302
