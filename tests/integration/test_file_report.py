"""The one intake use case: file_report validates, counts the client, cleans the photos and stores, in that order."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.core.errors import InvalidInput, PayloadTooLarge, RateLimited
from sigap.reports.actions import Client, ReportDraft, file_report
from sigap.reports.idempotency import KeyReused
from sigap.reports.models import Category, Report
from sigap.reports.photos import MAX_UPLOAD_BYTES
from sigap.wilayah.models import Wilayah
from tests.clock import FIXED_NOW
from tests.factories import WAJO, jpeg_bytes

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def _one_report_an_hour_per_address(settings: Any) -> None:
    cache.clear()
    settings.SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR = 1


def draft(**overrides: Any) -> ReportDraft:
    fields: dict[str, Any] = {
        "kind": "pengaduan", "category": Category.objects.get(code="jalan_rusak"), "title": "Jalan berlubang",
        "description": "Lubang besar di depan pasar.", "kelurahan": Wilayah.objects.get(code=WAJO),
        "reporter_phone": "+6281234500001", "channel": "api",
    }
    fields.update(overrides)
    return ReportDraft(**fields)


def jpeg(name: str = "a.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def counted(key: str | None = None) -> Client:
    return Client(address=ADDRESS, scope="api", key=key)


def test_a_valid_draft_is_stored_with_its_channel() -> None:
    # When a counted client files a valid draft
    filed = file_report(draft(), client=counted(), now=FIXED_NOW)

    # Then the report is stored, new, received now
    assert not filed.replayed
    assert filed.report.channel == "api"
    assert filed.report.received_at == FIXED_NOW


def test_an_invalid_draft_is_refused_before_it_counts_against_the_client() -> None:
    # Given a draft refused for its content
    with pytest.raises(InvalidInput):
        file_report(draft(title=" "), client=counted(), now=FIXED_NOW)

    # When the client then files a valid one (its one report this hour)
    filed = file_report(draft(), client=counted(), now=FIXED_NOW)

    # Then it is stored: the refusal did not use the client's allowance
    assert Report.objects.filter(pk=filed.report.pk).exists()


def test_a_client_over_its_limit_is_refused_and_nothing_is_stored() -> None:
    # Given a client that filed its one report this hour
    file_report(draft(), client=counted(), now=FIXED_NOW)

    # When it files another
    with pytest.raises(RateLimited):
        file_report(draft(title="Lampu jalan mati"), client=counted(), now=FIXED_NOW)

    # Then the second is not stored
    assert not Report.objects.filter(title="Lampu jalan mati").exists()


def test_a_retry_over_the_limit_gets_the_first_report_back() -> None:
    # Given a report filed with a key, using the client's one report this hour
    first = file_report(draft(), client=counted(key="key-1"), now=FIXED_NOW)

    # When the same request is retried with the same key
    again = file_report(draft(), client=counted(key="key-1"), now=FIXED_NOW)

    # Then the limit does not refuse it: the answer is the first report, replayed, with its status code
    assert again.replayed
    assert again.report.pk == first.report.pk
    assert again.status_code == 201


def test_a_client_without_an_address_is_not_counted() -> None:
    # Given a caller the limits do not count (the conversation, the counter) that filed once
    file_report(draft(), client=Client(), now=FIXED_NOW)

    # When it files a second report within the hour
    second = file_report(draft(title="Lampu jalan mati"), client=Client(), now=FIXED_NOW)

    # Then that one is stored too
    assert Report.objects.filter(pk=second.report.pk).exists()


def test_a_refused_client_s_uploads_are_not_decoded() -> None:
    # Given a client over its limit
    file_report(draft(), client=counted(), now=FIXED_NOW)
    not_a_photo = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")

    # When it sends an upload that decoding would refuse
    with pytest.raises(RateLimited):
        file_report(draft(uploads=[not_a_photo]), client=counted(), now=FIXED_NOW)

    # Then the limit answered first (the upload was never opened as an image)


def test_uploads_are_cleaned_and_stored_as_the_report_s_photos() -> None:
    # When a draft comes with one uploaded JPEG
    filed = file_report(draft(uploads=[jpeg()]), client=counted(), now=FIXED_NOW)

    # Then the report has one photo, re-encoded as a JPEG
    photo = filed.report.photos.get()
    assert photo.image.name.endswith(".jpg")
    assert photo.width == 80


def test_more_uploads_than_the_cap_are_refused_naming_the_photos() -> None:
    # When a draft comes with four uploads
    with pytest.raises(InvalidInput) as refused:
        file_report(draft(uploads=[jpeg(f"{n}.jpg") for n in range(4)]), client=counted(), now=FIXED_NOW)

    # Then it is refused as too many, and nothing is stored
    assert (refused.value.field, refused.value.code) == ("photos", "too_many")
    assert not Report.objects.exists()


def test_an_upload_over_the_size_cap_is_refused_as_too_large_naming_it() -> None:
    # When the second upload is larger than 10 MB
    big = SimpleUploadedFile("big.jpg", b"\xff" * (MAX_UPLOAD_BYTES + 1), content_type="image/jpeg")
    with pytest.raises(PayloadTooLarge) as refused:
        file_report(draft(uploads=[jpeg(), big]), client=counted(), now=FIXED_NOW)

    # Then the refusal is a 413 naming that upload
    assert refused.value.status_code == 413
    assert refused.value.field == "photos.1"


def test_then_runs_in_the_report_s_transaction() -> None:
    # When the channel's own step fails after the report was inserted
    def fail(report: Report) -> None:
        raise RuntimeError("the channel's row could not be written")

    with pytest.raises(RuntimeError):
        file_report(draft(), client=counted(), now=FIXED_NOW, then=fail)

    # Then the report went with it
    assert not Report.objects.exists()


def test_then_does_not_run_for_a_replay() -> None:
    # Given a report filed with a key and a channel step
    seen: list[str] = []
    file_report(draft(), client=counted(key="key-2"), now=FIXED_NOW,
                then=lambda report: seen.append(report.tracking_id))

    # When the request is retried
    file_report(draft(), client=counted(key="key-2"), now=FIXED_NOW,
                then=lambda report: seen.append(report.tracking_id))

    # Then the channel's step ran once, for the new report only
    assert len(seen) == 1


def test_the_same_key_with_another_body_is_refused() -> None:
    # Given a report filed with a key
    file_report(draft(), client=Client(scope="api", key="key-3"), now=FIXED_NOW)

    # When another body comes with that key
    with pytest.raises(KeyReused):
        file_report(draft(title="Lampu jalan mati"), client=Client(scope="api", key="key-3"), now=FIXED_NOW)

    # Then nothing was stored for it
    assert not Report.objects.filter(title="Lampu jalan mati").exists()


def test_the_draft_is_judged_before_the_key() -> None:
    # When both the draft and the key are wrong
    with pytest.raises(InvalidInput) as refused:
        file_report(draft(title=" "), client=counted(key="not a key"), now=FIXED_NOW)

    # Then the answer is about the draft
    assert refused.value.field == "title"


def test_a_key_that_cannot_be_one_is_refused() -> None:
    # When the key holds a space
    with pytest.raises(InvalidInput) as refused:
        file_report(draft(), client=counted(key="not a key"), now=FIXED_NOW)

    # Then it is refused as an invalid key, and nothing is stored
    assert refused.value.code == "invalid_idempotency_key"
    assert not Report.objects.exists()


def test_uploaded_bytes_are_part_of_the_retry_s_fingerprint() -> None:
    # Given a report filed with a key and one photo
    file_report(draft(uploads=[jpeg()]), client=counted(key="key-4"), now=FIXED_NOW)

    # When the same key comes with other photo bytes
    other = SimpleUploadedFile("a.jpg", jpeg_bytes(size=(90, 60)), content_type="image/jpeg")
    with pytest.raises(KeyReused):
        file_report(draft(uploads=[other]), client=counted(key="key-4"), now=FIXED_NOW)

    # Then only the first report exists
    assert Report.objects.count() == 1
