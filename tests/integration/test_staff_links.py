"""Links that leave the site are built from the URL configuration and SIGAP_BASE_URL, each in one place."""

from __future__ import annotations

from django.test import override_settings

from sigap.core.links import absolute_url
from sigap.reports.notify import staff_report_url


def test_the_staff_link_is_the_staff_report_page_under_the_public_base_url() -> None:
    with override_settings(SIGAP_BASE_URL="https://sigap.example.go.id"):
        assert staff_report_url("BBU-7K3Q9M") == "https://sigap.example.go.id/petugas/laporan/BBU-7K3Q9M"


def test_a_link_in_a_message_is_the_public_base_url_and_the_views_path() -> None:
    with override_settings(SIGAP_BASE_URL="https://sigap.example.go.id"):
        assert absolute_url("web:track", "BBU-7K3Q9M") == "https://sigap.example.go.id/lacak/BBU-7K3Q9M"
