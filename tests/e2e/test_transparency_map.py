"""The transparency page's map in real Chromium: markers for public points, never an anonim report's exact point,
and the list is the page whenever JavaScript or the tiles are missing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import make_report

PUBLIC_POINT = (Decimal("-5.470001"), Decimal("122.600001"))
ANONIM_POINT = (Decimal("-5.467123"), Decimal("122.612345"))


@pytest.fixture
def reports() -> dict[str, Any]:
    yesterday = timezone.now() - timedelta(days=1)
    return {
        "public": make_report(now=yesterday, title="Titik publik", lat=PUBLIC_POINT[0], lng=PUBLIC_POINT[1]),
        "anonim": make_report(now=yesterday, title="Titik anonim", anonim=True, lat=ANONIM_POINT[0],
                              lng=ANONIM_POINT[1]),
        "no_point": make_report(now=yesterday, title="Tanpa titik"),
    }


def test_the_map_marks_public_points_and_never_an_anonim_reports_exact_point(site, browser, tiles, reports) -> None:
    from playwright.sync_api import expect

    page = browser.new_context().new_page()
    with page.expect_response(lambda response: response.url.startswith(tiles.base)):
        page.goto(f"{site}/transparansi/")

    markers = page.locator("#map .marker")
    expect(markers).to_have_count(1)
    assert reports["public"].tracking_id in (markers.first.get_attribute("title") or "")
    # The only point is the map's fitted centre, so its marker sits in the middle of the map.
    box, dot = page.locator("#map").bounding_box(), markers.first.bounding_box()
    assert abs(dot["x"] + dot["width"] / 2 - (box["x"] + box["width"] / 2)) <= 2
    assert abs(dot["y"] + dot["height"] / 2 - (box["y"] + box["height"] / 2)) <= 2
    html = page.content()
    assert str(ANONIM_POINT[0]) not in html and str(ANONIM_POINT[1]) not in html
    assert tiles.paths and all(path.startswith("/16/") for path in tiles.paths)
    page.context.close()


def test_without_javascript_the_page_is_the_list_and_asks_for_no_tile(site, browser, tiles, reports) -> None:
    page = browser.new_context(java_script_enabled=False).new_page()

    page.goto(f"{site}/transparansi/")

    listed = page.inner_text("ul.recent")
    assert all(report.tracking_id in listed for report in reports.values())
    assert not page.is_visible("#map")
    assert tiles.paths == []
    page.context.close()


def test_when_no_tile_loads_the_map_steps_aside_and_the_list_stays(site, browser, broken_tiles, reports) -> None:
    from playwright.sync_api import expect

    page = browser.new_context().new_page()
    with page.expect_response(lambda response: response.url.startswith(broken_tiles.base)):
        page.goto(f"{site}/transparansi/")

    expect(page.locator("#map-wrap")).to_be_hidden()
    listed = page.inner_text("ul.recent")
    assert all(report.tracking_id in listed for report in reports.values())
    page.context.close()
