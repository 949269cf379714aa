"""The read API's interactive docs in Chromium: Swagger UI from our own static files, every request on our host, and
a job search tried from the page."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_docs_try_a_job_search_without_leaving_our_host(live_server, browser):
    make_job(plain_company("Acme"), title="Python Backend Engineer")
    page = browser.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))

    page.goto(f"{live_server.url}/api/v1/docs")
    jobs = page.locator(".opblock-summary-path[data-path='/api/v1/jobs']")
    expect(jobs).to_be_visible()
    jobs.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()

    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(page.locator(".live-responses-table tbody .response-col_description").first).to_contain_text(
        "Python Backend Engineer")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)
    assert [url for url in asked if not url.startswith(live_server.url)] == []
    assert f"{live_server.url}/static/ninja/swagger-ui-bundle.js" in asked
