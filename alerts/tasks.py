"""Alert tasks (queue `scrape`): beat's digest runs, a new alert's confirmation email, and beat's webhook runs."""
import logging
import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from jobscraper.celery import RETRY_ON_DATABASE_LOSS

from .digests import digests_run
from .models import Subscription
from .services import confirmation_send
from .webhooks import webhooks_run

logger = logging.getLogger(__name__)

# A run's shares, claimed and sent at once by the scrape worker's children (two, as deployed); each sends its own
# digests first, then any other still claimed, so what a share lost with its worker had claimed goes with the next
# run. A share lost before it claimed is run again when the broker delivers its message again (an hour), or its
# alerts are claimed by their frequency's next run: their cursor has not moved, so nothing is skipped, only late.
DIGEST_PARTS = 2
# A run of 10,000 alerts took ~45 s in its two shares (BENCHMARKS.md); a share cut short by the limit leaves its
# digests claimed, and the next run sends them.
DIGESTS_TIME_LIMIT = 1800  # seconds, under the broker's visibility timeout (3,600 s)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def alerts_digests_task(frequency: str) -> None:
    """Beat's run for `frequency`: its shares, queued to run side by side."""
    if frequency not in Subscription.Frequency.values:
        logger.error("alerts_digests_task: %r is no frequency (%s)", frequency, ", ".join(Subscription.Frequency.values))
        return
    for part in range(DIGEST_PARTS):
        alerts_digests_share_task.delay(frequency, part, DIGEST_PARTS)


@shared_task(acks_late=True, soft_time_limit=DIGESTS_TIME_LIMIT - 60, time_limit=DIGESTS_TIME_LIMIT,
             **RETRY_ON_DATABASE_LOSS)
def alerts_digests_share_task(frequency: str, part: int, parts: int) -> dict:
    return digests_run(frequency=frequency, part=part, parts=parts)


# An SMTP server down or answering 4xx is tried again for about an hour (waits up to 10 minutes); a refusal (5xx) is
# final. OSError covers smtplib's errors and a refused connection.
@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, autoretry_for=(OSError, OperationalError, InterfaceError),
             retry_backoff=True, retry_backoff_max=600, retry_jitter=True, max_retries=8)
def alerts_confirmation_task(subscription_id: int) -> None:
    subscription = Subscription.objects.filter(pk=subscription_id, status=Subscription.Status.PENDING).first()
    if subscription is None:
        logger.info("alerts_confirmation_task: alert %s is gone or no longer pending; nothing to send", subscription_id)
        return
    try:
        confirmation_send(subscription=subscription)
    except smtplib.SMTPRecipientsRefused as exc:
        logger.warning("alerts_confirmation_task: the mail server refused %s: %s", subscription.email, exc.recipients)


# A run's posts each take at most about three SCRAPE_TIMEOUTs (connect, answer, body); a run cut short by the limit
# leaves the delivery it was posting claimed and untried (its transaction rolled back), and the next run, 10 minutes
# on, posts it. Under beat's period, so that runs do not pile up behind a slow receiver.
WEBHOOKS_TIME_LIMIT = 600  # seconds


@shared_task(acks_late=True, soft_time_limit=WEBHOOKS_TIME_LIMIT - 60, time_limit=WEBHOOKS_TIME_LIMIT,
             **RETRY_ON_DATABASE_LOSS)
def alerts_webhooks_task() -> dict:
    """Beat's run: claim each webhook's new matches, then post every delivery due (alerts.webhooks)."""
    return webhooks_run()
