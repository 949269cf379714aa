"""The job page in Chromium as a seeker uses it: back to the search they came from, Apply within reach after a long
posting, and nothing scrolling sideways on a phone (the company page too)."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from jobscraper.models import Company, JobChange
from jobscraper.services import company_save
from tests.browser.conftest import ARTIFACTS, axe_violations
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db(transaction=True)


def test_all_jobs_leads_back_to_the_search_the_job_was_opened_from(live_server, browser):
    make_job(plain_company("Acme"), title="Python Engineer", remote="remote")
    make_job(plain_company("Bolt"), title="Go Engineer", remote="onsite")
    page = browser.new_page(viewport={"width": 390, "height": 844})

    page.goto(live_server.url + "/?q=engineer&remote=remote")
    page.get_by_role("link", name="Python Engineer").click()
    page.wait_for_url("**/jobs/*/**")
    back = page.get_by_role("link", name="← All jobs")
    expect(back).to_have_attribute("href", "/?q=engineer&remote=remote")
    back.click()

    page.wait_for_url(live_server.url + "/?q=engineer&remote=remote")
    expect(page.get_by_label("Search jobs")).to_have_value("engineer")


WIDTHS = (390, 1366)  # a phone and a laptop, in CSS pixels
UNBROKEN = "W" * 300  # a title with no place to break
LONG_URL = "https://acme.example/jobs/" + "x" * 300
POSTING = (
    f"<h2>{UNBROKEN}</h2><p>Read <a href='{LONG_URL}'>{LONG_URL}</a> first.</p>"
    f"<pre><code>{'curl ' + LONG_URL + ' ' * 3 + 'y' * 300}</code></pre><p>Inline <code>{'z' * 300}</code> code.</p>"
    "<table><thead><tr>" + "".join(f"<th>{'h' * 40}{n}</th>" for n in range(8)) + "</tr></thead><tbody><tr>"
    + "".join(f"<td>{'c' * 80}{n}</td>" for n in range(8)) + "</tr></tbody></table>"
    + "".join(f"<p>Paragraph {n} of a long posting, about the work and the team.</p>" for n in range(120))
    + "<p>The end of the posting.</p>"
)


@pytest.fixture
def long_job():
    company = company_save(company=Company(name="Acme" + "N" * 196, careers_url="https://acme.example/" + "k" * 300))
    sibling = make_job(company, title="S" * 300, source_url="")  # its Apply names the company's careers site
    job = make_job(company, title=UNBROKEN, source_url=LONG_URL, description_html=POSTING, summary="Long.",
                   locations=[{"name": "L" * 300}], skills=["q" * 300], remote="hybrid")
    JobChange.objects.create(job=job, kind=JobChange.Kind.CHANGED, field="title", old_value="T" * 300, new_value=UNBROKEN)
    return job, sibling


def _scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_long_titles_and_urls_wrap_on_the_job_and_company_pages(live_server, browser, long_job, width):
    job, sibling = long_job
    page = browser.new_page(viewport={"width": width, "height": 844})
    pages = ((job.get_absolute_url(), "job"), (sibling.get_absolute_url(), "careers-apply"),
             (reverse("company_detail", args=[job.company_id]), "company"))

    for path, name in pages:
        page.goto(live_server.url + path)
        page.screenshot(path=str(_artifacts() / f"long-{name}-{width}.png"), full_page=True)
        assert not _scrolls_sideways(page), f"the {name} page scrolls sideways at {width} px"
        assert axe_violations(page) == [], f"the {name} page at {width} px"


def test_apply_is_at_hand_at_the_end_of_a_long_posting(live_server, browser, long_job):
    job, _ = long_job
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.route(LONG_URL, lambda route: route.fulfill(body="<title>Acme applications</title>", content_type="text/html"))
    page.goto(live_server.url + job.get_absolute_url())

    page.get_by_text("The end of the posting.").scroll_into_view_if_needed()

    apply = page.get_by_role("link", name="Apply on the company’s site").last
    expect(apply).to_be_in_viewport()
    end = page.get_by_text("The end of the posting.").bounding_box()
    assert apply.bounding_box()["y"] > end["y"]  # after the posting, not back at the top
    apply.click()
    page.wait_for_url(LONG_URL)


def _artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
