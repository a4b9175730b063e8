"""Staff sign-in: throttled per username and per address, no demo password outside demo mode, short sessions for
those who can reveal an anonim reporter's identity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from sigap.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
MONDAY_MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=WITA)
LOGIN = "/akun/login/"


@pytest.fixture(autouse=True)
def _clean_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


def _sign_in(client, username: str, password: str, address: str = "10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_in_is_refused_after_five_wrong_passwords_even_with_the_right_one(client, clock) -> None:
    for _ in range(5):
        _sign_in(client, "verifikator", "wrong-guess")

    response = _sign_in(client, "verifikator", DEMO_PASSWORD)

    assert response.status_code == 200
    assert "Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit." in response.content.decode()
    assert not _signed_in(client)


def test_a_throttled_username_says_how_many_minutes_are_left(client, clock) -> None:
    for _ in range(5):
        _sign_in(client, "verifikator", "wrong-guess")
    clock.shift(timedelta(minutes=11))

    response = _sign_in(client, "verifikator", DEMO_PASSWORD)

    assert "Coba lagi dalam 4 menit." in response.content.decode()


def test_sign_in_opens_again_once_the_lockout_is_over(client, clock) -> None:
    for _ in range(5):
        _sign_in(client, "verifikator", "wrong-guess")
    clock.shift(timedelta(minutes=15, seconds=1))

    response = _sign_in(client, "verifikator", DEMO_PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client)


def test_a_right_password_clears_the_usernames_failures(client, clock) -> None:
    for _ in range(4):
        _sign_in(client, "petugas.pupr", "wrong-guess")
    _sign_in(client, "petugas.pupr", DEMO_PASSWORD)
    client.logout()
    for _ in range(4):
        _sign_in(client, "petugas.pupr", "wrong-guess")

    response = _sign_in(client, "petugas.pupr", DEMO_PASSWORD)

    assert response.status_code == 302


def test_one_address_trying_many_usernames_is_throttled(client, clock) -> None:
    for number in range(30):
        _sign_in(client, f"nobody{number}", "wrong-guess", address="10.9.9.9")

    refused = _sign_in(client, "verifikator", DEMO_PASSWORD, address="10.9.9.9")
    elsewhere = _sign_in(client, "verifikator", DEMO_PASSWORD, address="10.2.2.2")

    assert "Terlalu banyak percobaan masuk" in refused.content.decode()
    assert elsewhere.status_code == 302


def test_a_throttled_username_is_refused_from_every_address(client, clock) -> None:
    for number in range(5):
        _sign_in(client, "kepala.pupr", "wrong-guess", address=f"10.3.3.{number}")

    response = _sign_in(client, "kepala.pupr", DEMO_PASSWORD, address="10.4.4.4")

    assert "Terlalu banyak percobaan masuk" in response.content.decode()


def test_sign_in_works_when_the_cache_is_down(client, settings, caplog, clock) -> None:
    # Given a cache server that does not answer (nothing listens on port 1)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}

    wrong = _sign_in(client, "verifikator", "wrong-guess")
    right = _sign_in(client, "verifikator", DEMO_PASSWORD)

    assert wrong.status_code == 200 and "Nama pengguna atau kata sandi salah." in wrong.content.decode()
    assert right.status_code == 302 and _signed_in(client)
    assert "login throttle: cache unavailable" in caplog.text


def test_the_demo_password_is_refused_when_demo_mode_is_off(client, settings, clock) -> None:
    settings.SIGAP_DEMO_MODE = False

    response = _sign_in(client, "verifikator", DEMO_PASSWORD)

    assert response.status_code == 200
    assert "Kata sandi demo hanya berlaku di server demo." in response.content.decode()
    assert not _signed_in(client)


def test_the_demo_password_signs_in_in_demo_mode(client, settings, clock) -> None:
    settings.SIGAP_DEMO_MODE = True

    assert _sign_in(client, "verifikator", DEMO_PASSWORD).status_code == 302


def test_the_admin_login_page_leads_to_the_one_sign_in_page(client) -> None:
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/akun/login/?next=/admin/"


def test_posting_to_the_admin_login_never_signs_in(client, clock) -> None:
    response = client.post("/admin/login/", {"username": "admin", "password": DEMO_PASSWORD})

    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")
    assert not _signed_in(client)


def test_who_can_reveal_identity_gets_a_session_that_ends_with_the_browser(client, clock) -> None:
    response = _sign_in(client, "verifikator", DEMO_PASSWORD)

    assert client.session.get_expire_at_browser_close()
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]


def test_who_can_reveal_identity_is_signed_out_after_a_working_day(client, clock) -> None:
    _sign_in(client, "verifikator", DEMO_PASSWORD)
    clock.shift(timedelta(hours=8, minutes=59))
    assert client.get("/petugas/").status_code == 200

    clock.shift(timedelta(minutes=2))
    response = client.get("/petugas/")

    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")


def test_an_officer_who_cannot_reveal_identity_keeps_the_default_session(client, clock) -> None:
    _sign_in(client, "petugas.pupr", DEMO_PASSWORD)
    clock.shift(timedelta(hours=30))

    assert not client.session.get_expire_at_browser_close()
    assert client.get("/petugas/").status_code == 200
