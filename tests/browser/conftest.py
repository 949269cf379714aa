"""A real browser for the page tests: Debian's Chromium driven by Playwright (no browser download)."""
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's own background traffic is refused on this network; these keep it quiet and fast.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", "test-artifacts"))  # screenshots, kept by CI


# How long a page may take to show what a test waits for: Playwright's 5 s default is short for two busy CI cores,
# and waiting longer never makes a passing test slower.
WAIT = 30_000  # ms


class WatchedBrowser:
    """Chromium, every page of which adds to `csp_violations` what its Content-Security-Policy refused: Chromium's own
    console error for each refusal, which names the directive and, for an inline block, the hash that would allow it."""

    def __init__(self, browser):
        self._browser = browser
        self.csp_violations = []

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.on("console", self._console)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.location['url']}: {message.text}")


@pytest.fixture
def browser():
    """Chromium for one test, which fails if the Content-Security-Policy refused anything on any of its pages: every
    page test doubles as a check that our pages, and admin's, use nothing the policy forbids."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT)

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        watched = WatchedBrowser(instance)
        yield watched
        instance.close()
    assert watched.csp_violations == [], "the Content-Security-Policy refused what a page used:\n" + "\n".join(
        watched.csp_violations)


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def axe_violations(page) -> list[str]:
    """What axe-core (the copy axe-playwright-python ships) finds wrong with the page as it is now, one line each:
    rule, impact, and the elements it names. An empty list is a page axe finds nothing wrong with."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        for violation in results["violations"]
    ]
