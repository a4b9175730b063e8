"""Passwords are checked wherever they are set: guessable ones, the demo password and short staff ones are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from sigap.core.demo import DEMO_PASSWORD
from sigap.organization.models import Position, Role, Unit
from sigap.seed.demo import create_demo_accounts

pytestmark = pytest.mark.django_db

GOOD = "lampu-jalan-wajo-padam-7"


@pytest.mark.parametrize("password", ["83920174", "verifikator1", DEMO_PASSWORD, "Sigap-Demo"])
def test_the_passwords_the_audit_got_in_are_refused_for_an_officer(user, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, user=user("verifikator"))


def test_a_long_private_passphrase_is_accepted_for_an_officer(user) -> None:
    validate_password(GOOD, user=user("verifikator"))


def test_an_officer_needs_twelve_characters(user) -> None:
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        validate_password("kopihitam7x", user=user("petugas.pupr"))

    assert "Kata sandi petugas harus terdiri atas sedikitnya 12 karakter." in refused.value.messages


def test_a_new_account_not_saved_yet_gets_the_staff_minimum() -> None:
    with pytest.raises(ValidationError):
        validate_password("kopihitam7x", user=get_user_model()(username="baru"))


def test_a_resident_only_account_keeps_the_ordinary_minimum() -> None:
    resident = get_user_model().objects.create(username="warga.wajo")
    Position.objects.create(person=resident, unit=Unit.objects.get(code="74.72.06.1007/RW001/RT001"),
                            role=Role.WARGA)

    validate_password("kopihitam7x", user=resident)


def test_the_admin_password_form_refuses_the_demo_password(user) -> None:
    form = AdminPasswordChangeForm(user("kepala.pupr"), {"password1": DEMO_PASSWORD, "password2": DEMO_PASSWORD})

    assert not form.is_valid()


def test_the_password_change_page_refuses_a_numeric_password(user) -> None:
    form = SetPasswordForm(user("kepala.pupr"), {"new_password1": "839201745566", "new_password2": "839201745566"})

    assert not form.is_valid()


def test_changepassword_refuses_the_demo_password(user, monkeypatch) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": DEMO_PASSWORD)

    with pytest.raises(Exception, match="Aborting password change"):
        call_command("changepassword", "kepala.pupr")

    assert user("kepala.pupr").check_password(DEMO_PASSWORD)


def test_seeding_still_gives_new_demo_accounts_the_demo_password(user) -> None:
    user("petugas.dlh").delete()

    create_demo_accounts()

    assert user("petugas.dlh").check_password(DEMO_PASSWORD)
