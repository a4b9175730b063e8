"""The model's top three units on the staff page and in the staff API, and training from the city's decisions."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.routing.history import past_decisions
from sigap.routing.model import Example, save, train
from sigap.routing.suggest import unit_suggestions
from sigap.seed.demo import create_sample_reports
from tests.clock import FIXED_NOW
from tests.factories import make_report
from tests.integration.staff_support import bearer
from tests.routing_data import complaints

pytestmark = pytest.mark.django_db
LAMP = {"title": "Lampu jalan mati", "description": "Lampu lalu lintas dan rambu di dekat terminal mati, macet."}


@pytest.fixture(scope="module")
def model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [Example(r["id"], r["text"], r["unit_code"], datetime.fromisoformat(r["received_at"]))
            for r in complaints(400)]
    path = tmp_path_factory.mktemp("model") / "model.joblib"
    save(train(rows, now=FIXED_NOW, catch_all=frozenset({"lainnya"})), path)
    return path


@pytest.fixture
def with_model(settings, model_file: Path) -> Path:
    settings.SIGAP_ROUTING_MODEL_PATH = model_file
    return model_file


def test_without_a_model_file_the_page_and_api_are_as_before(client, user) -> None:
    report = make_report(**LAMP)
    client.force_login(user("verifikator"))

    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()
    body = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(user("verifikator"))).json()

    assert 'id="unit-suggestions"' not in page
    assert body["suggested_units"] == []
    assert body["suggested_lead_unit"] == "pupr"


def test_the_top_units_come_from_the_reports_words_likeliest_first(with_model: Path) -> None:
    report = make_report(**LAMP)

    suggestions = unit_suggestions(report)

    assert suggestions[0].unit.code == "dishub"
    assert [s.probability for s in suggestions] == sorted((s.probability for s in suggestions), reverse=True)


def test_a_code_that_is_no_unit_of_this_city_is_never_suggested(with_model: Path) -> None:
    report = make_report(title="Mohon informasi", description="tanya soal bantuan umum hal lain mohon informasi")

    assert "lainnya" not in [s.unit.code for s in unit_suggestions(report)]


def test_the_staff_api_lists_the_top_three_with_their_confidence(client, user, with_model: Path) -> None:
    report = make_report(**LAMP)

    body = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(user("verifikator"))).json()

    assert body["suggested_units"][0]["unit"] == "dishub"
    assert 0 < body["suggested_units"][0]["probability"] <= 1
    assert len(body["suggested_units"]) == 3
    assert body["suggested_lead_unit"] == "pupr"  # the category's rule, beside them


def test_whoever_may_not_dispatch_gets_no_suggested_units(client, user, with_model: Path) -> None:
    report = make_report(**LAMP)

    body = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(user("petugas.pupr"))).json()

    assert body.get("suggested_units", []) == []


def test_the_staff_page_offers_each_suggestion_as_one_tap(client, user, with_model: Path) -> None:
    report = make_report(**LAMP)
    client.force_login(user("verifikator"))

    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()

    assert 'id="unit-suggestions"' in page
    assert '<input type="hidden" name="dispatch-lead_unit" value="dishub">' in page


def test_the_one_tap_form_dispatches_to_that_unit(client, user, with_model: Path) -> None:
    report = make_report(**LAMP)
    client.force_login(user("verifikator"))

    client.post(f"/petugas/laporan/{report.tracking_id}/aksi/dispatch", {"dispatch-lead_unit": "dishub"})

    report.refresh_from_db()
    assert (report.status, report.lead_unit.code) == ("dispatched", "dishub")


def test_a_redispatch_corrects_the_training_label(user) -> None:
    report = make_report(**LAMP)
    desk = user("verifikator")
    actions.dispatch_report(report=report, by=desk, lead_unit=Unit.objects.get(code="pupr"))
    actions.redispatch_report(report=report, by=desk, lead_unit=Unit.objects.get(code="dishub"),
                              reason="Salah unit")

    assert [row.unit for row in past_decisions() if row.id == report.tracking_id] == ["dishub"]


def test_a_report_not_yet_dispatched_is_no_training_row() -> None:
    report = make_report(**LAMP)

    assert report.tracking_id not in [row.id for row in past_decisions()]


@pytest.mark.slow
def test_a_model_trained_on_the_demo_citys_history_suggests_for_a_new_report(settings, tmp_path: Path) -> None:
    # Given the demo city's past reports, walked through the real actions
    create_sample_reports(count=120, now=FIXED_NOW)
    history = past_decisions()
    path = tmp_path / "model.joblib"

    # When a model is trained on its decisions and a new report arrives
    save(train(history, now=FIXED_NOW), path)
    settings.SIGAP_ROUTING_MODEL_PATH = path
    report = make_report(category="sampah", title="Sampah tidak diangkut",
                         description="Sampah di TPS dekat pasar tidak diangkut sejak Senin, bau sekali.")

    # Then up to three units the city dispatched to are suggested, likeliest first
    suggestions = unit_suggestions(report)
    assert 1 <= len(suggestions) <= 3
    assert {s.unit.code for s in suggestions} <= {row.unit for row in history}


def test_training_from_a_history_too_short_is_refused_clearly(tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="needs at least 20 rows"):
        call_command("routing_train", "--from-history", "--model", str(tmp_path / "m.joblib"))
    assert not (tmp_path / "m.joblib").exists()
