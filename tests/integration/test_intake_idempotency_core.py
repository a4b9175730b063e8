"""The shared idempotent intake (file_report with a Claim): keys live and die with their report, then expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sigap.notifications.sweeps import sweep_specs
from sigap.reports.actions import ReportDraft
from sigap.reports.actions.storing import store_report as file_report
from sigap.reports.idempotency import Claim, KeyReused, fingerprint, sweep_expired_keys
from sigap.reports.models import Category, IntakeKey, Report
from sigap.wilayah.models import Wilayah
from tests.factories import WAJO, photo

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def draft(**overrides: Any) -> ReportDraft:
    fields: dict[str, Any] = {
        "kind": "pengaduan", "category": Category.objects.get(code="jalan_rusak"), "title": "Jalan berlubang",
        "description": "Lubang besar di depan pasar.", "kelurahan": Wilayah.objects.get(code=WAJO),
        "reporter_phone": "+6281234500001", "channel": "api",
    }
    fields.update(overrides)
    return ReportDraft(**fields)


def claim(body: ReportDraft, key: str = "key-0001") -> Claim:
    return Claim(scope="api", key=key, body_hash=fingerprint(body), status_code=201)


def test_a_replay_returns_the_first_report_and_its_status_code() -> None:
    # Given a report filed with a key
    body = draft()
    first = file_report(draft=body, idempotency=claim(body), now=NOW)

    # When the same claim comes again
    again = file_report(draft=body, idempotency=claim(body), now=NOW + timedelta(minutes=1))

    # Then it is the same report, marked replayed, with the first status code
    assert not first.replayed
    assert again.replayed
    assert again.report.pk == first.report.pk
    assert again.status_code == 201
    assert Report.objects.filter(title="Jalan berlubang").count() == 1


def test_a_replay_with_photos_stores_no_second_set_of_photos() -> None:
    # Given a report with a photo filed with a key
    body = draft(photos=(photo(),))
    first = file_report(draft=body, idempotency=claim(body), now=NOW)

    # When it is retried
    again = file_report(draft=body, idempotency=claim(body), now=NOW)

    # Then it is the first report and its one photo
    assert again.report.pk == first.report.pk
    assert first.report.photos.count() == 1


def test_another_body_under_the_same_key_is_refused_and_stores_nothing() -> None:
    # Given a report filed with a key
    body = draft()
    file_report(draft=body, idempotency=claim(body), now=NOW)
    other = draft(title="Lampu jalan mati")

    # When another body comes with that key
    with pytest.raises(KeyReused):
        file_report(draft=other, idempotency=claim(other), now=NOW)

    # Then nothing was stored for it
    assert not Report.objects.filter(title="Lampu jalan mati").exists()


def test_a_key_rolled_back_with_its_report_is_free_for_the_retry() -> None:
    # Given a filing whose surrounding transaction fails after the report and key were written
    from django.db import transaction

    body = draft()
    with pytest.raises(RuntimeError), transaction.atomic():
        file_report(draft=body, idempotency=claim(body), now=NOW)
        raise RuntimeError("the channel's own row failed")

    # When the client retries
    retry = file_report(draft=body, idempotency=claim(body), now=NOW)

    # Then the key was never kept, so the retry files the report
    assert not retry.replayed
    assert Report.objects.filter(title="Jalan berlubang").count() == 1


def test_a_key_past_its_lifetime_files_a_new_report_even_before_the_sweep() -> None:
    # Given a key used 25 hours ago, not swept yet
    body = draft()
    first = file_report(draft=body, idempotency=claim(body), now=NOW)

    # When it comes again
    later = file_report(draft=body, idempotency=claim(body), now=NOW + timedelta(hours=25))

    # Then it is a new report, and the key now points at it
    assert not later.replayed
    assert later.report.pk != first.report.pk
    assert IntakeKey.objects.get(key="key-0001").report_id == later.report.pk


def test_the_sweep_forgets_keys_past_their_lifetime_and_keeps_the_others() -> None:
    # Given a key from 25 hours ago and one from an hour ago
    old, recent = draft(title="Lama"), draft(title="Baru")
    file_report(draft=old, idempotency=claim(old, "old-key-01"), now=NOW - timedelta(hours=25))
    file_report(draft=recent, idempotency=claim(recent, "new-key-01"), now=NOW - timedelta(hours=1))

    # When the sweep runs
    forgotten = sweep_expired_keys(NOW)

    # Then only the old key is gone; the reports stay
    assert forgotten == 1
    assert list(IntakeKey.objects.values_list("key", flat=True)) == ["new-key-01"]
    assert Report.objects.filter(title__in=["Lama", "Baru"]).count() == 2


def test_the_intake_key_sweep_runs_every_hour() -> None:
    # When the recurring sweeps are listed
    spec = sweep_specs()["intake_keys"]

    # Then the intake key sweep is one of them, hourly
    assert spec.function == "sigap.reports.idempotency.sweep_expired_keys"
    assert spec.next_after(NOW) == NOW + timedelta(hours=1)


def test_the_fingerprint_ignores_spelling_but_not_meaning() -> None:
    # Then the same draft is the same body, another title is another, and channel extras count
    assert fingerprint(draft()) == fingerprint(draft())
    assert fingerprint(draft()) != fingerprint(draft(title="Lain"))
    assert fingerprint(draft(), extra={"media_url": "a"}) != fingerprint(draft(), extra={"media_url": "b"})
