"""How long a browser test waits for a condition before calling it failed, and the helpers that wait for one.

A browser test never sleeps a fixed time: it waits for what a person would see (an element, a response, the next
page). The bound is generous because CI shares two cores with the live server, Chromium and other suites; a
condition that holds returns at once, so a long bound costs nothing when the page is fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Playwright's own defaults (30 s for actions, 5 s for `expect`) were missed on a loaded 2-core machine.
WAIT_MS = 60_000


def patient(context: Any) -> Any:
    """A browser context whose every action, navigation and wait is bounded by WAIT_MS."""
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context


class PatientBrowser:
    """The launched browser, except that every context it opens waits up to WAIT_MS (see `patient`)."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        return patient(self._browser.new_context(**options))

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@contextmanager
def next_page(page: Any) -> Iterator[None]:
    """Wait until the action in the block has loaded the next page (a form post and its redirect, a link).

    Playwright's click returns once a navigation has started, not when the server has answered, so a test that
    then reads the database or the page would race the server.
    """
    with page.expect_navigation(wait_until="load", timeout=WAIT_MS):
        yield


_COUNT_SETTLES = """() => {
  if (window.sigapSettles === undefined) {
    window.sigapSettles = 0;
    document.addEventListener("htmx:afterSettle", () => { window.sigapSettles += 1; });
  }
  return window.sigapSettles;
}"""


@contextmanager
def htmx_refresh(page: Any, url_part: str) -> Iterator[None]:
    """Wait until the htmx request the block causes has been answered, swapped in and settled.

    htmx binds its triggers on swapped-in content only when the swap settles (a timer after the swap), so the
    answer's arrival, or even the new HTML in the page, is not yet a form that reacts to the next choice: on a
    loaded machine a test that chose again in that gap waited for a request that never left.
    """
    settled_before = page.evaluate(_COUNT_SETTLES)
    with page.expect_response(lambda response: url_part in response.url, timeout=WAIT_MS):
        yield
    page.wait_for_function("count => window.sigapSettles > count", arg=settled_before, timeout=WAIT_MS)
