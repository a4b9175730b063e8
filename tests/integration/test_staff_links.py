"""The link to a report's officers' page is built from the URL configuration, in one place (reports.notify)."""

from __future__ import annotations

from django.test import override_settings

from sigap.reports.notify import staff_report_url


def test_the_staff_link_is_the_staff_report_page_under_the_public_base_url() -> None:
    with override_settings(SIGAP_BASE_URL="https://sigap.example.go.id"):
        assert staff_report_url("BBU-7K3Q9M") == "https://sigap.example.go.id/petugas/laporan/BBU-7K3Q9M"
