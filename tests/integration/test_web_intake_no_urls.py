"""No personal field of the report form ever travels in a URL: every form that carries one is a POST."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.cache import cache

from sigap.reports.models import Report
from tests.factories import WAJO

pytestmark = pytest.mark.django_db

PERSONAL = {"name", "phone", "email", "title", "description", "address", "lat", "lng", "anonim", "rahasia",
            "event_date"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


class FormMap(HTMLParser):
    """Each form's method, the method of each of its submit buttons, its field names, and htmx GET includes."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.hx_get_includes: list[str] = []
        self.ids_fields: dict[str, set[str]] = {}
        self._open_ids: list[tuple[str, int]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag not in ("input", "br", "meta", "link", "img"):
            self._depth += 1
            if attr.get("id"):
                self._open_ids.append((attr["id"], self._depth))
                self.ids_fields.setdefault(attr["id"], set())
        if "hx-get" in attr:
            self.hx_get_includes.append(attr.get("hx-include", "this"))
        if tag == "form":
            self.forms.append({"method": attr.get("method", "get").lower(), "buttons": [], "fields": set()})
        elif self.forms and tag in ("input", "select", "textarea", "button") and attr.get("name"):
            self.forms[-1]["fields"].add(attr["name"])
            for element_id, _depth in self._open_ids:
                self.ids_fields[element_id].add(attr["name"])
        if self.forms and tag == "button" and attr.get("type", "submit") == "submit":
            self.forms[-1]["buttons"].append(attr.get("formmethod", self.forms[-1]["method"]).lower())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("input", "br", "meta", "link", "img"):
            return
        while self._open_ids and self._open_ids[-1][1] >= self._depth:
            self._open_ids.pop()
        self._depth -= 1


def form_map(page: str) -> FormMap:
    parser = FormMap()
    parser.feed(page)
    return parser


def test_no_button_of_the_report_form_sends_a_personal_field_in_a_url(client) -> None:
    # Given the report form, also at the step where the kelurahan, RW and RT are offered
    pages = [client.get("/lapor/").content.decode(),
             client.post("/lapor/", {"step": "place", "kecamatan": "74.72.06"}).content.decode()]

    for page in pages:
        # When every way the page can submit is read from its HTML
        found = form_map(page)

        # Then every form carrying a personal field submits only by POST
        carrying = [form for form in found.forms if form["fields"] & PERSONAL]
        assert carrying
        for form in carrying:
            assert form["method"] == "post"
            assert set(form["buttons"]) == {"post"}


def test_the_in_place_refresh_sends_only_the_place_choices(client) -> None:
    # Given the report form, whose place block htmx refreshes with a GET
    found = form_map(client.get("/lapor/").content.decode())

    # When the fields that GET includes are collected
    included = set().union(*(found.ids_fields[selector.lstrip("#")] for selector in found.hx_get_includes))

    # Then they are choices only, no personal field
    assert included
    assert not included & PERSONAL


def test_the_no_javascript_step_is_a_post_that_keeps_what_was_typed(client) -> None:
    # Given a citizen without JavaScript who typed a title and a name, then chose a kecamatan
    response = client.post("/lapor/", {"step": "place", "kecamatan": "74.72.06", "title": "Lampu mati",
                                       "name": "La Ode", "rahasia": "on"})

    # Then the page offers the kecamatan's kelurahan and keeps what was typed, storing nothing
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{WAJO}"' in page
    assert 'value="Lampu mati"' in page
    assert 'value="La Ode"' in page
    assert re.search(r'<input type="checkbox" name="rahasia"[^>]*\bchecked', page)
    assert 'formaction="/lapor/#place"' in page


def test_a_url_cannot_prefill_a_personal_field(client) -> None:
    # Given a link that tries to put a name and a title into the form
    page = client.get("/lapor/", {"category": "jalan_rusak", "name": "La Ode", "title": "Lampu mati"}).content.decode()

    # Then the choice is taken and the personal fields stay empty
    assert 'value="jalan_rusak" selected' in page
    assert "La Ode" not in page
    assert "Lampu mati" not in page


def test_the_no_javascript_path_still_files_a_report(client) -> None:
    # Given a citizen stepping through the place without JavaScript, from the form's first page
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/lapor/").content.decode()).group(1)
    typed = {"kind": "pengaduan", "category": "jalan_rusak", "kecamatan": "74.72.06", "title": "Jalan berlubang",
             "description": "Lubang besar di depan pasar.", "name": "La Ode", "phone": "0812 3456 7891",
             "form_token": token}
    client.post("/lapor/", {**typed, "step": "place"})
    page = client.post("/lapor/", {**typed, "kelurahan": WAJO, "step": "place"}).content.decode()
    before = Report.objects.count()

    # When they send the form with the kelurahan chosen, with the token the step kept
    assert f'name="form_token" value="{token}"' in page
    response = client.post("/lapor/", {**typed, "kelurahan": WAJO})

    # Then the report is filed
    assert response.status_code == 302
    assert Report.objects.count() == before + 1
    assert Report.objects.latest("id").kelurahan.code == WAJO
