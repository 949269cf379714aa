"""Webhooks through a real receiver on loopback that verifies each post's signature (standardwebhooks): what a post
holds (the listing's new matches, as the API writes jobs), each delivered once, retried with a backoff and the same
webhook-id, a webhook disabled after failing for about a day, and the URLs the scraper's guard refuses."""
import re
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from alerts import webhooks
from alerts.models import Delivery, Webhook, webhook_secret
from alerts.tasks import alerts_webhooks_task
from alerts.webhooks import (
    FAILURES_TO_DISABLE, retry_wait, webhooks_claim, webhooks_deliver, webhooks_enable, webhooks_run,
)
from jobscraper.exports import FIELDS
from jobscraper.filters import job_filters_parse
from jobscraper.celery import app
from jobscraper.models import Job
from jobscraper.selectors import job_filter_public
from tests.alerts.mail import free_port
from tests.alerts.receiver import Receiver
from tests.builders import make_job, plain_company
from tests.locks import row_locked_elsewhere

pytestmark = pytest.mark.django_db


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


@pytest.fixture
def receiver(settings):
    # The guard stays on: only the receiver's host is allowed, as an operator would name an intranet host.
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPE_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SCRAPE_HOST_INTERVAL = 0
    settings.SITE_URL = "http://testserver"
    server = Receiver(webhook_secret()).start()
    yield server
    server.stop()


def _webhook(receiver, query: str = "", **fields) -> Webhook:
    """A webhook to `receiver`, sharing its secret, whose first delivery holds jobs first seen two hours ago on."""
    fields = {"name": "Acme ATS", "url": receiver.url, "secret": receiver.secret, "covered_until": _ago(hours=2),
              **fields}
    return Webhook.objects.create(query=query, **fields)


def _titles(post) -> list[str]:
    return [job["title"] for job in post.payload["data"]["jobs"]]


def test_new_matches_are_posted_once_signed_with_the_listings_jobs_as_the_api_writes_them(receiver):
    # given a webhook on "python" remote jobs, and jobs of every kind around its window
    acme = plain_company("Acme")
    webhook = _webhook(receiver, "q=python&remote=remote")
    make_job(acme, title="Python Engineer", remote="remote", first_seen_at=_ago(hours=1))
    make_job(acme, title="Python Data Engineer", remote="remote", first_seen_at=_ago(minutes=90))
    make_job(acme, title="Python Onsite Engineer", remote="onsite", first_seen_at=_ago(hours=1))
    make_job(acme, title="Java Engineer", remote="remote", first_seen_at=_ago(hours=1))
    make_job(acme, title="Python Old Engineer", remote="remote", first_seen_at=_ago(hours=3))  # before the webhook
    make_job(acme, title="Python Rejected Engineer", remote="remote", first_seen_at=_ago(hours=1),
             review_status=Job.ReviewStatus.REJECTED)
    settling = make_job(acme, title="Python Fresh Engineer", remote="remote", first_seen_at=_ago(minutes=5))

    # when beat's run comes
    counts = webhooks_run()

    # then the receiver took one post, its signature verified, holding the two new matches in the listing's order
    [post] = receiver.posts
    assert post.status == 200 and counts["delivered"] == 1 and counts["deliveries claimed"] == 1
    assert _titles(post) == ["Python Engineer", "Python Data Engineer"]
    window = job_filter_public(filters=job_filters_parse(QueryDict("q=python&remote=remote"))).filter(
        first_seen_at__gt=webhook.covered_until, first_seen_at__lte=_ago(minutes=15))
    assert {job["id"] for job in post.payload["data"]["jobs"]} == set(window.values_list("id", flat=True))
    # each job as the API and the exports write it, and a link to the search's listing
    job = post.payload["data"]["jobs"][0]
    assert list(job) == list(FIELDS) and job["url"] == f"http://testserver/jobs/{job['id']}/"
    assert post.payload["type"] == "jobs.matched"
    assert post.payload["data"]["listing_url"] == "http://testserver/?q=python&remote=remote"
    assert post.payload["data"]["more"] is False
    # with Standard Webhooks' headers: the webhook-id is the delivery's own
    delivery = Delivery.objects.get()
    assert post.headers["webhook-id"] == delivery.message_id and post.headers["content-type"] == "application/json"
    assert delivery.status == "delivered" and delivery.last_status == 200 and delivery.attempts == 1

    # when the run comes again, then nothing is posted twice
    webhooks_run()
    assert len(receiver.posts) == 1 and Delivery.objects.count() == 1

    # when the fresh job has settled by the next run, then it alone comes, in a post of its own
    Job.objects.filter(pk=settling.pk).update(first_seen_at=_ago(minutes=30))
    webhook.refresh_from_db()
    Webhook.objects.filter(pk=webhook.pk).update(covered_until=webhook.covered_until - timedelta(minutes=30))
    webhooks_run()
    assert [_titles(post) for post in receiver.taken] == [["Python Engineer", "Python Data Engineer"],
                                                          ["Python Fresh Engineer"]]
    assert receiver.posts[1].headers["webhook-id"] != receiver.posts[0].headers["webhook-id"]


def test_beats_entry_runs_the_webhooks_task_on_the_scrape_queue(receiver, settings):
    entry = settings.CELERY_BEAT_SCHEDULE["alerts: webhooks"]
    assert entry["task"] == alerts_webhooks_task.name and entry["schedule"] == 600
    assert app.amqp.router.route({}, entry["task"])["queue"].name == "scrape"
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    _webhook(receiver)

    assert alerts_webhooks_task.apply().get()["delivered"] == 1
    assert len(receiver.taken) == 1


def test_a_quiet_search_posts_nothing_and_its_cursor_moves_on(receiver):
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    webhook = _webhook(receiver, "q=cobol")

    webhooks_run()

    assert receiver.posts == [] and not Delivery.objects.exists()
    webhook.refresh_from_db()
    assert webhook.covered_until > _ago(minutes=16)


def test_a_failed_post_is_tried_again_after_its_backoff_with_the_same_webhook_id_and_holds_later_ones_back(receiver):
    # given a receiver that answers 500 first, then takes what comes
    receiver.statuses = [500, 200]
    acme = plain_company("Acme")
    webhook = _webhook(receiver)
    make_job(acme, title="Python Engineer", first_seen_at=_ago(hours=1))
    now = timezone.now()

    # when beat's run comes, then the post failed and waits its backoff
    assert webhooks_run(now=now)["failed (tried again later)"] == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("claimed", 1, 500)
    assert delivery.error == "HTTP 500: not taken: 500" and delivery.next_try_at == now + retry_wait(1)
    webhook.refresh_from_db()
    assert webhook.failures == 1

    # and a newer match claimed meanwhile waits behind it, as does the failed one until its backoff is over
    make_job(acme, title="Ruby Engineer", first_seen_at=now - timedelta(minutes=14))
    assert webhooks_claim(now=now + timedelta(minutes=5))["deliveries claimed"] == 1
    webhooks_deliver(now=now + retry_wait(1) - timedelta(seconds=1))
    assert len(receiver.posts) == 1

    # when the backoff is over, then both go, in order; the retry is the same message, under the same webhook-id
    counts = webhooks_deliver(now=now + retry_wait(1))
    assert counts["delivered"] == 2
    assert [_titles(post) for post in receiver.posts] == [["Python Engineer"]] * 2 + [["Ruby Engineer"]]
    first, retry, _ = receiver.posts
    assert retry.headers["webhook-id"] == first.headers["webhook-id"] == delivery.message_id
    assert retry.body == first.body
    webhook.refresh_from_db()
    delivery.refresh_from_db()
    assert webhook.failures == 0 and (delivery.status, delivery.attempts) == ("delivered", 2)


class WorkerKilled(BaseException):
    """The worker's death, as far as its transaction can tell: it ends without a commit."""


@pytest.mark.django_db(transaction=True)  # another connection must see the rows (a second worker's)
def test_a_delivery_another_worker_holds_is_left_to_it_and_one_a_dead_worker_left_goes_again_under_its_id(
        receiver, monkeypatch):
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    _webhook(receiver)
    webhooks_claim()
    delivery = Delivery.objects.get()

    # while another worker holds the delivery (posting it), a run leaves it to that worker
    with row_locked_elsewhere(Delivery, delivery.pk):
        assert webhooks_deliver() == {"taken by another worker or done": 1}
    assert receiver.posts == []

    # when a worker dies after the receiver took the post, before the delivery was marked delivered
    post_bytes = webhooks.post_bytes

    def post_then_die(*args, **kwargs):
        post_bytes(*args, **kwargs)
        raise WorkerKilled

    monkeypatch.setattr(webhooks, "post_bytes", post_then_die)
    with pytest.raises(WorkerKilled):
        webhooks_deliver()
    monkeypatch.undo()

    # then the delivery is still claimed, and the next run posts it again under the same webhook-id, for the receiver
    # to tell it is a repeat (the one window where a post repeats)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("claimed", 0)
    assert webhooks_deliver() == {"delivered": 1}
    first, again = receiver.taken
    assert first.headers["webhook-id"] == again.headers["webhook-id"] == delivery.message_id


def test_a_receiver_that_keeps_failing_for_about_a_day_disables_the_webhook_saying_why(receiver):
    # the backoff's waits between the tries that disable a webhook add up to about a day, and stay at the cap
    assert retry_wait(1) < retry_wait(2) < retry_wait(5) == retry_wait(500) == timedelta(hours=2)
    assert timedelta(hours=20) < sum((retry_wait(n) for n in range(1, FAILURES_TO_DISABLE)), timedelta()) \
        < timedelta(hours=30)
    receiver.statuses = [503]
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    webhook = _webhook(receiver)

    # when every try fails, each after its backoff
    webhooks_claim()
    now = timezone.now()
    for attempt in range(1, FAILURES_TO_DISABLE + 1):
        webhook.refresh_from_db()
        assert webhook.status == "active", attempt
        webhooks_deliver(now=now)
        now += retry_wait(attempt)

    # then the last failure disabled it, saying why; its delivery waits, claimed, and nothing more is posted
    webhook.refresh_from_db()
    assert len(receiver.posts) == FAILURES_TO_DISABLE
    assert webhook.status == "disabled" and webhook.disabled_at is not None
    assert webhook.disabled_reason == (
        f"The last {FAILURES_TO_DISABLE} tries to post to it failed; the last: HTTP 503: not taken: 503")
    assert Delivery.objects.get().status == "claimed"
    webhooks_deliver(now=now + timedelta(days=1))
    assert len(receiver.posts) == FAILURES_TO_DISABLE

    # when an operator enables it again once the receiver is fixed, then the delivery goes at the next run
    receiver.statuses = [200]
    assert webhooks_enable(Webhook.objects.all()) == 1
    webhooks_deliver()
    assert len(receiver.taken) == 1
    webhook.refresh_from_db()
    assert (webhook.status, webhook.failures, webhook.disabled_reason) == ("active", 0, "")


def test_410_gone_disables_the_webhook_at_once(receiver):
    receiver.statuses = [410]
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    webhook = _webhook(receiver)

    assert webhooks_run()["failed; webhook disabled"] == 1

    webhook.refresh_from_db()
    assert webhook.status == "disabled" and webhook.disabled_reason.startswith("The receiver answered 410 Gone")


def test_a_post_the_receiver_cannot_verify_or_no_receiver_at_all_is_a_failure(receiver):
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    forged = _webhook(receiver, secret=webhook_secret())  # not the receiver's secret
    absent = _webhook(receiver, url=f"http://127.0.0.1:{free_port()}/hooks")

    webhooks_run()

    [post] = receiver.posts
    assert post.payload is None and post.status == 401  # the receiver checked the signature, and it failed
    assert forged.deliveries.get().last_status == 401
    unanswered = absent.deliveries.get()
    assert unanswered.last_status is None and "could not be fetched: ConnectError" in unanswered.error


def test_our_redis_failing_is_not_counted_against_the_receiver_and_the_delivery_waits(receiver, settings):
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    webhook, redis_url = _webhook(receiver), settings.REDIS_URL
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # the pacing's Redis is down: nothing can be sent

    counts = webhooks_run()

    assert counts["not tried (Redis failed)"] == 1 and receiver.posts == []
    webhook.refresh_from_db()
    delivery = webhook.deliveries.get()
    assert webhook.failures == 0 and webhook.status == Webhook.Status.ACTIVE
    assert delivery.status == Delivery.Status.CLAIMED and delivery.attempts == 0 and delivery.next_try_at <= _ago()

    settings.REDIS_URL = redis_url
    webhooks_run()  # Redis is back: the delivery goes, under its id
    [post] = receiver.posts
    assert post.status == 200 and post.headers["webhook-id"] == delivery.message_id


def test_jobs_rejected_or_unreviewed_are_never_posted(receiver, settings):
    # given a site that shows only approved jobs
    settings.PUBLIC_UNREVIEWED_JOBS = False
    acme = plain_company("Acme")
    for title, review_status in (("Approved", "approved"), ("Unreviewed", "unreviewed"), ("Rejected", "rejected"),
                                 ("Later rejected", "approved")):
        make_job(acme, title=f"{title} Engineer", review_status=review_status, first_seen_at=_ago(hours=1))
    webhook = _webhook(receiver)

    # when a job is rejected between its claim and its post
    webhooks_claim()
    Job.objects.filter(title="Later rejected Engineer").update(review_status="rejected")
    webhooks_deliver()

    # then the post holds only the job still approved
    [post] = receiver.taken
    assert _titles(post) == ["Approved Engineer"]
    assert len(Delivery.objects.get().job_ids) == 2  # claimed with the job rejected since

    # and a delivery whose every job was rejected since is dropped, not posted
    Job.objects.filter(title="Approved Engineer").update(first_seen_at=_ago(minutes=20), review_status="approved")
    Webhook.objects.filter(pk=webhook.pk).update(covered_until=_ago(minutes=30))
    webhooks_claim()
    Job.objects.filter(title="Approved Engineer").update(review_status="rejected")
    assert webhooks_deliver() == {"dropped (no job left)": 1}
    assert len(receiver.posts) == 1


# --- URLs the scraper's guard refuses ---------------------------------------------------------------------------

GUARD_HINT = "; allow it with SCRAPE_ALLOW_PRIVATE_NETWORKS=true or by naming the host in SCRAPE_ALLOWED_HOSTS."


def _add_webhook(admin_client, **fields):
    return admin_client.post(reverse("admin:alerts_webhook_add"), {"name": "Acme ATS", "query": "", **fields},
                             follow=True)


@pytest.mark.parametrize("url, error", [
    ("http://10.0.0.7/hooks", "10.0.0.7 is a private address" + GUARD_HINT),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address" + GUARD_HINT),
    ("http://127.0.0.1:8080/hooks", "127.0.0.1 is a loopback address" + GUARD_HINT),
    ("http://[::1]:8080/hooks", "::1 is a loopback address" + GUARD_HINT),
    ("ftp://files.example.org/hooks", "only http and https URLs are fetched."),
])
def test_a_webhook_url_the_guard_refuses_is_a_form_error(admin_client, settings, url, error):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS, settings.SCRAPE_ALLOWED_HOSTS = False, []

    response = _add_webhook(admin_client, url=url)

    assert response.context["adminform"].form.errors["url"] == [f"Posts to this URL would be refused: {error}"]
    assert not Webhook.objects.exists()


def test_a_webhook_url_naming_a_host_that_resolves_to_loopback_or_a_file_is_a_form_error(admin_client, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS, settings.SCRAPE_ALLOWED_HOSTS = False, []

    [error] = _add_webhook(admin_client, url="http://localhost:8080/hooks").context["adminform"].form.errors["url"]
    assert re.match(r"Posts to this URL would be refused: localhost resolves to (127\.0\.0\.1|::1), a loopback", error)
    errors = _add_webhook(admin_client, url="file:///etc/passwd").context["adminform"].form.errors["url"]
    assert errors == ["Enter a valid URL."]
    assert not Webhook.objects.exists()


def test_a_stored_url_that_the_guard_refuses_is_refused_again_as_it_connects(receiver, settings):
    # given a webhook saved before the settings stopped allowing its host (no form checks it now)
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    port = receiver.httpd.server_address[1]
    webhook = _webhook(receiver, url=f"http://localhost:{port}/hooks/jobs")

    webhooks_run()

    assert receiver.posts == []
    error = webhook.deliveries.get().error
    assert re.search(r"is refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address", error), error


# --- Admin ------------------------------------------------------------------------------------------------------


def test_an_operator_adds_a_webhook_sees_why_one_was_disabled_and_enables_it(admin_client, receiver):
    # when an operator adds a webhook, pasting the listing's URL as its search
    response = _add_webhook(admin_client, url=receiver.url, query="http://testserver/?remote=remote&q=python")

    # then it is saved with the canonical search and a Standard Webhooks secret for the integrator
    assert response.redirect_chain[-1][0] == reverse("admin:alerts_webhook_changelist")
    webhook = Webhook.objects.get()
    assert webhook.query == "q=python&remote=remote" and re.fullmatch(r"whsec_[A-Za-z0-9+/]{32}", webhook.secret)
    change = admin_client.get(reverse("admin:alerts_webhook_change", args=[webhook.pk])).content.decode()
    assert webhook.secret in change

    # when it has been disabled, then its list says why, and its deliveries are a click away
    Webhook.objects.filter(pk=webhook.pk).update(status="disabled", failures=16,
                                                  disabled_reason="The last 16 tries to post to it failed")
    Delivery.objects.create(webhook=webhook, window_start=_ago(hours=1), window_end=_ago(minutes=15), job_ids=[1],
                            attempts=16, last_status=503, error="HTTP 503: not taken: 503")
    listed = admin_client.get(reverse("admin:alerts_webhook_changelist"), {"status": "disabled"}).content.decode()
    assert "The last 16 tries to post to it failed" in listed
    deliveries = admin_client.get(reverse("admin:alerts_delivery_changelist"),
                                  {"webhook__id__exact": webhook.pk}).content.decode()
    assert "HTTP 503: not taken: 503" in deliveries

    # and the enable action starts it again, its failures forgotten
    response = admin_client.post(reverse("admin:alerts_webhook_changelist"),
                                 {"action": "enable", "_selected_action": [webhook.pk]}, follow=True)
    assert "1 webhook enabled." in response.content.decode()
    webhook.refresh_from_db()
    assert (webhook.status, webhook.failures, webhook.disabled_reason) == ("active", 0, "")
