"""A visitor's path through the public pages in Chromium: search, filter, sort, paginate, open a job, follow the
feed, download the CSV; screenshots at phone and desktop width go to the test artifacts."""
import csv
import re
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.utils import timezone
from playwright.sync_api import expect

from jobscraper.exchange_rates import ExchangeRate, jobs_salary_convert
from jobscraper.job_list import PAGE_SIZE
from jobscraper.models import Company, Job
from jobscraper.services import company_save
from tests.builders import make_job, plain_company
from tests.browser.conftest import ARTIFACTS, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)
BERLIN = {"name": "Berlin, Germany", "city": "Berlin", "region": "", "country": "DE"}


@pytest.fixture
def jobs(settings):
    settings.SALARY_BASE_CURRENCY = "EUR"
    acme, bolt = plain_company("Acme"), plain_company("Bolt")
    now = timezone.now()
    make_job(acme, title="Python Backend Engineer", raw_content="Django and Python services.", remote="remote",
             employment_type="full_time", locations=[BERLIN], salary_min=Decimal("70000"), salary_max=Decimal("90000"),
             salary_currency="EUR", salary_period="year", salary_annual_min=Decimal("70000"),
             salary_annual_max=Decimal("90000"), summary="Own our API.", first_seen_at=now - timedelta(hours=1))
    make_job(bolt, title="Staff Go Engineer", raw_content="Go services at scale.", remote="onsite",
             employment_type="full_time", salary_min=Decimal("120000"), salary_max=Decimal("150000"),
             salary_currency="EUR", salary_period="year", salary_annual_min=Decimal("120000"),
             salary_annual_max=Decimal("150000"), first_seen_at=now - timedelta(hours=2))
    make_job(bolt, title="=HYPERLINK(\"http://evil\")", raw_content="Formula injection attempt.", remote="remote",
             first_seen_at=now - timedelta(hours=3))
    jobs_salary_convert(jobs=Job.objects.all())  # the salary order reads the base currency's figures


def _titles(page) -> list[str]:
    return page.locator(".jobs .job h2 a").all_inner_texts()


def test_search_filter_sort_and_open_a_job(live_server, browser, jobs):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")

    # search: Enter in the search box submits the form, and the state is in the URL
    page.get_by_label("Search jobs").fill("python")
    page.get_by_label("Search jobs").press("Enter")
    page.wait_for_url("**/?q=python*")
    assert _titles(page) == ["Python Backend Engineer"]
    expect(page.get_by_role("heading", name="1 job")).to_be_visible()

    # filter: work mode from its labelled select, counts beside the options
    page.goto(live_server.url + "/")
    expect(page.get_by_label("Work mode").locator("option[value=remote]")).to_have_text("Remote (2)")
    page.get_by_label("Work mode").select_option("remote")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**remote=remote*")
    assert set(_titles(page)) == {"Python Backend Engineer", '=HYPERLINK("http://evil")'}

    # sort: highest salary first, over every job
    page.goto(live_server.url + "/")
    page.get_by_label("Sort by").select_option("salary")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**sort=salary*")
    assert _titles(page)[:2] == ["Staff Go Engineer", "Python Backend Engineer"]
    page.screenshot(path=str(_artifacts() / "public-list-desktop.png"), full_page=True)

    # open a job
    page.get_by_role("link", name="Python Backend Engineer").click()
    page.wait_for_url("**/jobs/*/**")
    expect(page.get_by_role("heading", name="Python Backend Engineer")).to_be_visible()
    expect(page.locator(".salary")).to_have_text("EUR 70,000–90,000 per year")
    page.get_by_role("link", name="Acme").first.click()
    page.wait_for_url("**/companies/*/")
    expect(page.get_by_role("heading", name="Acme")).to_be_visible()


def test_paginate_at_phone_width(live_server, browser):
    company = plain_company("Acme")
    now = timezone.now()
    for n in range(PAGE_SIZE + 2):
        make_job(company, title=f"Role {n:02d}", first_seen_at=now - timedelta(minutes=n), remote="hybrid",
                 locations=[BERLIN], summary="A role on our platform team.")

    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/?remote=hybrid")
    page.screenshot(path=str(_artifacts() / "public-list-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url("**page=2*")
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    assert _titles(page) == [f"Role {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 2)]
    assert "remote=hybrid" in page.url


def test_feed_link_and_csv_download(live_server, browser, jobs):
    page = browser.new_page(accept_downloads=True)
    page.goto(live_server.url + "/?q=engineer")

    feed_url = page.get_by_role("link", name="Atom feed").get_attribute("href")
    feed = ElementTree.fromstring(page.request.get(live_server.url + feed_url).body())
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.findall(f"{atom}entry")]
    assert titles == ["Python Backend Engineer at Acme", "Staff Go Engineer at Bolt"]

    page.goto(live_server.url + "/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "jobs.csv"
    with open(download.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["title"] for row in rows] == [
        "Python Backend Engineer", "Staff Go Engineer", "'=HYPERLINK(\"http://evil\")",
    ]


def _artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _open_filters(page) -> None:
    """Opens the filter panel where it is folded behind its button (on a phone)."""
    button = page.locator(".filters > summary")
    if button.is_visible():
        button.click()


PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 768}


def test_on_a_phone_the_list_opens_with_its_results_and_the_filters_fold_behind_one_button(live_server, browser, jobs):
    page = browser.new_page(viewport=PHONE)

    page.goto(live_server.url + "/?q=engineer&remote=remote&type=full_time")

    button = page.locator(".filters > summary")
    expect(button).to_have_text("Filters 2 applied")  # the search words are not one of the panel's filters
    expect(page.get_by_label("Work mode")).to_be_hidden()
    first = page.locator(".jobs .job").first
    expect(first).to_have_text(re.compile("Python Backend Engineer"))
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]  # the whole first job on the first screen
    page.screenshot(path=str(_artifacts() / "public-list-phone-folded.png"))

    button.click()
    expect(page.get_by_label("Work mode")).to_be_visible()
    page.screenshot(path=str(_artifacts() / "public-list-phone-filters-open.png"), full_page=True)
    page.get_by_label("Employment type").select_option("")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"remote=remote(?!.*type=full_time)"))
    expect(page.locator(".filters > summary")).to_have_text("Filters 1 applied")
    expect(page.get_by_label("Work mode")).to_be_hidden()  # folded again on the new page
    assert axe_violations(page) == []


def test_on_a_desktop_the_filters_show_beside_the_results_without_a_button(live_server, browser, jobs):
    page = browser.new_page(viewport=DESKTOP)

    page.goto(live_server.url + "/")

    expect(page.locator(".filters > summary")).to_be_hidden()
    expect(page.get_by_label("Work mode")).to_be_visible()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    filters, results = page.locator(".filters").bounding_box(), page.locator(".results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"] and filters["y"] < results["y"] + results["height"]
    page.get_by_label("Work mode").select_option("onsite")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**remote=onsite*")
    assert _titles(page) == ["Staff Go Engineer"]
    page.screenshot(path=str(_artifacts() / "public-list-desktop-filters.png"))
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [390, 1366])
def test_a_search_with_filters_shows_chips_and_snippets_and_fits_the_screen(live_server, browser, width):
    company = company_save(company=Company(
        name="A company with a name far longer than any screen is wide" + "x" * 80, careers_url="https://long.example/"
    ))
    make_job(company, title="Rust Engineer " + "W" * 120, remote="remote", locations=[BERLIN],
             raw_content="Build " + "y" * 200 + " tooling in Rust for our platform team.")
    page = browser.new_page(viewport={"width": width, "height": 844})

    page.goto(live_server.url + "/?q=rust&remote=remote&country=DE&city=" + "Z" * 150)
    # nothing matches the long city: the page says which filter to drop, and dropping it shows the job, marked
    expect(page.get_by_text("No jobs match this search.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    page.get_by_role("list", name="Filters applied").get_by_role("link", name=re.compile("^Z+")).click()

    expect(page.locator("mark", has_text="Rust")).to_be_visible()
    expect(page.get_by_role("list", name="Filters applied").get_by_role("link")).to_have_count(3)
    page.screenshot(path=str(_artifacts() / f"public-list-search-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing overflows sideways
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [390, 1366])
def test_a_salary_in_another_currency_shows_its_value_in_euros_and_the_filter_converts(
    live_server, browser, settings, width
):
    # given test-made round rates (£0.80 to the euro, on 9 March) and jobs seen the next day, paying in GBP and EUR
    settings.SALARY_BASE_CURRENCY = "EUR"
    ExchangeRate.objects.create(currency="GBP", day=date(2026, 3, 9), per_euro=Decimal("0.80"), source="test")
    company, seen = plain_company("Acme"), datetime(2026, 3, 10, 12, tzinfo=dt_timezone.utc)
    make_job(company, title="Pounds", salary_min=Decimal("50000"), salary_max=Decimal("56000"), salary_currency="GBP",
             salary_period="year", salary_annual_min=Decimal("50000"), salary_annual_max=Decimal("56000"),
             first_seen_at=seen)
    make_job(company, title="Euros", salary_min=Decimal("60000"), salary_currency="EUR", salary_period="year",
             salary_annual_min=Decimal("60000"), first_seen_at=seen)
    jobs_salary_convert(jobs=Job.objects.all())
    page = browser.new_page(viewport={"width": width, "height": 844})

    # the card: the stated salary, then its value in euros at the rate of the day before
    page.goto(live_server.url + "/?sort=salary")
    pounds = page.locator(".jobs .job", has_text="Pounds")
    expect(pounds.locator(".salary")).to_have_text("GBP 50,000–56,000 per year")
    expect(pounds.locator(".salary-base")).to_have_text("≈ EUR 62,500–70,000 a year at the rate of 9 Mar 2026")
    assert _titles(page) == ["Pounds", "Euros"]

    # a minimum in euros (no currency chosen) matches the pounds worth more
    _open_filters(page)
    page.get_by_label("Amount").fill("65000")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**salary_min=65000*")
    assert _titles(page) == ["Pounds"]
    # a minimum in pounds: £55,000 is €68,750, more than the euro job pays; the pounds job pays £56,000
    _open_filters(page)
    page.get_by_label("Amount").fill("55000")
    page.get_by_label("Currency").select_option("GBP")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**currency=GBP*")
    assert _titles(page) == ["Pounds"]
    expect(page.get_by_role("list", name="Filters applied").get_by_role("link")).to_have_text(
        re.compile(r"^At least GBP 55,000 a year \(≈ EUR 68,750\)")
    )
    page.screenshot(path=str(_artifacts() / f"public-list-salary-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing overflows sideways
    assert axe_violations(page) == []
