"""Webhooks' deliveries, each delivered once: claimed with its jobs in the transaction that moves its webhook's
cursor past them (alerts.claims, as digests are), then posted as signed JSON under its row's lock and marked
delivered in that same transaction. A failure is tried again with a backoff; FAILURES_TO_DISABLE failed tries in a
row disable the webhook, saying why (RELIABILITY.md says what this guarantees)."""
import json
import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from standardwebhooks.webhooks import Webhook as Signer

from jobscraper.exchange_rates import base_currency
from jobscraper.exports import export_record
from jobscraper.models import Job
from jobscraper.selectors import job_records
from scraping.errors import FetchError, PacingFailed
from scraping.http import post_bytes

from .claims import SETTLE, matches_claim
from .models import Delivery, Webhook, listing_path

logger = logging.getLogger(__name__)

DELIVERY_CAP = 100  # jobs in one post; more are the listing's link, and `more`
# The wait after a delivery's first failed try, doubled after each next one up to RETRY_MAX_WAIT: with beat's run
# every 10 minutes, tries come about 10, 20, 40, 80 minutes and then 2 hours apart.
RETRY_FIRST_WAIT = timedelta(minutes=10)
RETRY_MAX_WAIT = timedelta(hours=2)
# Failed tries in a row (of any of its deliveries) that disable a webhook: with the waits above, about a day of a
# receiver that never takes a post. A 410 Gone disables it at once: the receiver says the endpoint is gone for good.
FAILURES_TO_DISABLE = 16
GONE = 410
EVENT_TYPE = "jobs.matched"


def retry_wait(attempts: int) -> timedelta:
    """How long a delivery waits after its `attempts`-th failed try."""
    # Doublings capped: the cap is passed long before, and a delivery tried for weeks (its webhook enabled again and
    # again) would overflow a timedelta.
    return min(RETRY_FIRST_WAIT * 2 ** min(attempts - 1, 20), RETRY_MAX_WAIT)


def webhooks_claim(*, now: datetime | None = None) -> Counter:
    """Claim a delivery for every active webhook whose search has new matches (alerts.claims.matches_claim)."""
    now = now or timezone.now()
    until = now - SETTLE

    def claim(webhook, after, ids, more):
        return Delivery(webhook=webhook, window_start=after, window_end=until, job_ids=ids, more=more, next_try_at=now)

    return matches_claim(Webhook.objects.active(), until=until, cap=DELIVERY_CAP, claim=claim,
                         names=("webhooks checked", "deliveries claimed"))


def delivery_body(delivery: Delivery, jobs: list[dict]) -> bytes:
    """The JSON posted: Standard Webhooks' envelope (type, timestamp, data) around the jobs as the API and the
    exports write them, and the listing of the search, which shows any the post could not hold."""
    webhook = delivery.webhook
    payload = {
        "type": EVENT_TYPE,
        "timestamp": delivery.window_end.isoformat(),
        "data": {
            "search": webhook.query,
            "listing_url": settings.SITE_URL + listing_path(webhook.query),
            "new_since": delivery.window_start.isoformat(),
            "new_until": delivery.window_end.isoformat(),
            "jobs": jobs,
            "more": delivery.more,
        },
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signed_headers(*, secret: str, message_id: str, body: bytes, at: datetime) -> dict[str, str]:
    """Standard Webhooks' headers for posting `body` at `at` (whole seconds): its id, time and signature."""
    at = at.replace(microsecond=0)
    return {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Signer(secret).sign(message_id, at, body),
    }


def _records(job_ids: list[int]) -> list[dict]:
    """Export records of the jobs of `job_ids` a visitor may still open, in that order (one rejected since its claim
    is left out)."""
    rows = {row["id"]: row for row in job_records(Job.objects.visible().filter(pk__in=job_ids))}
    site, base = settings.SITE_URL, base_currency()
    return [export_record(rows[job_id], site=site, base=base) for job_id in job_ids if job_id in rows]


def _failed(delivery: Delivery, now: datetime, *, status: int | None, error: str) -> str:
    """A failed try: the delivery waits its backoff; the webhook counts it, and is disabled at the limit or a 410."""
    delivery.last_status, delivery.error = status, error
    delivery.next_try_at = now + retry_wait(delivery.attempts)
    delivery.save(update_fields=["attempts", "last_status", "error", "next_try_at"])
    webhook = delivery.webhook
    Webhook.objects.filter(pk=webhook.pk).update(failures=F("failures") + 1)
    webhook.refresh_from_db(fields=["failures"])
    if status == GONE:
        reason = f"The receiver answered 410 Gone: its endpoint is no more. {error}"
    elif webhook.failures >= FAILURES_TO_DISABLE:
        reason = f"The last {webhook.failures} tries to post to it failed; the last: {error}"
    else:
        return "failed (tried again later)"
    webhook.status, webhook.disabled_at, webhook.disabled_reason = Webhook.Status.DISABLED, timezone.now(), reason
    webhook.save(update_fields=["status", "disabled_at", "disabled_reason"])
    logger.warning("webhook %s disabled: %s", webhook.pk, reason)
    return "failed; webhook disabled"


def _deliver_one(pk: int, now: datetime) -> str:
    """Post one claimed delivery, holding its row locked from before the receiver is asked until it is marked
    delivered: a worker that dies meanwhile releases the lock with the row still claimed, and the next run posts it
    again, with the same webhook-id."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",)).select_related("webhook")
            .filter(pk=pk, status=Delivery.Status.CLAIMED, webhook__status=Webhook.Status.ACTIVE).first()
        )
        if delivery is None:
            return "taken by another worker or done"
        jobs = _records(delivery.job_ids)
        if not jobs:
            delivery.status = Delivery.Status.FAILED
            delivery.error = "Not posted: every job it held was rejected since."
            delivery.save(update_fields=["status", "error"])
            return "dropped (no job left)"
        webhook, body = delivery.webhook, delivery_body(delivery, jobs)
        delivery.attempts += 1
        try:
            status, answer = post_bytes(webhook.url, body=body, headers=signed_headers(
                secret=webhook.secret, message_id=delivery.message_id, body=body, at=timezone.now()))
        except PacingFailed as exc:
            # Our Redis failed before anything was sent: not the receiver's failure, so not counted against it (an
            # outage of a day would disable every webhook); the delivery stays claimed, due at the next run.
            logger.warning("webhook delivery %s not tried: %s", delivery.pk, exc)
            return "not tried (Redis failed)"
        except FetchError as exc:
            return _failed(delivery, now, status=None, error=str(exc))
        if not 200 <= status < 300:
            return _failed(delivery, now, status=status, error=f"HTTP {status}" + (f": {answer}" if answer else ""))
        delivery.status, delivery.delivered_at, delivery.last_status, delivery.error = (
            Delivery.Status.DELIVERED, timezone.now(), status, "")
        delivery.save(update_fields=["status", "delivered_at", "last_status", "error", "attempts"])
        if webhook.failures:
            Webhook.objects.filter(pk=webhook.pk).update(failures=0)
    return "delivered"


def webhooks_deliver(*, now: datetime | None = None) -> Counter:
    """Post each active webhook's claimed deliveries in the order they were claimed: its oldest once its backoff is
    over, then the next, and so on; a failure holds the ones behind it back until it is taken (a receiver that is
    down gets one try per wait, and never a newer post before an older one). A disabled webhook's deliveries wait,
    still claimed, until it is enabled again."""
    now = now or timezone.now()
    counts, tried = Counter(), set()
    firsts = (
        Delivery.objects.filter(status=Delivery.Status.CLAIMED, webhook__status=Webhook.Status.ACTIVE)
        .order_by().values("webhook").annotate(first=Min("id")).values("first")
    )
    while True:
        due = list(
            Delivery.objects.filter(pk__in=firsts, next_try_at__lte=now).exclude(pk__in=tried)
            .order_by("id").values_list("id", flat=True)
        )
        if not due:
            return counts
        for pk in due:
            tried.add(pk)
            counts[_deliver_one(pk, now)] += 1


def webhooks_run(*, now: datetime | None = None) -> dict:
    """Beat's run: claim the due deliveries, then post every one due."""
    counts = webhooks_claim(now=now) + webhooks_deliver(now=now)
    logger.info("alerts: webhooks: %s", dict(counts))
    return dict(counts)


@transaction.atomic
def webhooks_enable(webhooks) -> int:
    """Enable `webhooks` (a queryset) again, their failures forgotten: their deliveries still claimed are posted at
    the next run, in order, and their next claims start where their cursor stopped. Returns how many were disabled."""
    disabled = list(webhooks.filter(status=Webhook.Status.DISABLED).select_for_update().values_list("pk", flat=True))
    Webhook.objects.filter(pk__in=disabled).update(status=Webhook.Status.ACTIVE, failures=0, disabled_at=None,
                                                   disabled_reason="")
    Delivery.objects.filter(webhook__in=disabled, status=Delivery.Status.CLAIMED).update(next_try_at=timezone.now())
    return len(disabled)
