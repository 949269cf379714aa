"""A visitor's alert in Chromium, end to end through a real worker and a real SMTP server: "Get alerts" from a search,
the confirmation email's link, a digest, the manage page, and unsubscribing from the digest's link. Every page is
served under a strict Content-Security-Policy (no inline script or style allowed), and breaks none of it."""
from datetime import timedelta

import pytest
import redis
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Subscription
from jobscraper.celery import app
from tests.alerts import mail
from tests.alerts.mail import body_text, link
from tests.browser.conftest import ARTIFACTS
from tests.builders import make_job, plain_company
from tests.conftest import _database_url
from tests.polling import wait_for
from tests.workers import Workers

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

ADDRESS = "ana@example.org"
mail_server = mail.mail_server  # the fixture
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'"


@pytest.fixture
def alert_worker(live_server, settings, mail_server):
    """The scrape worker, which runs alerts' tasks, sending through the test's SMTP server and linking to the live
    server."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    workers = Workers(_database_url(settings.DATABASES["default"]), {**mail_server.settings(), "SITE_URL": live_server.url})
    workers.start(queues="scrape", pool="prefork", concurrency=1)
    workers.wait_ready()
    yield workers
    workers.stop()


def _under_strict_csp(page) -> list[str]:
    """Serve every response to `page` with CSP and return the list the browser's refusals are noted in."""
    refusals = []
    page.on("console", lambda message: refusals.append(message.text) if "Content Security Policy" in message.text
            else None)

    def strict(route):
        response = route.fetch(max_redirects=0)  # the browser follows redirects itself, each through here
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    page.route("**/*", strict)
    return refusals


def _mail(server, number: int):
    wait_for(lambda: len(server.to(ADDRESS)) >= number, timeout=60, message=f"email {number} to {ADDRESS}")
    return server.to(ADDRESS)[number - 1]


def test_subscribe_confirm_get_a_digest_manage_and_unsubscribe(live_server, browser, mail_server, alert_worker,
                                                               settings):
    acme = plain_company("Acme")
    make_job(acme, title="Python Engineer", first_seen_at=timezone.now() - timedelta(days=2))
    page = browser.new_page(viewport={"width": 390, "height": 844})
    refusals = _under_strict_csp(page)

    # a search, and its "Get alerts"
    page.goto(live_server.url + "/?q=python")
    page.get_by_role("link", name="Get alerts").click()
    page.wait_for_url("**/alerts/new/?q=python")
    expect(page.get_by_text("“python”")).to_be_visible()

    # an address that is none is refused, saying so, and what was typed stays
    page.get_by_label("Email address").fill("ana at example.org")
    page.get_by_role("button", name="Get alerts").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter an email address")
    expect(page.get_by_label("Email address")).to_have_value("ana at example.org")

    page.get_by_label("Email address").fill(ADDRESS)
    page.get_by_label("Instantly (every 10 minutes)").check()
    page.get_by_role("button", name="Get alerts").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "alerts-requested-390.png", full_page=True)

    # the confirmation email, sent by the worker; its link and one button
    page.goto(link(_mail(mail_server, 1), "/alerts/confirm/"))
    page.get_by_role("button", name="Confirm the alert").click()
    expect(page.get_by_role("heading", name="Your alert is on")).to_be_visible()
    alert = Subscription.objects.get()
    assert (alert.status, alert.frequency, alert.query) == ("active", "instant", "q=python")

    # a new matching job, seen once the settle time has passed (moved back here rather than waited for), and beat's
    # instant run
    make_job(acme, title="Senior Python Engineer", first_seen_at=timezone.now() - timedelta(hours=1))
    make_job(acme, title="Go Engineer", first_seen_at=timezone.now() - timedelta(hours=1))
    Subscription.objects.update(covered_until=timezone.now() - timedelta(hours=2))
    entry = settings.CELERY_BEAT_SCHEDULE["alerts: instant digests"]
    app.send_task(entry["task"], args=entry["args"])  # as beat sends it: by name, routed by task_routes
    digest = _mail(mail_server, 2)
    text = body_text(digest)
    assert "Senior Python Engineer at Acme" in text and "Go Engineer" not in text, text
    assert "Python Engineer at Acme\n" not in text.replace("Senior Python Engineer at Acme", ""), text

    # the job's link leads to its page
    page.goto(link(digest, "/jobs/"))
    expect(page.get_by_role("heading", name="Senior Python Engineer")).to_be_visible()

    # the manage page: weekly instead
    page.goto(link(digest, "/alerts/manage/"))
    page.get_by_label("How often").select_option("weekly")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("How often")).to_have_value("weekly")
    page.screenshot(path=ARTIFACTS / "alerts-manage-390.png", full_page=True)

    # unsubscribe from the digest's link: one button
    page.goto(link(digest, "/alerts/unsubscribe/"))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    alert.refresh_from_db()
    assert (alert.status, alert.frequency) == ("unsubscribed", "weekly")

    assert refusals == []
