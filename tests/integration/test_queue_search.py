"""The work queue: search by tracking ID or words, kelurahan chosen by name, late and due-today filters that use
the one meaning of late, the complaint desk's "Baru masuk" view and a count on every tab."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from sigap.reports.queue import QueueFilters, tab_counts, work_queue
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def queue_ids(user: Any, username: str, now: Any, **filters: str) -> list[str]:
    return list(work_queue(user(username), QueueFilters(**filters), now=now).values_list("tracking_id", flat=True))


def dispatched(user: Any, **overrides: Any) -> Report:
    report = make_report(**overrides)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    return Report.objects.get(pk=report.pk)


def test_a_tracking_id_typed_loosely_finds_its_report_outside_what_needs_me(client, user, frozen_now) -> None:
    # given a report already dispatched, so no longer in the complaint desk's default queue
    report = dispatched(user)
    client.force_login(user("verifikator"))
    typed = report.tracking_id.lower().replace("-", " ")

    # when the verifikator searches for it as a citizen read it over the phone
    page = client.get("/petugas/", {"q": typed}).content.decode()

    # then it is found
    assert report.tracking_id in page


def test_words_find_reports_with_every_word_in_the_title_or_description(user, frozen_now) -> None:
    wanted = make_report(title="Lampu jalan mati", description="Sudah gelap total di dekat MASJID.")
    make_report(title="Lampu taman rusak", description="Di alun-alun.")

    found = queue_ids(user, "verifikator", frozen_now, q="lampu masjid")

    assert found == [wanted.tracking_id]


def test_a_percent_sign_is_searched_as_itself_not_as_a_wildcard(user, frozen_now) -> None:
    make_report(title="Jalan rusak", description="Lubang besar.")
    discounted = make_report(title="Pungutan 50% lebih mahal", description="Di loket.")

    assert queue_ids(user, "verifikator", frozen_now, q="%") == [discounted.tracking_id]


def test_a_search_never_reaches_a_report_the_person_may_not_open(client, user, frozen_now) -> None:
    report = dispatched(user)
    client.force_login(user("petugas.dukcapil"))

    page = client.get("/petugas/", {"q": report.tracking_id}).content.decode()

    assert f"/petugas/laporan/{report.tracking_id}" not in page
    assert "Tidak ada yang cocok" in page


def test_the_late_filter_shows_reports_past_the_citys_deadline_only(user, frozen_now) -> None:
    # given one report past its verification limit and one received now
    late = make_report(now=frozen_now - timedelta(days=14))
    make_report(now=frozen_now)

    assert queue_ids(user, "verifikator", frozen_now, due="late") == [late.tracking_id]


def test_a_report_waiting_on_the_reporter_is_never_late(user, frozen_now) -> None:
    # given a report whose desk asked the reporter for more, long ago
    waiting = make_report(now=frozen_now - timedelta(days=14))
    actions.request_info(report=waiting, by=user("verifikator"), message="Mohon foto.",
                         now=frozen_now - timedelta(days=13))

    assert queue_ids(user, "verifikator", frozen_now, due="late") == []


def test_the_due_today_filter_shows_a_deadline_falling_later_today(user, frozen_now) -> None:
    # given a report received Friday 6 Nov, due today (Wednesday 11 Nov) at 16:00, and one due next Monday
    today = make_report(now=frozen_now - timedelta(days=5))
    make_report(now=frozen_now)

    assert queue_ids(user, "verifikator", frozen_now, due="today") == [today.tracking_id]


def test_the_due_today_filter_leaves_out_what_is_already_late(user, frozen_now) -> None:
    make_report(now=frozen_now - timedelta(days=14))

    assert queue_ids(user, "verifikator", frozen_now, due="today") == []


def test_baru_masuk_lists_received_reports_newest_first(user, frozen_now) -> None:
    older = make_report(now=frozen_now - timedelta(days=2))
    newer = make_report(now=frozen_now - timedelta(hours=1))
    dispatched(user, now=frozen_now)

    found = queue_ids(user, "verifikator", frozen_now, status="received", sort="newest")

    assert found == [newer.tracking_id, older.tracking_id]


def test_each_tab_counts_exactly_the_reports_it_lists(user, frozen_now) -> None:
    make_report(now=frozen_now - timedelta(days=14))
    make_report(now=frozen_now - timedelta(days=5))
    make_report(now=frozen_now)
    dispatched(user, now=frozen_now)

    counts = tab_counts(user("verifikator"), QueueFilters(), now=frozen_now)

    assert counts == {"main": 3, "new": 3, "late": 1, "today": 1}


def test_the_queue_page_shows_a_count_on_every_tab(client, user, frozen_now) -> None:
    make_report(now=frozen_now - timedelta(days=14))
    client.force_login(user("verifikator"))

    page = client.get("/petugas/").content.decode()

    tab = page.split('data-tab="late"')[1].split("</a>")[0]
    assert "Terlambat" in tab and '<strong class="count">1</strong>' in tab


def test_kelurahan_are_chosen_by_name_grouped_under_their_kecamatan(client, user) -> None:
    client.force_login(user("verifikator"))

    page = client.get("/petugas/").content.decode()

    murhum = page.split('<optgroup label="Kecamatan Murhum">')[1].split("</optgroup>")[0]
    assert '<option value="74.72.06.1007">Wajo</option>' in murhum
    assert 'name="wilayah" maxlength' not in page


def test_choosing_a_kelurahan_keeps_only_its_reports(user, frozen_now) -> None:
    from sigap.wilayah.models import Wilayah

    wajo = make_report()
    elsewhere = Wilayah.objects.filter(level="kelurahan").exclude(code=wajo.kelurahan.code).order_by("code").first()
    make_report(kelurahan=elsewhere, rw=None, rt=None)

    assert queue_ids(user, "verifikator", frozen_now, wilayah=wajo.kelurahan.code) == [wajo.tracking_id]


def test_a_lurah_sees_an_agency_report_marked_read_only_in_his_queue(client, user) -> None:
    report = dispatched(user)
    client.force_login(user("lurah.wajo"))

    page = client.get("/petugas/").content.decode()

    row = page.split(report.tracking_id)[2].split("</tr>")[0]
    assert "hanya baca" in row
