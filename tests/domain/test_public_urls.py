"""Which URLs point at the public internet, read from the text alone (no DNS)."""

from __future__ import annotations

import pytest

from sigap.domain.public_urls import is_public_http_url


@pytest.mark.parametrize("url", [
    "https://example.org/foto/lubang.jpg",
    "http://baubaukota.go.id/foto.jpg",
    "https://cdn.example.co.id:8443/a.jpg",
    "http://8.8.8.8/foto.jpg",
    "http://[2001:4860:4860::8888]/foto.jpg",
])
def test_a_public_http_url_is_accepted(url: str) -> None:
    assert is_public_http_url(url)


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service
    "http://127.0.0.1:8000/admin/",
    "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/",  # private, CGNAT
    "http://0.0.0.0/", "http://240.0.0.1/", "http://224.0.0.1/",  # unspecified, reserved, multicast
    "http://[::1]/", "http://[fe80::1]/", "http://[fd00::1]/", "http://[::ffff:169.254.169.254]/",
])
def test_a_url_to_a_private_loopback_link_local_or_reserved_address_is_refused(url: str) -> None:
    assert not is_public_http_url(url)


@pytest.mark.parametrize("url", [
    "http://2852039166/", "http://0xA9FEA9FE/", "http://0251.0376.0251.0376/", "http://169.254.43518/",
    "http://0x7f.1/", "http://127.1/", "http://169.254.169.254./",
])
def test_other_spellings_of_a_private_address_are_refused(url: str) -> None:
    assert not is_public_http_url(url)


@pytest.mark.parametrize("url", [
    "http://localhost/", "http://LOCALHOST:8000/", "http://api.localhost/", "http://printer.local/",
    "http://metadata.google.internal/", "http://intranet/", "http://router.home.arpa/",
])
def test_a_name_that_only_means_something_inside_a_network_is_refused(url: str) -> None:
    assert not is_public_http_url(url)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/a.jpg", "gopher://example.org/",
    "http://", "https://example.org:port/", "http://user@169.254.169.254/", "http://example.org@127.0.0.1/",
])
def test_other_schemes_and_disguised_hosts_are_refused(url: str) -> None:
    assert not is_public_http_url(url)
