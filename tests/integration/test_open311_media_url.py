"""Open311's media_url is republished to everyone: only links to the public internet are taken or shown."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from sigap.open311.models import Open311Submission
from sigap.reports.models import Report
from tests.integration.open311_support import BASE, as_json, form, new_key, post, xml, xml_items

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.mark.parametrize("media_url", [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://localhost:8000/admin/",
    "http://10.0.0.7/foto.jpg",
    "http://[::ffff:169.254.169.254]/",
])
def test_open311_refuses_a_media_url_into_a_private_network_and_stores_nothing(client, media_url: str) -> None:
    before = (Report.objects.count(), Open311Submission.objects.count())

    response = post(client, "json", form(new_key(), media_url=media_url))

    assert response.status_code == 400
    assert as_json(response) == [{"code": 400, "description": "media_url harus menunjuk ke alamat publik di internet."}]
    assert (Report.objects.count(), Open311Submission.objects.count()) == before


def test_the_refusal_is_in_the_specs_xml_error_list_too(client) -> None:
    response = post(client, "xml", form(new_key(), media_url="http://169.254.169.254/"))

    assert response.status_code == 400
    assert xml_items(xml(response))[0]["code"] == "400"


def test_a_media_url_on_the_public_internet_is_kept(client) -> None:
    answer = as_json(post(client, "json", form(new_key(), media_url="https://foto.example.co.id/lubang.jpg")))

    [item] = as_json(client.get(f"{BASE}/requests/{answer[0]['service_request_id']}.json"))
    assert item["media_url"] == "https://foto.example.co.id/lubang.jpg"


def test_a_private_media_url_stored_before_the_check_is_not_republished(client) -> None:
    # Given a request filed before media_url was checked, whose link points at the metadata service
    answer = as_json(post(client, "json", form(new_key())))
    tracking_id = answer[0]["service_request_id"]
    Open311Submission.objects.filter(report__tracking_id=tracking_id).update(
        media_url="http://169.254.169.254/latest/meta-data/")

    # When anyone reads it, then the link is not shown
    [item] = as_json(client.get(f"{BASE}/requests/{tracking_id}.json"))
    assert "169.254" not in (item["media_url"] or "")
