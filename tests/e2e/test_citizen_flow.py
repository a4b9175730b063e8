"""A citizen in real Chromium, with JavaScript off and on: file a report with a photo, track it, follow a duplicate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.waits import htmx_refresh, next_page
from tests.factories import WAJO, jpeg_bytes, make_report


@pytest.fixture
def photo_file(tmp_path: Path) -> Path:
    path = tmp_path / "lubang.jpg"
    path.write_bytes(jpeg_bytes((640, 480), exif_gps=True))
    return path


def _fill_story(page: Any, photo_file: Path) -> None:
    page.fill("#id_title", "Jalan berlubang di depan pasar")
    page.fill("#id_description", "Lubang besar, berbahaya untuk motor.")
    page.set_input_files("#id_photos", str(photo_file))
    page.fill("#id_phone", "0812 3456 7001")


def _choose_in_place(page: Any, selector: str, value: str) -> None:
    """Choose, then wait until htmx has swapped in the next choices (a person waits for them too)."""
    with htmx_refresh(page, "/lapor/?"):
        page.select_option(selector, value)
    page.wait_for_selector(f"{selector} option[value='{value}'][selected]", state="attached")


def _submit_and_read_tracking_id(page: Any) -> str:
    page.click("#report-form > p > button[type=submit]")
    page.wait_for_selector("#tracking-id")
    return str(page.inner_text("#tracking-id")).strip()


def test_a_citizen_without_javascript_files_a_report_with_a_photo_and_tracks_it(site, browser, photo_file) -> None:
    from sigap.reports.models import Report

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/lapor/")
    page.select_option("#id_category", "jalan_rusak")
    page.select_option("#id_kecamatan", "74.72.06")
    page.click("button[name=step]")
    page.select_option("#id_kelurahan", WAJO)
    page.click("button[name=step]")
    page.select_option("#id_rw", f"{WAJO}/RW001")
    _fill_story(page, photo_file)

    tracking_id = _submit_and_read_tracking_id(page)

    report = Report.objects.get(tracking_id=tracking_id)
    assert report.photos.count() == 1 and report.rw is not None
    page.goto(f"{site}/lacak/{tracking_id}")
    assert page.inner_text("#status").strip() in ("Diterima", "Received")
    context.close()


def test_a_citizen_with_javascript_chooses_the_place_in_place_and_files(site, browser, photo_file) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{site}/lapor/")
    expect(page.locator("button[name=step]")).to_be_hidden()  # the script hides it: htmx fetches each next step
    _choose_in_place(page, "#id_category", "jalan_rusak")
    _choose_in_place(page, "#id_kecamatan", "74.72.06")
    _choose_in_place(page, "#id_kelurahan", WAJO)
    page.wait_for_selector(f"#id_rw option[value='{WAJO}/RW001']", state="attached")
    _fill_story(page, photo_file)

    tracking_id = _submit_and_read_tracking_id(page)

    assert tracking_id.startswith("BBU-")
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()


def test_a_citizen_follows_a_duplicate_instead_of_filing_it_again(site, browser) -> None:
    from sigap.reports.models import ReportFollower

    existing = make_report()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/lapor/?category=jalan_rusak&kecamatan=74.72.06&kelurahan={WAJO}")
    with next_page(page):
        page.click(f"a[href='/lapor/ikuti/{existing.tracking_id}']")
    page.fill("#id_phone", "0813 2222 3333")
    with next_page(page):
        page.click("main form button[type=submit]")
    page.wait_for_selector(".big-id")

    assert ReportFollower.objects.filter(report=existing, phone="+6281322223333").exists()
    context.close()
