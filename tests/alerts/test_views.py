"""The alert pages: ask for an alert on a listing's search, confirm it by the emailed link, unsubscribe, manage; and
every bad input (an address that is none, a forged, altered, expired or another's link) refused clearly, never a 500."""
import re
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.urls import reverse

from alerts.models import Subscription
from alerts.tasks import alerts_confirmation_task
from alerts.tokens import CONFIRM_MAX_AGE, confirm_token, manage_token, unsubscribe_token
from tests.alerts.builders import active_alert
from tests.alerts.mail import body_text, link

pytestmark = pytest.mark.django_db

ADDRESS = "ana@example.org"


def _ask(client, query: str, email: str = ADDRESS, frequency: str = "daily"):
    return client.post(reverse("alert_new") + query, {"email": email, "frequency": frequency})


def test_the_listing_links_to_alerts_for_its_search(client):
    html = client.get(reverse("job_list"), {"q": "python", "remote": "remote"}).content.decode()
    assert 'href="/alerts/new/?q=python&amp;remote=remote">Get alerts</a>' in html


def test_asking_stores_the_listings_canonical_search_and_emails_a_confirmation(client, mail_server,
                                                                                django_capture_on_commit_callbacks):
    # given a search as a hand-edited URL writes it: junk parameters, a default sort, an unknown work mode
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _ask(client, "?remote=remote&q=%20python%20&sort=relevance&utm_source=x&type=nonsense")

    # then the alert holds the listing's own query string for it, and a confirmation waits to be sent
    assert response.status_code == 302 and response["Location"] == reverse("alert_requested")
    alert = Subscription.objects.get()
    assert (alert.email, alert.query, alert.status) == (ADDRESS, "q=python&remote=remote", "pending")
    assert len(queued) == 1

    # when the worker's task sends it (called here; the browser test runs it on a real worker)
    alerts_confirmation_task(alert.pk)

    # then the mail server has it, with a link that confirms the alert after one button
    [message] = mail_server.to(ADDRESS)
    url = link(message, "/alerts/confirm/").removeprefix("http://testserver")
    assert "python" in message["Subject"]
    assert client.get(url).status_code == 200
    alert.refresh_from_db()
    assert alert.status == "pending"  # opening the link (a mail scanner does) confirms nothing
    response = client.post(url)
    assert response.status_code == 200 and b"Your alert is on" in response.content
    alert.refresh_from_db()
    assert alert.status == "active" and alert.covered_until is not None


@pytest.mark.parametrize("email", ["", "ana", "ana@", "@example.org", "ana@exa mple.org", "a" * 250 + "@example.org",
                                   "ana@example.org\r\nBcc: eve@example.org", "<script>@example.org"])
def test_an_address_that_is_none_is_refused_with_a_clear_message_and_nothing_stored(client, email):
    response = _ask(client, "?q=python", email=email)
    assert response.status_code == 400
    error = re.search(r'id="email-error">([^<]+)<', response.content.decode())
    assert error and "email address" in error.group(1), response.content.decode()
    assert not Subscription.objects.exists()


def test_a_frequency_that_is_none_is_refused(client):
    assert _ask(client, "?q=python", frequency="hourly").status_code == 400
    assert not Subscription.objects.exists()


def test_asking_twice_is_one_alert_and_an_active_one_stays_active(client, django_capture_on_commit_callbacks):
    active_alert(ADDRESS, "q=python")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _ask(client, "?q=python", email="ana@EXAMPLE.org", frequency="weekly")
    alert = Subscription.objects.get()
    assert (alert.status, alert.frequency) == ("active", "weekly")
    assert queued == []  # no new confirmation for an alert already confirmed


def test_a_search_too_long_to_save_is_refused_saying_so(client):
    # every parameter at its longest, in letters that URL-encode to six characters each: past MAX_QUERY
    response = _ask(client, "?" + urlencode({"q": "é" * 200, "city": "é" * 200, "near": "é" * 100}))
    assert response.status_code == 400 and b"too long to save" in response.content
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("name", ["alert_confirm", "alert_unsubscribe", "alert_manage"])
@pytest.mark.parametrize("token", ["nonsense", "a:b:c", ".eJyLrlZKzEnNLFayUkpKLFKqBQA0XQX5:1t:bad", "x" * 3000])
def test_forged_or_altered_links_are_a_400_that_says_so(client, name, token):
    for method in (client.get, client.post):
        response = method(reverse(name, args=[token]))
        assert response.status_code == 400
        assert b"This link is not valid" in response.content


def test_one_kind_of_link_never_passes_for_another(client):
    alert = active_alert(ADDRESS)
    ref = {"subscription_id": alert.pk, "email": ADDRESS}
    assert client.post(reverse("alert_confirm", args=[unsubscribe_token(**ref)])).status_code == 400
    assert client.post(reverse("alert_unsubscribe", args=[confirm_token(**ref)])).status_code == 400
    assert client.get(reverse("alert_manage", args=[unsubscribe_token(**ref)])).status_code == 400
    # a link signed for another address than the alert's own
    forged = unsubscribe_token(subscription_id=alert.pk, email="eve@example.org")
    assert client.post(reverse("alert_unsubscribe", args=[forged])).status_code == 400
    alert.refresh_from_db()
    assert alert.status == "active"


def test_an_expired_confirmation_link_is_a_400_that_says_so(client):
    alert = Subscription.objects.create(email=ADDRESS, query="q=python")
    token = confirm_token(subscription_id=alert.pk, email=ADDRESS)
    with mock.patch("time.time", return_value=signing.time.time() + CONFIRM_MAX_AGE + 60):
        response = client.post(reverse("alert_confirm", args=[token]))
    assert response.status_code == 400 and b"This link has expired" in response.content
    alert.refresh_from_db()
    assert alert.status == "pending"


def test_a_link_to_an_alert_since_deleted_is_a_404(client):
    alert = active_alert(ADDRESS)
    token = unsubscribe_token(subscription_id=alert.pk, email=ADDRESS)
    alert.delete()
    assert client.post(reverse("alert_unsubscribe", args=[token])).status_code == 404


def test_the_manage_page_changes_frequency_and_unsubscribes_only_the_addresss_own_alerts(client):
    python, go = active_alert(ADDRESS, "q=python"), active_alert(ADDRESS, "q=go")
    other = active_alert("bo@example.org", "q=rust")
    url = reverse("alert_manage", args=[manage_token(email=ADDRESS)])

    html = client.get(url).content.decode()
    assert "“python”" in html and "“go”" in html and "rust" not in html

    assert client.post(url, {"subscription": python.pk, "frequency": "weekly", "save": ""}).status_code == 302
    assert client.post(url, {"subscription": go.pk, "frequency": "daily", "unsubscribe": ""}).status_code == 302
    # another address's alert, named by its id: not this link's to manage
    assert client.post(url, {"subscription": other.pk, "frequency": "weekly", "unsubscribe": ""}).status_code == 404
    assert client.post(url, {"subscription": "x", "frequency": "sometimes"}).status_code == 400

    python.refresh_from_db(), go.refresh_from_db(), other.refresh_from_db()
    assert (python.frequency, python.status) == ("weekly", "active")
    assert go.status == "unsubscribed"
    assert (other.frequency, other.status) == ("daily", "active")
    assert "“go”" not in client.get(url).content.decode()


def test_the_confirmation_says_what_the_alert_is_for(mail_server):
    alert = Subscription.objects.create(email=ADDRESS, query="q=python&remote=remote", frequency="instant")
    alerts_confirmation_task(alert.pk)
    text = body_text(mail_server.to(ADDRESS)[0])
    assert "“python”; remote: remote" in text and "instantly" in text
