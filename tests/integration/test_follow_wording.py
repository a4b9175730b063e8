"""The follow page promises what a follower gets: the public view of the report, not the reporter's."""

from __future__ import annotations

import pytest

from tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_the_follow_page_promises_the_public_view_not_the_reporters(client) -> None:
    # given an open report
    report = make_report()

    # when its follow page is opened in Indonesian (the default) and in English
    indonesian = client.get(f"/lapor/ikuti/{report.tracking_id}").content.decode()
    english = client.get(f"/lapor/ikuti/{report.tracking_id}", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then it says the news is what the public tracking page shows, never "as if you had filed it"
    assert "sebatas yang tampil di halaman pelacakan publiknya" in indonesian
    assert "seolah-olah Anda pelapornya" not in indonesian
    assert "as far as its public tracking page shows it" in english
    assert "as if you had filed it" not in english
