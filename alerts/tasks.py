"""Alert tasks (queue `scrape`): beat's digest runs, and a new alert's confirmation email."""
import logging
import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from jobscraper.celery import RETRY_ON_DATABASE_LOSS

from .digests import digests_run
from .models import Subscription
from .services import confirmation_send

logger = logging.getLogger(__name__)

# A run of 10,000 alerts claims in seconds (BENCHMARKS.md) and sends at the mail server's pace; one cut short by the
# limit leaves its digests claimed, and the next run sends them.
DIGESTS_TIME_LIMIT = 1800  # seconds, under the broker's visibility timeout (3,600 s)


@shared_task(acks_late=True, soft_time_limit=DIGESTS_TIME_LIMIT - 60, time_limit=DIGESTS_TIME_LIMIT,
             **RETRY_ON_DATABASE_LOSS)
def alerts_digests_task(frequency: str) -> dict:
    if frequency not in Subscription.Frequency.values:
        logger.error("alerts_digests_task: %r is no frequency (%s)", frequency, ", ".join(Subscription.Frequency.values))
        return {}
    return digests_run(frequency=frequency)


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
