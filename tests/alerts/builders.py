"""Small builders for alerts' tests."""
from datetime import timedelta

from django.utils import timezone

from alerts.models import Subscription


def active_alert(email: str, query: str = "", *, frequency: str = "daily", since=None) -> Subscription:
    """A confirmed alert whose digests start at `since` (two hours ago by default)."""
    since = since or timezone.now() - timedelta(hours=2)
    return Subscription.objects.create(email=email, query=query, frequency=frequency, status=Subscription.Status.ACTIVE,
                                       confirmed_at=since, covered_until=since)
