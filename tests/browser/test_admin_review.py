"""A reviewer clears the review queue in a real browser, and the public list shows what they approved; the job list
fits a laptop."""
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from jobscraper.models import Company
from jobscraper.services import company_save
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


LAPTOP = {"width": 1366, "height": 768}


def _reviewer_page(live_server, browser, viewport, **context):
    """A page logged in to admin as a reviewer, on the job list."""
    get_user_model().objects.create_superuser("reviewer", "reviewer@example.org", "correct-horse-battery")
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/jobscraper/job/")
    return page


def test_the_job_list_fits_beside_the_sidebar_and_filters_at_1366(live_server, browser):
    company = company_save(company=Company(name="Deutsche Telekom IT Solutions Hungary", careers_url="https://dt.example/"))
    for n in range(3):
        make_job(company, title=f"Senior Data Engineer, Platform Infrastructure {n}", salary_min=45000.5,
                 salary_max=1250000, salary_currency="CHF", salary_period="month", extraction_engine="openai_batch",
                 extraction_state="waiting_budget")
    page = _reviewer_page(live_server, browser, LAPTOP)

    results = page.locator("#changelist .results").bounding_box()
    salary = page.locator("td.field-salary_display").first

    expect(salary).to_have_text("CHF 45,000.50–1,250,000 per month")
    assert page.evaluate("(el => el.scrollWidth <= el.clientWidth)(document.querySelector('#changelist .results'))")
    box = salary.bounding_box()
    assert box["x"] + box["width"] <= results["x"] + results["width"]
    page.screenshot(path=str(_artifacts() / "admin-job-list-1366.png"))


def _artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
