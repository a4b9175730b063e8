"""The client address behind the documented reverse proxy: one bucket per citizen, and spoofed hops ignored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from sigap.core.ratelimit import client_address
from tests.factories import WAJO

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _request(remote: str, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def _report(phone: str) -> dict[str, Any]:
    return {"kind": "pengaduan", "category": "jalan_rusak", "title": "Jalan berlubang",
            "description": "Lubang besar di depan pasar.", "location": {"kelurahan": WAJO},
            "anonim": False, "rahasia": False, "reporter": {"name": "Wa Ode", "phone": phone}}


def _post_via_proxy(client: Any, citizen: str, phone: str, claimed: str = "") -> Any:
    forwarded = f"{claimed}, {citizen}" if claimed else citizen
    return client.post("/api/v1/reports", data=json.dumps(_report(phone)), content_type="application/json",
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_two_citizens_behind_the_trusted_proxy_get_separate_buckets(client, settings) -> None:
    # Given the proxy trusted and one report an hour per address
    settings.SIGAP_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR = 1
    assert _post_via_proxy(client, "198.51.100.7", "081211110001").status_code == 201

    # When another citizen files through the same proxy
    response = _post_via_proxy(client, "203.0.113.9", "081211110002")

    # Then the first citizen's report did not use up the second one's bucket
    assert response.status_code == 201


def test_the_same_citizen_behind_the_trusted_proxy_is_still_limited(client, settings) -> None:
    settings.SIGAP_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR = 1
    assert _post_via_proxy(client, "198.51.100.7", "081211110001").status_code == 201

    response = _post_via_proxy(client, "198.51.100.7", "081211110002")

    assert response.status_code == 429


def test_a_spoofed_hop_left_of_the_proxys_does_not_give_a_fresh_bucket(client, settings) -> None:
    # Given a citizen who used up the bucket
    settings.SIGAP_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR = 1
    assert _post_via_proxy(client, "198.51.100.7", "081211110001").status_code == 201

    # When they send an X-Forwarded-For of their own (the proxy appends the real address to it)
    response = _post_via_proxy(client, "198.51.100.7", "081211110002", claimed="192.0.2.77")

    # Then the claim is ignored: still their own, used-up bucket
    assert response.status_code == 429


def test_an_untrusted_clients_x_forwarded_for_is_ignored(settings) -> None:
    settings.SIGAP_TRUSTED_PROXIES = [PROXY]

    assert client_address(_request("198.51.100.7", forwarded="192.0.2.77")) == "198.51.100.7"


def test_x_forwarded_for_is_ignored_when_no_proxy_is_trusted(settings) -> None:
    settings.SIGAP_TRUSTED_PROXIES = []

    assert client_address(_request(PROXY, forwarded="198.51.100.7")) == PROXY


def test_the_rightmost_untrusted_hop_is_the_client_through_a_chain_of_trusted_proxies(settings) -> None:
    # Given a CDN hop and nginx, both trusted, and a hop the citizen made up
    settings.SIGAP_TRUSTED_PROXIES = [PROXY, "172.16.0.0/12"]

    address = client_address(_request(PROXY, forwarded="192.0.2.77, 198.51.100.7, 172.16.4.4"))

    assert address == "198.51.100.7"


def test_a_hop_that_is_not_an_address_stops_the_walk_at_the_last_trusted_hop(settings) -> None:
    settings.SIGAP_TRUSTED_PROXIES = [PROXY, "172.16.0.0/12"]

    assert client_address(_request(PROXY, forwarded="198.51.100.7, unknown, 172.16.4.4")) == "172.16.4.4"


def test_hops_with_ports_and_ipv6_forms_name_the_same_client(settings) -> None:
    settings.SIGAP_TRUSTED_PROXIES = ["::1", PROXY]

    assert client_address(_request("::ffff:10.0.0.5", forwarded="198.51.100.7:51234")) == "198.51.100.7"
    assert client_address(_request("::1", forwarded="[2001:db8::7]:443")) == "2001:db8::7"
