"""Officers in real Chromium: the complaint admin dispatches to PUPR, PUPR answers and resolves with a photo, the
reporter confirms and rates through the link, and every step shows on the public tracking page."""

from __future__ import annotations

from typing import Any

from tests.e2e.waits import next_page
from tests.factories import jpeg_bytes, make_report


def signed_in(browser: Any, site: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.goto(f"{site}/akun/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "sigap-demo")
    with next_page(page):
        page.click("form button[type=submit]")
    # A person's first sign-in lands once on their role's guide, whose button leads on to the queue.
    if "/panduan/" in page.url:
        with next_page(page):
            page.click("#guide-continue")
    page.wait_for_selector("#queue")
    return page


def public_timeline(browser: Any, site: str, tracking_id: str) -> list[str]:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{site}/lacak/{tracking_id}")
    entries = [str(text) for text in page.locator(".timeline li").all_inner_texts()]
    context.close()
    return entries


def shows_step(browser: Any, site: str, tracking_id: str, status: str) -> bool:
    """The public page lists every public event, the newest with the status it led to."""
    from django.utils import translation

    from sigap.reports.models import Report
    from sigap.reports.queries import status_label

    entries = public_timeline(browser, site, tracking_id)
    report = Report.objects.get(tracking_id=tracking_id)
    with translation.override("en"):
        label = str(status_label(status))
    return len(entries) == report.events.filter(is_public=True).count() and any(label in e for e in entries)


def test_dispatch_answer_resolve_confirm_and_rate_each_show_on_the_public_page(site, browser, tmp_path) -> None:
    from sigap.reports.models import Report

    report = make_report(category="jalan_rusak")
    evidence = tmp_path / "tambal.jpg"
    evidence.write_bytes(jpeg_bytes((640, 480)))

    admin = signed_in(browser, site, "verifikator")
    admin.click(f"text={report.tracking_id}")
    assert admin.input_value("#id_dispatch-lead_unit") == "pupr"  # suggested from the category
    with next_page(admin):
        admin.click("#form-dispatch button[type=submit]")
    admin.wait_for_selector("#status")
    assert shows_step(browser, site, report.tracking_id, "dispatched")

    officer = signed_in(browser, site, "petugas.pupr")
    assert report.tracking_id in officer.inner_text("#queue")
    officer.goto(f"{site}/petugas/laporan/{report.tracking_id}")
    officer.fill("#id_respond-message", "Tim kami menuju lokasi besok pagi.")
    with next_page(officer):
        officer.click("#form-respond button[type=submit]")
    officer.wait_for_selector("#form-resolve")
    assert shows_step(browser, site, report.tracking_id, "in_progress")

    officer.click("#form-resolve summary")
    officer.fill("#id_resolve-message", "Lubang sudah ditambal.")
    with next_page(officer):
        officer.click("#form-resolve button[type=submit]")
    assert officer.is_visible("#action-error")  # refused: this category needs a photo of the result
    assert Report.objects.get(pk=report.pk).status == "in_progress"
    officer.fill("#id_resolve-message", "Lubang sudah ditambal.")
    officer.set_input_files("#id_resolve-photo", str(evidence))
    with next_page(officer):
        officer.click("#form-resolve button[type=submit]")
    officer.wait_for_selector("#status")
    assert Report.objects.get(pk=report.pk).status == "resolved"
    assert shows_step(browser, site, report.tracking_id, "resolved")

    context = browser.new_context()
    reporter = context.new_page()
    reporter.goto(f"{site}/lacak/{report.tracking_id}/pelapor/{report.reporter_token}")
    with next_page(reporter):
        reporter.click("form[action$='/confirm'] button[type=submit]")
    reporter.wait_for_selector("input[name=rating][value='5']")
    reporter.check("input[name=rating][value='5']")
    with next_page(reporter):
        reporter.click("form[action$='/rate'] button[type=submit]")
    reporter.wait_for_selector("#reporter-actions")
    context.close()

    final = Report.objects.get(pk=report.pk)
    assert final.status == "closed"
    assert final.rating == 5
    assert shows_step(browser, site, report.tracking_id, "closed")
