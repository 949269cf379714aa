"""A reviewer clears the review queue in a real browser, on the change form and on the review screen, and the public
list shows what they approved; the job list fits a laptop."""
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from jobscraper.models import Company, Job
from jobscraper.services import company_save
from tests.browser.conftest import ARTIFACTS, axe_violations
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


# The review screen (jobscraper/admin_review.py) at a laptop's 1,366 x 768 and a phone's 390 px.
LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
CHECKED = ("title", "company", "locations", "remote", "employment_type", "salary", "date_posted")
LONG_URL = "https://acme.example/jobs/" + "x" * 300
POSTING = (
    f"<p>Read <a href='{LONG_URL}'>{LONG_URL}</a> first.</p>"
    "<table><tr>" + "".join(f"<td>{'c' * 80}{n}</td>" for n in range(8)) + "</tr></table>"
    + "".join(f"<p>Paragraph {n} of a long posting, about the work and the team.</p>" for n in range(80))
)


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


def _queue():
    """Three jobs awaiting review, First newest, each with what a reviewer checks and a long posting."""
    company = plain_company("Acme")
    facts = {
        "locations": [{"name": "Berlin, DE"}, {"name": "Munich, DE"}, {"name": "Hamburg, DE"}], "remote": "hybrid",
        "employment_type": "full_time", "salary_min": 50000, "salary_max": 60000, "salary_currency": "EUR",
        "salary_period": "year", "date_posted": date(2026, 3, 2), "skills": ["Python", "SQL", "Airflow"],
        "field_sources": {"title": "ats", "remote": "rules", "salary_min": "local_llm"},
        "extraction_error": "salary 70000-80000 not found in the posting text; location Paris not found in the posting text",
        "description_html": POSTING, "source_url": LONG_URL,
    }
    return [make_job(company, title=title, extracted_at=timezone.now() - timedelta(minutes=n), **facts)
            for n, title in enumerate(("First Data Engineer", "Second Data Engineer", "Third " + "W" * 200))]


def _below_the_fold(page, viewport) -> list[str]:
    """The checked facts and decision buttons not wholly within the first screen."""
    boxes = {name: page.locator(f'[data-field="{name}"]').bounding_box() for name in CHECKED}
    boxes |= {text: page.get_by_role("button", name=text).bounding_box()
              for text in ("Approve & next", "Reject & next", "Re-extract & next", "Skip")}
    return [name for name, box in boxes.items()
            if box["y"] < 0 or box["y"] + box["height"] > viewport["height"] or box["x"] + box["width"] > viewport["width"]]


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_the_review_screen_shows_what_a_reviewer_checks_on_the_first_screen_and_a_approves(live_server, browser):
    first, second, third = _queue()
    page = _reviewer_page(live_server, browser, LAPTOP)

    page.get_by_role("link", name="Start reviewing").click()

    expect(page.get_by_role("heading", name="Reviewing 1 of 3")).to_be_visible()
    assert _below_the_fold(page, LAPTOP) == []
    fields, posting = page.locator(".review-fields").bounding_box(), page.locator(".review-posting").bounding_box()
    assert posting["x"] >= fields["x"] + fields["width"]  # the posting beside the fields
    assert not _scrolls_sideways(page)
    assert axe_violations(page) == []
    page.screenshot(path=str(_artifacts() / "admin-review-screen-1366.png"))

    _press(page, "a")

    expect(page.get_by_role("heading", name="Reviewing 1 of 2")).to_be_visible()
    expect(page.locator('[data-field="title"] .review-value')).to_have_text("Second Data Engineer")
    expect(page.get_by_text("Approved “First Data Engineer”.")).to_be_visible()
    first.refresh_from_db()
    assert (first.review_status, first.reviewed_by.get_username()) == ("approved", "reviewer")
    assert _below_the_fold(page, LAPTOP) == []  # with the decision's message above


def test_the_review_screen_on_a_phone_puts_the_posting_below_and_never_scrolls_sideways(live_server, browser):
    _queue()
    page = _reviewer_page(live_server, browser, PHONE)
    page.get_by_role("link", name="Start reviewing").click()

    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_role("heading", name="Reviewing 2 of 3")).to_be_visible()
    page.get_by_role("button", name="Skip").click()

    expect(page.get_by_role("heading", name="Reviewing 3 of 3")).to_be_visible()  # the one with an unbroken title
    fields, posting = page.locator(".review-fields").bounding_box(), page.locator(".review-posting").bounding_box()
    assert posting["y"] >= fields["y"] + fields["height"]  # below the fields
    assert not _scrolls_sideways(page)
    assert axe_violations(page) == []
    page.screenshot(path=str(_artifacts() / "admin-review-screen-390.png"), full_page=True)


def _press(page, key: str) -> None:
    """A key, once the page's deferred review.js has run (it runs before DOMContentLoaded): a key pressed while the
    page is still loading reaches no listener, as once happened in CI."""
    page.wait_for_load_state("domcontentloaded")
    page.keyboard.press(key)


def test_keys_skip_and_go_back_and_wait_while_the_reviewer_types(live_server, browser):
    _queue()
    page = _reviewer_page(live_server, browser, LAPTOP)
    page.get_by_role("link", name="Start reviewing").click()
    expect(page.locator(".review-keys")).to_contain_text("s or j skip")  # the keys are shown on the page

    _press(page, "s")
    expect(page.get_by_role("heading", name="Reviewing 2 of 3")).to_be_visible()
    _press(page, "k")
    expect(page.get_by_role("heading", name="Reviewing 1 of 3")).to_be_visible()
    _press(page, "j")
    expect(page.get_by_role("heading", name="Reviewing 2 of 3")).to_be_visible()
    # A text field (admin's own pages have them; this screen has none of its own, so one is added): its keys are text.
    page.evaluate("document.querySelector('#content-main').prepend(Object.assign(document.createElement('input'), "
                  "{id: 'note', type: 'text'}))")
    page.wait_for_load_state("domcontentloaded")  # review.js listens: the keys below could act, and must not
    page.locator("#note").press_sequentially("ares")

    expect(page.locator("#note")).to_have_value("ares")
    expect(page.get_by_role("heading", name="Reviewing 2 of 3")).to_be_visible()
    assert set(Job.objects.values_list("review_status", flat=True)) == {"unreviewed"}


def test_the_review_screen_works_without_javascript(live_server, browser):
    first, second, _ = _queue()
    page = _reviewer_page(live_server, browser, LAPTOP, java_script_enabled=False)
    page.get_by_role("link", name="Start reviewing").click()

    page.get_by_role("button", name="Reject & next").click()

    expect(page.get_by_role("heading", name="Reviewing 1 of 2")).to_be_visible()
    first.refresh_from_db()
    assert first.review_status == "rejected"


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
