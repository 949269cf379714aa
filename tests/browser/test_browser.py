"""The pages in a real browser: Playwright driving Debian's Chromium (no browser download)."""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_opens_a_job_from_the_list(live_server, browser):
    company = plain_company("Acme")
    make_job(company, title="Platform Engineer", locations=[{"name": "Berlin, DE"}], remote="remote",
             salary_min=Decimal("70000"), salary_max=Decimal("90000"), salary_currency="EUR", salary_period="year",
             description_html="<p>Build our platform.</p>")

    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "job-list-phone.png"), full_page=True)
    page.get_by_role("link", name="Platform Engineer").click()

    page.wait_for_url("**/jobs/*/")
    expect(page.get_by_role("heading", name="Platform Engineer")).to_be_visible()
    expect(page.locator(".salary")).to_have_text("EUR 70,000–90,000 per year")
    expect(page.locator(".description")).to_have_text("Build our platform.")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(ARTIFACTS / "job-detail-desktop.png"), full_page=True)


def test_reviewer_rejects_a_job_and_it_leaves_the_list(live_server, browser):
    get_user_model().objects.create_superuser("reviewer", "reviewer@example.org", "correct-horse-battery")
    company = plain_company("Acme")
    make_job(company, title="Spam Posting")
    make_job(company, title="Real Posting")

    page = browser.new_page()
    page.goto(live_server.url + "/admin/jobscraper/job/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.get_by_role("row", name="Spam Posting").get_by_role("checkbox").check()
    page.select_option("select[name=action]", "reject")
    page.click("button[name=index]")
    expect(page.get_by_text("Rejected 1 job(s).")).to_be_visible()

    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Real Posting")).to_be_visible()
    expect(page.get_by_role("link", name="Spam Posting")).to_have_count(0)
