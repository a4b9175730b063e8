"""The report form's optional point in real Chromium: a small map fills latitude/longitude when JS is on, the fields
stay the truth, and without JS (or tiles) the form files exactly as before."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.tiles import tile_path
from tests.e2e.waits import htmx_refresh
from tests.factories import WAJO

CITY = (-5.46667, 122.633)  # the kota's centroid in sigap/data/baubau/centroids.csv
WAJO_CENTRE = (-5.4731, 122.6069)  # given for these tests: the reference data knows no kelurahan centre


@pytest.fixture
def wajo_centre_known() -> None:
    from sigap.wilayah.models import Wilayah

    Wilayah.objects.filter(code=WAJO).update(lat=Decimal(str(WAJO_CENTRE[0])), lng=Decimal(str(WAJO_CENTRE[1])))


def _place_url(site: str) -> str:
    return f"{site}/lapor/?category=jalan_rusak&kecamatan=74.72.06&kelurahan={WAJO}"


def _open_map(page: Any, tiles: Any) -> None:
    """Open 'Point on the map'; the map's script and its first tile arrive only now."""
    with page.expect_response(lambda response: response.url.startswith(tiles.base)):
        page.click("#point summary")
    page.wait_for_selector("#point-map-wrap", state="visible")


def _choose_in_place(page: Any, selector: str, value: str) -> None:
    """Choose, then wait until htmx has swapped in the next choices (a person waits for them too)."""
    with htmx_refresh(page, "/lapor/?"):
        page.select_option(selector, value)
    page.wait_for_selector(f"{selector} option[value='{value}'][selected]", state="attached")


def _fill_story(page: Any) -> None:
    page.fill("#id_title", "Lampu jalan mati")
    page.fill("#id_description", "Gelap sejak seminggu.")
    page.fill("#id_phone", "0812 3456 7002")


def test_the_form_map_starts_at_the_city_then_moves_to_the_chosen_kelurahans_centre(
        site, browser, tiles, wajo_centre_known) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{site}/lapor/")

    _open_map(page, tiles)
    assert tile_path(*CITY, 12) in tiles.paths
    _choose_in_place(page, "#id_category", "jalan_rusak")
    _choose_in_place(page, "#id_kecamatan", "74.72.06")
    with page.expect_request(tiles.base + tile_path(*WAJO_CENTRE, 15)):
        _choose_in_place(page, "#id_kelurahan", WAJO)

    assert page.input_value("#id_lat") == "" and page.input_value("#id_lng") == ""
    page.context.close()


def test_tapping_the_form_map_fills_the_point_and_the_filed_report_keeps_it(
        site, browser, tiles, wajo_centre_known) -> None:
    from playwright.sync_api import expect

    from sigap.reports.models import Report

    page = browser.new_context().new_page()
    page.goto(_place_url(site))
    _open_map(page, tiles)

    page.click("#point-map")  # the middle of the map: the kelurahan's centre

    expect(page.locator("#point-map .marker")).to_have_count(1)
    lat, lng = Decimal(page.input_value("#id_lat")), Decimal(page.input_value("#id_lng"))
    assert abs(lat - Decimal(str(WAJO_CENTRE[0]))) < Decimal("0.0002")
    assert abs(lng - Decimal(str(WAJO_CENTRE[1]))) < Decimal("0.0002")
    _fill_story(page)
    page.click("#report-form > p > button[type=submit]")
    page.wait_for_selector("#tracking-id")
    report = Report.objects.get(tracking_id=page.inner_text("#tracking-id").strip())
    assert (report.lat, report.lng) == (lat, lng)
    page.context.close()


def test_without_javascript_the_form_shows_no_map_and_files_without_a_point(site, browser, tiles) -> None:
    from sigap.reports.models import Report

    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(_place_url(site))
    page.click("#point summary")
    assert page.is_visible("#id_lat") and not page.is_visible("#point-map")
    _fill_story(page)

    page.click("#report-form > p > button[type=submit]")

    page.wait_for_selector("#tracking-id")
    report = Report.objects.get(tracking_id=page.inner_text("#tracking-id").strip())
    assert report.lat is None and report.lng is None
    assert tiles.paths == []
    page.context.close()


def test_typing_a_point_puts_the_marker_there(site, browser, tiles) -> None:
    from playwright.sync_api import expect

    page = browser.new_context().new_page()
    page.goto(f"{site}/lapor/")
    _open_map(page, tiles)

    with page.expect_request(tiles.base + tile_path(-5.5, 122.6, 16)):
        page.fill("#id_lat", "-5.5")
        page.fill("#id_lng", "122.6")

    expect(page.locator("#point-map .marker")).to_have_count(1)
    page.fill("#id_lat", "")
    expect(page.locator("#point-map .marker")).to_have_count(0)
    page.context.close()


def test_use_my_location_fills_the_fields_and_centres_the_map_on_it(site, browser, tiles) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(geolocation={"latitude": -5.4801, "longitude": 122.5902},
                                  permissions=["geolocation"])
    page = context.new_page()
    page.goto(f"{site}/lapor/")
    _open_map(page, tiles)

    with page.expect_request(tiles.base + tile_path(-5.4801, 122.5902, 16)):
        page.click("#use-location")

    assert (page.input_value("#id_lat"), page.input_value("#id_lng")) == ("-5.480100", "122.590200")
    expect(page.locator("#point-map .marker")).to_have_count(1)
    context.close()


def test_dragging_pans_and_the_zoom_buttons_zoom_without_placing_a_point(site, browser, tiles) -> None:
    page = browser.new_context(locale="id-ID").new_page()
    page.goto(f"{site}/lapor/")
    _open_map(page, tiles)
    box = page.locator("#point-map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    first = page.eval_on_selector("#point-map img", "img => img.style.left")

    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y, steps=4)
    page.mouse.up()
    moved = page.eval_on_selector("#point-map img", "img => img.style.left")
    with page.expect_request(lambda request: request.url.startswith(tiles.base + "/13/")):
        page.get_by_role("button", name="Perbesar").click()

    assert moved != first
    assert page.input_value("#id_lat") == "" and page.locator("#point-map .marker").count() == 0
    page.context.close()


def test_when_no_tile_loads_the_form_map_steps_aside_and_the_fields_still_file(site, browser, broken_tiles) -> None:
    from playwright.sync_api import expect

    from sigap.reports.models import Report

    page = browser.new_context().new_page()
    page.goto(_place_url(site))
    with page.expect_response(lambda response: response.url.startswith(broken_tiles.base)):
        page.click("#point summary")

    expect(page.locator("#point-map-wrap")).to_be_hidden()
    page.fill("#id_lat", "-5.47")
    page.fill("#id_lng", "122.61")
    _fill_story(page)
    page.click("#report-form > p > button[type=submit]")
    page.wait_for_selector("#tracking-id")
    report = Report.objects.get(tracking_id=page.inner_text("#tracking-id").strip())
    assert (report.lat, report.lng) == (Decimal("-5.470000"), Decimal("122.610000"))
    page.context.close()
