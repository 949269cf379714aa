"""Writes for an alert's life: asked for, confirmed, its frequency changed, unsubscribed; and its confirmation sent."""
import logging

from django.db import transaction
from django.utils import timezone

from .emails import confirmation_message
from .models import Subscription
from .tokens import BadToken

logger = logging.getLogger(__name__)


class AlertGone(Exception):
    """The alert a valid link names no longer exists (deleted by an operator)."""


def subscription_request(*, email: str, query: str, frequency: str) -> Subscription:
    """An alert for `email` on `query` (a canonical list query) awaiting confirmation, its confirmation email queued.

    Asking again for the same search updates its frequency; an active alert stays active (no new confirmation), any
    other (pending, unsubscribed, disabled) waits for a new confirmation, which the new email brings."""
    from .tasks import alerts_confirmation_task  # tasks import these services: lazily, to break the circle

    with transaction.atomic():
        # The unique (email, query) constraint backs this: two requests at once make one alert (get_or_create takes
        # the other's row on the IntegrityError).
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=email, query=query, defaults={"frequency": frequency}
        )
        if not created:
            subscription.frequency = frequency
            if subscription.status != Subscription.Status.ACTIVE:
                subscription.status = Subscription.Status.PENDING
                subscription.ended_at, subscription.disabled_reason, subscription.refusals = None, "", 0
            subscription.save(update_fields=["frequency", "status", "ended_at", "disabled_reason", "refusals"])
        if subscription.status == Subscription.Status.PENDING:
            transaction.on_commit(lambda: alerts_confirmation_task.delay(subscription.pk))
    return subscription


def confirmation_send(*, subscription: Subscription) -> None:
    """Email the confirmation link; an SMTP failure raises, for the task to retry."""
    confirmation_message(subscription).send()


def _subscription_named(subscription_id: int, email: str) -> Subscription:
    subscription = Subscription.objects.select_for_update().filter(pk=subscription_id).first()
    if subscription is None:
        raise AlertGone("This alert no longer exists.")
    if subscription.email != email:  # a signed link of ours always names its alert's own address
        raise BadToken("This link is not valid: it may have been cut short or changed.")
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription_id: int, email: str) -> Subscription:
    """Start the alert a confirmation link names: its first digest holds the jobs first seen from now on. Confirming
    twice changes nothing; an alert since unsubscribed or disabled is not restarted by an old link."""
    subscription = _subscription_named(subscription_id, email)
    if subscription.status == Subscription.Status.PENDING:
        now = timezone.now()
        subscription.status, subscription.confirmed_at, subscription.covered_until = Subscription.Status.ACTIVE, now, now
        subscription.save(update_fields=["status", "confirmed_at", "covered_until"])
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, subscription_id: int, email: str) -> Subscription:
    """End the alert (no digest is claimed for it again; one already claimed is not sent). Twice is once."""
    subscription = _subscription_named(subscription_id, email)
    if subscription.status != Subscription.Status.UNSUBSCRIBED:
        subscription.status, subscription.ended_at = Subscription.Status.UNSUBSCRIBED, timezone.now()
        subscription.save(update_fields=["status", "ended_at"])
    return subscription


@transaction.atomic
def subscription_frequency_set(*, subscription_id: int, email: str, frequency: str) -> Subscription:
    subscription = _subscription_named(subscription_id, email)
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency"])
    return subscription
