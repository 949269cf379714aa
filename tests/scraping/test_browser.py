"""Chromium for the browser strategy: a browser that is missing or fails to start is a source error that says so.

How pages are rendered through it is tested with the career page source (test_career_page.py).
"""
import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources import SourceError
from scraping.sources.career_page import CareerPageSource
from tests.scraping.careers_site import listing_page
from tests.servers import Reply


@pytest.mark.parametrize(
    ("chromium", "message"),
    [
        ("/opt/nowhere/chromium", r"needs Chromium at /opt/nowhere/chromium \(Debian package chromium\)"),
        ("/bin/false", r"Chromium \(/bin/false\) exited at start with status 1"),
    ],
)
def test_browser_that_cannot_start_is_a_source_error(loopback, monkeypatch, chromium, message):
    monkeypatch.setattr("scraping.browser.CHROMIUM", chromium)
    loopback.routes["/careers"] = Reply.html(listing_page(("/jobs/data-engineer", "Data Engineer")))
    company = Company(
        name="Northwind Labs", careers_url=f"{loopback.url}/careers", source_kind=SourceKind.CAREER_PAGE,
        source_params={"browser": True},
    )

    with pytest.raises(SourceError, match=message):
        CareerPageSource().fetch(company)
