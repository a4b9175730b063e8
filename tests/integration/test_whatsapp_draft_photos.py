"""Photos sent for a report that is never filed do not stay in storage: cancel and expiry delete them."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sigap.channels.conversation.engine import expire_idle_conversations
from sigap.channels.models import Conversation
from tests.clock import FIXED_NOW
from tests.factories import jpeg_bytes
from tests.integration.whatsapp_support import fake_graph, message_payload, post_signed, run_queued_tasks, tap, text

pytestmark = pytest.mark.django_db
WAJO = "74.72.06.1007"


def saved_at(path: Path, when: datetime) -> None:
    """Give a file the modification time a photo saved at `when` would have."""
    os.utime(path, (when.timestamp(), when.timestamp()))


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def say(client, run_on_commit):
    def send(message: dict[str, Any]) -> None:
        with run_on_commit(execute=True):
            assert post_signed(client, message_payload(message)).status_code == 200
        with run_on_commit(execute=True):  # the worker commits; the deletion waits for that commit
            run_queued_tasks()

    return send


@pytest.fixture
def draft_with_photo(say, settings, media_root) -> Path:
    """A citizen half-way through Lapor, with one photo downloaded into the drafts folder."""
    with fake_graph() as graph:
        settings.WHATSAPP_API_BASE = graph.base
        graph.media["556677"] = jpeg_bytes((640, 480))
        say(tap("menu:lapor"))
        say(tap("cat:sampah", kind="list_reply"))
        say(text("Sampah menumpuk di pinggir jalan dekat sekolah."))
        say(text("wajo"))
        say(tap(f"rw:{WAJO}/RW001", kind="list_reply"))
        say(tap(f"rt:{WAJO}/RW001/RT001", kind="list_reply"))
        say({"type": "image", "image": {"id": "556677", "mime_type": "image/jpeg"}})
    files = list((media_root / "whatsapp-drafts").iterdir())
    assert len(files) == 1 and Conversation.objects.get().state == "lapor_photo"
    return files[0]


def test_batal_deletes_the_draft_photos(say, draft_with_photo):
    say(text("batal"))

    assert Conversation.objects.get().state == "idle"
    assert not draft_with_photo.exists()


def test_the_expiry_sweep_deletes_the_draft_photos(draft_with_photo, run_on_commit):
    with run_on_commit(execute=True):
        assert expire_idle_conversations(now=timezone.now() + timedelta(minutes=31)) == 1

    assert not draft_with_photo.exists()


def test_writing_after_the_timeout_deletes_the_draft_photos(say, draft_with_photo):
    Conversation.objects.update(updated_at=timezone.now() - timedelta(minutes=31))

    say(text("halo"))

    assert not draft_with_photo.exists()


def test_a_photo_of_a_draft_still_in_progress_is_kept(say, draft_with_photo):
    say(text("apa ini?"))  # a wrong answer repeats the question; the draft goes on

    assert draft_with_photo.exists()


def test_a_day_old_draft_photo_no_conversation_points_at_is_deleted(media_root, draft_with_photo):
    from sigap.channels.conversation.drafts import delete_orphan_drafts

    # given a photo no conversation points at, saved two days before the sweep (the file system's clock is the
    # kernel's, not the test's: the file's time is set, not left to whenever the suite runs)
    orphan = media_root / "whatsapp-drafts" / "lost.jpg"
    orphan.write_bytes(jpeg_bytes((64, 64)))
    saved_at(orphan, FIXED_NOW - timedelta(days=2))
    saved_at(draft_with_photo, FIXED_NOW - timedelta(days=2))

    deleted = delete_orphan_drafts(now=FIXED_NOW)

    assert deleted == 1
    assert not orphan.exists()
    assert draft_with_photo.exists()  # still part of a conversation in progress


def test_a_fresh_unreferenced_draft_photo_is_left_alone(media_root):
    from sigap.channels.conversation.drafts import delete_orphan_drafts

    (media_root / "whatsapp-drafts").mkdir()
    fresh = media_root / "whatsapp-drafts" / "just-saved.jpg"
    fresh.write_bytes(jpeg_bytes((64, 64)))
    saved_at(fresh, FIXED_NOW - timedelta(hours=1))

    assert delete_orphan_drafts(now=FIXED_NOW) == 0
    assert fresh.exists()
