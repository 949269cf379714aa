"""A reviewer clears the review queue in a real browser, and the public list shows what they approved."""
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_approves_a_job_and_visitors_see_it(live_server, browser, settings):
    settings.PUBLIC_UNREVIEWED_JOBS = False  # only approved jobs are public
    get_user_model().objects.create_superuser("reviewer", "reviewer@example.org", "correct-horse-battery")
    company = plain_company("Acme")
    make_job(company, title="Waiting Posting")
    make_job(company, title="Approved Posting", field_sources={"title": "ats"})

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name="Approved Posting").click()
    expect(page.locator("#id_title_helptext")).to_have_text("from the ATS API")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-review-job.png"), full_page=True)
    page.get_by_role("button", name="Approve & next").click()

    expect(page.get_by_text("Approved “Approved Posting”.")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Waiting Posting")  # on to the next job in the queue

    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Approved Posting")).to_be_visible()
    expect(page.get_by_role("link", name="Waiting Posting")).to_have_count(0)
