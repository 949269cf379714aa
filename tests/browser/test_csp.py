"""The Content-Security-Policy in Chromium: public and admin pages send it, and Chromium refuses what it forbids.

That nothing our pages or admin's use is refused is checked by every browser test (conftest.py's `browser` fails a
test whose pages met a refusal); these tests add the pages and admin screens no other browser test opens."""
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from jobscraper.exchange_rates import ExchangeRate
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db(transaction=True)


def _policy(response) -> dict[str, list[str]]:
    """The response's policy, directive by directive."""
    header = response.header_value("content-security-policy")
    assert header, f"{response.url} sends no Content-Security-Policy"
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def _assert_strict(policy: dict[str, list[str]]) -> None:
    assert policy["default-src"] == ["'self'"] and policy["img-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    sources = [source for directive in policy.values() for source in directive]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:"} & set(sources)


def test_public_pages_send_the_policy_and_the_job_pages_json_ld_carries_its_nonce(live_server, browser):
    company = plain_company("Acme")
    job = make_job(company, title="Python Engineer", remote="remote",
                   description_html='<p style="color: red" onclick="alert(1)">Build things.</p>')
    page = browser.new_page()

    for path in ("/", "/?q=python&remote=remote", f"/companies/{company.pk}/"):
        policy = _policy(page.goto(live_server.url + path))
        _assert_strict(policy)
        assert not [source for source in policy["script-src"] if source.startswith("'nonce-")]  # none used, none named
    policy = _policy(page.goto(live_server.url + job.get_absolute_url()))

    _assert_strict(policy)
    (nonce,) = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    json_ld = page.locator('script[type="application/ld+json"]')
    assert f"'nonce-{json_ld.evaluate('block => block.nonce')}'" == nonce
    expect(page.locator(".description p")).to_have_text("Build things.")


def test_admin_pages_send_the_policy_and_the_periodic_task_forms_inline_script_runs(live_server, browser):
    """The one inline block admin's pages write (django-celery-beat's periodic task form's script) is allowed by its
    hash; Django's own admin writes none here (its change list's <style> is only for a list with no action bar)."""
    get_user_model().objects.create_superuser("operator", "operator@example.org", "correct-horse-battery")
    job = make_job(plain_company("Acme"), title="Data Engineer")
    ExchangeRate.objects.create(currency="GBP", day=date(2026, 3, 9), per_euro=Decimal("0.80"), source="test")
    page = browser.new_page(viewport={"width": 1366, "height": 768})

    _assert_strict(_policy(page.goto(live_server.url + "/admin/login/")))
    page.fill("#id_username", "operator")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()
    for path in ("/admin/", "/admin/jobscraper/job/", f"/admin/jobscraper/job/{job.pk}/change/",
                 "/admin/jobscraper/job/review/?queue=review"):
        _assert_strict(_policy(page.goto(live_server.url + path)))

    # a read-only ledger's list, which has no actions
    _assert_strict(_policy(page.goto(live_server.url + "/admin/jobscraper/exchangerate/")))
    expect(page.locator("#result_list").get_by_role("link", name="GBP")).to_be_visible()
    # the periodic task form's script ran: it hides the crontab's translation row on the form
    page.goto(live_server.url + "/admin/django_celery_beat/periodictask/add/")
    expect(page.locator(".field-crontab_translation")).to_be_hidden()
    expect(page.get_by_label("Crontab Schedule")).to_be_visible()


# An attacker's markup, as it would arrive: an element with these attributes and text, added to the page; resolves to
# the directive that refused it once the page has heard of the refusal.
INJECT = """([tag, attributes, text]) => new Promise((resolve) => {
  document.addEventListener("securitypolicyviolation", (event) => resolve(event.effectiveDirective), {once: true});
  const element = Object.assign(document.createElement(tag), {textContent: text});
  Object.entries(attributes).forEach(([name, value]) => element.setAttribute(name, value));
  document.body.append(element);
})"""


def test_chromium_refuses_an_injected_inline_script_and_style_and_the_test_hears_of_it(live_server, browser):
    page = browser.new_page()
    page.goto(live_server.url + "/")

    styled = page.evaluate(INJECT, ["p", {"id": "styled", "style": "color: rgb(255, 0, 0)"}, "styled"])
    script = page.evaluate(INJECT, ["script", {}, "window.ran = true"])

    assert (styled, script) == ("style-src-attr", "script-src-elem")
    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != "rgb(255, 0, 0)"
    assert page.evaluate("window.ran") is None
    style_refusal, script_refusal = browser.csp_violations  # Chromium's console errors, one a refusal
    assert "style-src" in style_refusal and "script-src" in script_refusal
    browser.csp_violations.clear()  # heard, as it should be: the fixture would fail the test otherwise


def test_no_template_writes_an_inline_script_style_or_handler():
    """Templates no test renders in a browser (the lockout page, operations) are held to the policy too."""
    inline = re.compile(r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)(?![^>]*\snonce=)", re.IGNORECASE)
    found = [f"{path}: {match.group()}" for path in sorted(Path(django_settings.BASE_DIR, "templates").rglob("*.html"))
             for match in inline.finditer(path.read_text(encoding="utf-8"))]

    assert found == []
