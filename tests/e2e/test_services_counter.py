"""An officer at the counter and a citizen answering the survey, in real Chromium with JavaScript off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.waits import next_page
from tests.integration.worker_support import load_reference

NIK = "7472061508900001"


@pytest.fixture
def site(live_server: Any) -> str:
    from sigap.services.models import Service

    if not Service.objects.filter(code="ktp_el").exists() or not _has_accounts():
        load_reference()
    return str(live_server.url)


def _has_accounts() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="petugas.dukcapil").exists()


def _click_step(page: Any, action: str) -> None:
    with next_page(page):
        page.click(f"form:has(input[name=action][value={action}]) button")


def test_walk_in_to_hand_over_at_the_counter_then_one_survey_answer(site: str, browser: Any) -> None:
    from sigap.notifications.models import Notification
    from sigap.services.models import ServiceRequest
    from sigap.surveys.models import SurveyResponse

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/akun/login/?next=/layanan/loket/")
    page.fill("input[name=username]", "petugas.dukcapil")
    page.fill("input[name=password]", "sigap-demo")
    with next_page(page):
        page.click("main form button")
    page.wait_for_selector("#id_service")

    page.select_option("#id_service", "ktp_el")
    page.select_option("#id_unit", "dukcapil")
    page.fill("#id_applicant_name", "La Ode Budi")
    page.fill("#id_nik", NIK)
    page.fill("#id_applicant_phone", "+6281234500099")
    with next_page(page):
        page.click("main form:has(#id_service) button")
    req = ServiceRequest.objects.get()
    assert req.tracking_id in page.content()

    for action in ("check", "start", "mark_ready", "hand_over"):
        _click_step(page, action)
    req.refresh_from_db()
    assert req.status == "handed_over"

    survey_url = Notification.objects.get(template="service_survey", channel="whatsapp").context["survey_url"]
    citizen = browser.new_context(java_script_enabled=False).new_page()
    path = survey_url.split("/survei/", 1)[1]
    citizen.goto(f"{site}/survei/{path}")
    for element in range(1, 10):
        citizen.check(f"input[name=u{element}][value='4']")
    with next_page(citizen):
        citizen.click("main form button")
    assert SurveyResponse.objects.count() == 1
    citizen.goto(f"{site}/survei/{path}")
    assert "already" in citizen.content().lower() or "sudah" in citizen.content().lower()
    assert SurveyResponse.objects.count() == 1
    context.close()
