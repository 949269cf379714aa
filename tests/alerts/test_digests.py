"""Digests through the real SMTP server on loopback: what one holds (the listing's own matches, new since the last
one, capped), each sent once, and what the mail server's refusals and absence do."""
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from alerts.digests import DIGEST_CAP, REFUSALS_TO_DISABLE, SETTLE, digests_claim, digests_run, digests_send
from alerts.models import Send, Subscription
from jobscraper.filters import job_filters_parse
from jobscraper.models import Job
from jobscraper.selectors import job_filter_public
from tests.alerts.builders import active_alert
from tests.alerts.mail import body_text, free_port
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db

ADDRESS = "ana@example.org"


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def test_a_digest_lists_the_listings_new_matches_and_only_those(mail_server):
    # given an alert on "python" remote jobs, and jobs of every kind around its window
    acme = plain_company("Acme")
    alert = active_alert(ADDRESS, "q=python&remote=remote")
    make_job(acme, title="Python Engineer", remote="remote", first_seen_at=_ago(hours=1))
    make_job(acme, title="Python Data Engineer", remote="remote", first_seen_at=_ago(minutes=90))
    make_job(acme, title="Python Onsite Engineer", remote="onsite", first_seen_at=_ago(hours=1))
    make_job(acme, title="Java Engineer", remote="remote", first_seen_at=_ago(hours=1))
    make_job(acme, title="Python Old Engineer", remote="remote", first_seen_at=_ago(hours=3))  # before the alert
    make_job(acme, title="Python Rejected Engineer", remote="remote", first_seen_at=_ago(hours=1),
             review_status=Job.ReviewStatus.REJECTED)
    make_job(acme, title="Python Closed Engineer", remote="remote", first_seen_at=_ago(hours=1), status="closed")
    settling = make_job(acme, title="Python Fresh Engineer", remote="remote", first_seen_at=_ago(minutes=5))

    # when beat's daily run comes
    counts = digests_run(frequency="daily")

    # then one email holds the two new matches, newest first, as the listing's selector finds them
    [message] = mail_server.to(ADDRESS)
    text = body_text(message)
    assert text.index("Python Engineer at Acme") < text.index("Python Data Engineer at Acme"), text
    for absent in ("Onsite", "Java", "Old", "Rejected", "Closed", "Fresh"):
        assert absent not in text, text
    window = job_filter_public(filters=job_filters_parse(QueryDict("q=python&remote=remote"))).filter(
        first_seen_at__gt=alert.covered_until, first_seen_at__lte=_ago(minutes=15))
    assert set(Send.objects.get().job_ids) == set(window.values_list("id", flat=True))
    assert counts["sent"] == 1 and counts["digests claimed"] == 1
    # and it links to the search, to unsubscribe in one click (RFC 8058) and to manage the address's alerts
    assert "http://testserver/?q=python&remote=remote" in text
    # (a long header is folded onto its next line: unfolded, its value starts with that space)
    assert message["List-Unsubscribe"].strip().startswith("<http://testserver/alerts/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/manage/" in text

    # when the next run comes once the fresh job has settled
    Job.objects.filter(pk=settling.pk).update(first_seen_at=_ago(minutes=30))
    alert.refresh_from_db()
    Subscription.objects.filter(pk=alert.pk).update(covered_until=alert.covered_until - timedelta(minutes=30))
    digests_run(frequency="daily")

    # then it alone comes in a second email: nothing of the first is sent again
    assert len(mail_server.to(ADDRESS)) == 2
    second = body_text(mail_server.to(ADDRESS)[1])
    assert "Python Fresh Engineer" in second and "Python Engineer at" not in second, second


def test_a_run_again_sends_nothing_twice_and_a_quiet_search_sends_nothing(mail_server):
    acme = plain_company("Acme")
    active_alert(ADDRESS, "q=python")
    active_alert("bo@example.org", "q=cobol")  # nothing matches
    make_job(acme, title="Python Engineer", first_seen_at=_ago(hours=1))

    digests_run(frequency="daily")
    digests_run(frequency="daily")  # a second beat, or the same task delivered twice

    assert len(mail_server.to(ADDRESS)) == 1
    assert mail_server.to("bo@example.org") == []
    assert Send.objects.count() == 1
    # the quiet alert's cursor moved on all the same: its next digest does not read this window again
    assert Subscription.objects.get(email="bo@example.org").covered_until > _ago(minutes=16)


def test_only_the_frequency_run_claims_but_every_run_sends_what_is_claimed(mail_server):
    acme = plain_company("Acme")
    active_alert(ADDRESS, "q=python", frequency="weekly")
    make_job(acme, title="Python Engineer", first_seen_at=_ago(hours=1))

    digests_run(frequency="instant")
    assert mail_server.to(ADDRESS) == [] and not Send.objects.exists()

    digests_claim(frequency="weekly")  # a weekly run that died after claiming
    digests_run(frequency="instant")   # the next instant run sends it
    assert len(mail_server.to(ADDRESS)) == 1


def test_a_digest_lists_at_most_the_cap_and_links_to_the_rest(mail_server):
    acme = plain_company("Acme")
    active_alert(ADDRESS)
    for minute in range(DIGEST_CAP + 5):
        make_job(acme, title=f"Role {minute:02d}", first_seen_at=_ago(minutes=20 + minute))

    digests_run(frequency="daily")

    text = body_text(mail_server.to(ADDRESS)[0])
    assert text.count("Role ") == DIGEST_CAP
    assert "Role 00" in text and f"Role {DIGEST_CAP:02d}" not in text  # the newest ones
    assert "See them all: http://testserver/" in text
    assert Send.objects.get().more


def test_an_address_the_server_refuses_fails_each_digest_and_is_disabled_saying_why(mail_server):
    acme = plain_company("Acme")
    alert = active_alert("gone@example.org")
    mail_server.refuse.add("gone@example.org")
    active_alert(ADDRESS)

    for run in range(REFUSALS_TO_DISABLE):
        make_job(acme, title=f"Role {run}", first_seen_at=_ago(hours=1))
        Subscription.objects.update(covered_until=_ago(hours=2))  # as though a period had passed
        digests_run(frequency="daily")

    alert.refresh_from_db()
    assert alert.status == Subscription.Status.DISABLED
    assert "550" in alert.disabled_reason and "No such user" in alert.disabled_reason
    failed = Send.objects.filter(subscription=alert)
    assert [send.status for send in failed] == ["failed"] * REFUSALS_TO_DISABLE
    assert all("550" in send.error for send in failed)
    # the refused address held up nobody else
    assert len(mail_server.to(ADDRESS)) == REFUSALS_TO_DISABLE
    # and a disabled alert is claimed no more
    make_job(acme, title="Role after", first_seen_at=_ago(hours=1))
    Subscription.objects.update(covered_until=_ago(hours=2))
    digests_run(frequency="daily")
    assert Send.objects.filter(subscription=alert).count() == REFUSALS_TO_DISABLE


def test_a_mail_server_that_is_down_leaves_the_digests_claimed_for_the_next_run(mail_server, settings):
    acme = plain_company("Acme")
    active_alert(ADDRESS)
    active_alert("bo@example.org")
    make_job(acme, title="Python Engineer", first_seen_at=_ago(hours=1))
    settings.EMAIL_PORT = free_port()  # nothing listens there

    counts = digests_run(frequency="daily")

    assert counts["mail server unreachable"] == 1
    assert set(Send.objects.values_list("status", flat=True)) == {"claimed"}
    assert "ConnectionRefusedError" in Send.objects.order_by("id").first().error

    settings.EMAIL_PORT = mail_server.port
    digests_send()
    assert len(mail_server.to(ADDRESS)) == 1 and len(mail_server.to("bo@example.org")) == 1
    assert set(Send.objects.values_list("status", flat=True)) == {"sent"}


def test_an_alert_unsubscribed_after_its_claim_is_not_sent(mail_server):
    acme = plain_company("Acme")
    alert = active_alert(ADDRESS)
    make_job(acme, title="Python Engineer", first_seen_at=_ago(hours=1))
    digests_claim(frequency="daily")

    Subscription.objects.filter(pk=alert.pk).update(status=Subscription.Status.UNSUBSCRIBED)
    digests_send()

    assert mail_server.to(ADDRESS) == []
    assert "unsubscribed" in Send.objects.get().error


def test_one_click_unsubscribe_from_the_header_needs_no_cookie_nor_csrf_token(mail_server):
    acme = plain_company("Acme")
    alert = active_alert(ADDRESS)
    make_job(acme, title="Python Engineer", first_seen_at=_ago(hours=1))
    digests_run(frequency="daily")
    url = mail_server.to(ADDRESS)[0]["List-Unsubscribe"].strip().strip("<>").removeprefix("http://testserver")

    response = Client(enforce_csrf_checks=True).post(url, "List-Unsubscribe=One-Click",
                                                     content_type="application/x-www-form-urlencoded")

    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.status == Subscription.Status.UNSUBSCRIBED


def test_the_settle_time_keeps_a_job_just_seen_for_the_next_digest():
    # the window's end is the run's time less SETTLE: a job first seen a moment ago is not passed by the cursor
    alert = active_alert(ADDRESS, since=_ago(hours=1))
    now = timezone.now()
    digests_claim(frequency="daily", now=now)
    alert.refresh_from_db()
    assert alert.covered_until == now - SETTLE


def test_a_line_break_in_a_saved_filter_cannot_break_the_subject(mail_server):
    # a city as a hand-made URL wrote it (the list keeps line breaks in values), and a job in that very city
    city = "Berlin\r\nBcc: eve@example.org"
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1),
             locations=[{"name": city, "city": city, "region": "", "country": ""}])
    active_alert(ADDRESS, "city=Berlin%0D%0ABcc%3A+eve%40example.org&q=python")

    assert digests_run(frequency="daily")["sent"] == 1
    [message] = mail_server.to(ADDRESS)
    assert message["Bcc"] is None and "city: Berlin Bcc: eve@example.org" in message["Subject"]


def test_a_runs_shares_claim_apart_and_a_share_sends_what_another_left_claimed(mail_server):
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=_ago(hours=1))
    alerts = [active_alert(f"person{n}@example.org") for n in range(6)]
    even = {alert.email for alert in alerts if alert.pk % 2 == 0}

    # the first share claims only its alerts; say its worker died before sending
    digests_claim(frequency="daily", part=0, parts=2)
    assert {send.subscription.email for send in Send.objects.all()} == even

    # the second share claims its own, sends them, then the first share's still claimed
    counts = digests_run(frequency="daily", part=1, parts=2)
    assert counts["digests claimed"] == 3 and counts["sent"] == 6
    assert all(len(mail_server.to(alert.email)) == 1 for alert in alerts)
