"""Helpers for the Open311 tests: a client app's key, a valid form, parsing both formats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from sigap.open311.actions import create_open311_key
from tests.factories import WAJO

BASE = "/open311/v2"


def new_key(name: str = "Aplikasi Warga") -> str:
    return create_open311_key(name=name)[1]


def form(api_key: str | None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "api_key": api_key,
        "service_code": "jalan_rusak",
        "lat": "-5.4701",
        "long": "122.6123",
        "address_string": "Jl. Pasar Wajo",
        "address_id": WAJO,
        "attribute[rw]": "1",
        "attribute[rt]": "1",
        "attribute[kind]": "pengaduan",
        "attribute[event_date]": "2025-01-10T08:00:00+08:00",
        "email": "warga@example.com",
        "phone": "0812-3456-7890",
        "first_name": "Wa Ode",
        "last_name": "Sitti",
        "description": "Jalan berlubang besar di depan pasar, berbahaya untuk motor.",
        "media_url": "https://example.org/foto/lubang.jpg",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client: Any, fmt: str, data: dict[str, Any], query: str = "") -> Any:
    return client.post(f"{BASE}/requests.{fmt}{query}", data=data)


def xml(response: Any) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own response, parsed to check it is well-formed


def as_json(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def xml_items(root: ET.Element) -> list[dict[str, str]]:
    return [{child.tag: (child.text or "") for child in item} for item in root]
