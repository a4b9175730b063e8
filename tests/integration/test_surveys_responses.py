"""The SKM: one response per link, answers 1-4 only, kiosk responses for the unit, results as the regulation."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from openpyxl import load_workbook

from sigap.core.errors import Conflict, InvalidInput
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.services import actions as service_actions
from sigap.services.models import Service
from sigap.surveys import actions
from sigap.surveys.models import SurveyInvitation, SurveyResponse
from tests.factories import make_report
from tests.integration.services_helpers import walk_in, wita

pytestmark = pytest.mark.django_db
ALL_THREES = {f"u{i}": "3" for i in range(1, 10)}


def handed_over(user: Any) -> SurveyInvitation:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    service_actions.check_requirements(request=req, by=officer, now=wita(10, 10))
    service_actions.mark_ready(request=req, by=officer, now=wita(10, 11))
    service_actions.hand_over(request=req, by=officer, now=wita(10, 12))
    return SurveyInvitation.objects.get(service_request=req)


def test_handing_over_sends_a_survey_link(user: Any) -> None:
    invitation = handed_over(user)
    sent = Notification.objects.get(template="service_survey", channel="whatsapp")
    assert sent.context["survey_url"].endswith(f"/survei/{invitation.token}")


def test_the_survey_link_after_hand_over_records_one_response_and_refuses_a_second(user: Any) -> None:
    invitation = handed_over(user)
    client = Client()
    first = client.post(f"/survei/{invitation.token}", {**ALL_THREES, "gender": "p", "age_band": "30-39"})
    second = client.post(f"/survei/{invitation.token}", ALL_THREES)
    assert first.status_code == 200 and second.status_code == 409
    [response] = SurveyResponse.objects.all()
    assert response.unit.code == "dukcapil" and response.service.code == "ktp_el" and response.gender == "p"


def test_a_duplicate_answer_through_the_action_is_a_conflict(user: Any) -> None:
    invitation = handed_over(user)
    actions.answer_invitation(token=invitation.token, answers=ALL_THREES)
    with pytest.raises(Conflict):
        actions.answer_invitation(token=invitation.token, answers=ALL_THREES)
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("bad", ["0", "5", "", "x", "3.5", "-1"])
def test_answers_outside_1_to_4_are_refused_and_nothing_is_stored(user: Any, bad: str) -> None:
    invitation = handed_over(user)
    with pytest.raises(InvalidInput) as refused:
        actions.answer_invitation(token=invitation.token, answers={**ALL_THREES, "u4": bad})
    assert refused.value.field == "u4"
    assert not SurveyResponse.objects.exists()


def test_the_form_shows_the_error_and_keeps_the_link_open(user: Any) -> None:
    invitation = handed_over(user)
    page = Client().post(f"/survei/{invitation.token}", {**ALL_THREES, "u9": "5"})
    assert page.status_code == 422 and "U9" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_unknown_profile_choice_is_refused(user: Any) -> None:
    invitation = handed_over(user)
    with pytest.raises(InvalidInput):
        actions.answer_invitation(token=invitation.token, answers=ALL_THREES, profile={"education": "phd"})


def test_the_form_has_the_nine_elements_in_indonesian(user: Any) -> None:
    page = Client().get(f"/survei/{handed_over(user).token}").content.decode()
    for element in ("Persyaratan", "Waktu penyelesaian", "Sarana dan prasarana", "Perilaku pelaksana"):
        assert element in page


def test_kiosk_records_anonymous_responses_for_the_unit() -> None:
    client = Client()
    for _ in range(2):
        assert client.post("/survei/kios/dukcapil", {**ALL_THREES, "service": "kk"}).status_code == 200
    assert SurveyResponse.objects.filter(unit__code="dukcapil", service__code="kk", source="kiosk").count() == 2


def test_kiosk_refuses_a_service_the_unit_does_not_offer() -> None:
    with pytest.raises(InvalidInput):
        actions.answer_at_kiosk(unit=Unit.objects.get(code="dukcapil"), service=Service.objects.get(code="pbg"),
                                answers=ALL_THREES)
    page = Client().post("/survei/kios/dukcapil", {**ALL_THREES, "service": "pbg"})
    assert page.status_code == 422 and not SurveyResponse.objects.exists()


def test_a_closed_report_opens_one_survey_through_the_reporters_link(user: Any) -> None:
    report = make_report()
    report.status = "closed"  # the reports helper owns closing; only the survey's side is under test here
    report.save(update_fields=["status"])
    client = Client()
    link = actions.report_survey_url(report)
    opened = client.get(urlsplit(link).path)
    assert opened.status_code == 302
    assert client.post(opened["Location"], ALL_THREES).status_code == 200
    again = client.get(f"/survei/laporan/{report.tracking_id}/{report.reporter_token}", follow=True)
    assert again.status_code == 200 and SurveyInvitation.objects.filter(report=report).count() == 1
    assert SurveyResponse.objects.filter(source="report").count() == 1


def test_an_open_report_has_no_survey_yet() -> None:
    report = make_report()
    page = Client().get(f"/survei/laporan/{report.tracking_id}/{report.reporter_token}")
    assert page.status_code == 409 and not SurveyInvitation.objects.exists()


def _answer_kiosk(rows: list[list[int]]) -> None:
    unit = Unit.objects.get(code="dukcapil")
    for row in rows:
        actions.answer_at_kiosk(unit=unit, service=None, answers={f"u{i + 1}": v for i, v in enumerate(row)})


def test_results_page_shows_the_index_and_grade() -> None:
    _answer_kiosk([[4] * 9, [3] * 9])
    page = Client().get("/survei/hasil/?unit=dukcapil&populasi=1000").content.decode()
    # NRR 3.5 per element; 9 x 3.5 x 0.111 = 3.4965; x 25 = 87.41 -> B
    assert "87,41" in page and "Baik" in page and "278" in page  # Indonesian decimal comma


def test_results_xlsx_follows_the_regulations_table(tmp_path: Any) -> None:
    _answer_kiosk([[4] * 9, [3] * 9])
    download = Client().get("/survei/hasil.xlsx?unit=dukcapil")
    sheet = load_workbook(io.BytesIO(download.content)).active
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert values[2][:10] == ("No. Responden", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
    labels = {row[0]: row[1:] for row in values if row and row[0]}
    assert labels["NRR/Unsur"][0] == 3.5
    assert Decimal(str(labels["**) IKM Unit Pelayanan"][0])) == Decimal("87.41")
    assert labels["Mutu Pelayanan"][0] == "B (Baik)"
