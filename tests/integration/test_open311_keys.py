"""Open311 api_keys: one per client app, issued by command or admin, stored only as a digest."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from sigap.open311.actions import digest, key_for
from sigap.open311.models import Open311ApiKey

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_key_that_is_stored_only_as_its_digest() -> None:
    out = io.StringIO()
    call_command("create_open311_key", "FixMyBaubau", stdout=out)

    raw = out.getvalue().strip()
    key = Open311ApiKey.objects.get(name="FixMyBaubau")
    assert key.key_hash == digest(raw) and raw not in key.key_hash
    assert key_for(raw) == key


def test_the_command_refuses_a_name_already_used() -> None:
    call_command("create_open311_key", "FixMyBaubau", stdout=io.StringIO())

    with pytest.raises(CommandError):
        call_command("create_open311_key", "FixMyBaubau", stdout=io.StringIO())
    assert Open311ApiKey.objects.count() == 1


def test_the_admin_issues_a_key_and_shows_it_once(client, user) -> None:
    client.force_login(user("admin"))

    response = client.post("/admin/open311/open311apikey/add/", {"name": "Lapor Baubau"}, follow=True)

    assert response.status_code == 200
    key = Open311ApiKey.objects.get(name="Lapor Baubau")
    shown = re.search(r"o311_[-\w]+", response.content.decode())
    assert shown is not None and key_for(shown.group(0)) == key


def test_the_admin_can_switch_a_key_off(client, user) -> None:
    call_command("create_open311_key", "Lama", stdout=io.StringIO())
    key = Open311ApiKey.objects.get(name="Lama")
    client.force_login(user("admin"))

    client.post(f"/admin/open311/open311apikey/{key.pk}/change/", {"name": "Lama"})

    key.refresh_from_db()
    assert key.is_active is False
