"""A saved search with the address its digests go to, and each digest claimed for it (what was sent, or why not); a
saved search with the URL its webhook posts go to, and each delivery claimed for it."""
import base64
import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone

MAX_QUERY = 2_000  # characters of a saved search's query string: the list's parameters at their longest are ~1,000


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscription.Status.ACTIVE)


class Subscription(models.Model):
    """One address's alert for one search. Nothing else about the person is kept: no name, no account, no address
    of theirs but this one."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", "instantly (every 10 minutes)"
        DAILY = "daily", "daily"
        WEEKLY = "weekly", "weekly"

    class Status(models.TextChoices):
        PENDING = "pending", "awaiting confirmation"
        ACTIVE = "active", "active"
        UNSUBSCRIBED = "unsubscribed", "unsubscribed"
        DISABLED = "disabled", "disabled"

    email = models.EmailField("email address", max_length=254)
    query = models.CharField(
        "search", max_length=MAX_QUERY, blank=True,
        help_text="The listing's query string as the list writes it (jobscraper.filters.job_filters_params); empty: "
        "every job.",
    )
    frequency = models.CharField("frequency", max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField("created", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)
    ended_at = models.DateTimeField("unsubscribed or disabled", null=True, blank=True)
    covered_until = models.DateTimeField(
        "covered until", null=True, blank=True,
        help_text="Jobs first seen up to this time are in a digest already claimed (or had no match): the next "
        "digest starts here.",
    )
    refusals = models.PositiveSmallIntegerField(
        "refusals in a row", default=0, help_text="Digests the mail server refused for this address since the last "
        "one it took; at alerts.digests.REFUSALS_TO_DISABLE the alert is disabled.",
    )
    disabled_reason = models.TextField("why disabled", blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["email", "query"], name="subscription_once_per_search")]
        indexes = [models.Index(fields=["status", "frequency", "covered_until"], name="subscription_due")]

    def __str__(self):
        return f"{self.email}: {self.query or 'every job'} ({self.frequency})"

    def get_absolute_url(self):
        return reverse("admin:alerts_subscription_change", args=[self.pk])

    def listing_url(self) -> str:
        return listing_path(self.query)


def listing_path(query: str) -> str:
    """The listing's path for a saved search's query string."""
    return reverse("job_list") + (f"?{query}" if query else "")


class Send(models.Model):
    """One digest of one subscription: claimed, with the jobs it holds, in the transaction that moves the
    subscription's cursor past them; then sent, or failed with the mail server's refusal."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", "claimed, not sent yet"
        SENT = "sent", "sent"
        FAILED = "failed", "not sent (see the error)"

    subscription = models.ForeignKey(
        Subscription, verbose_name="subscription", on_delete=models.CASCADE, related_name="sends",
    )
    window_start = models.DateTimeField("new since", help_text="Jobs first seen after this time…")
    window_end = models.DateTimeField("new until", help_text="…and up to this one.")
    job_ids = models.JSONField("jobs", default=list, help_text="The jobs this digest lists, in its order.")
    more = models.BooleanField("more than listed", default=False, help_text="More jobs matched than one email lists.")
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.CLAIMED, db_index=True)
    claimed_at = models.DateTimeField("claimed", default=timezone.now)
    sent_at = models.DateTimeField("sent", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("attempts", default=0, help_text="Tries to hand it to the mail server.")
    error = models.TextField("error", blank=True, help_text="The last refusal or failure, as the mail server said it.")

    class Meta:
        ordering = ["-claimed_at", "-id"]
        constraints = [
            # One digest per window: a second claimer of the same cursor (two beats, a task delivered twice) fails.
            models.UniqueConstraint(fields=["subscription", "window_start"], name="send_once_per_window"),
        ]

    def __str__(self):
        return f"digest {self.pk} to {self.subscription.email} ({self.status})"

    def get_absolute_url(self):
        return reverse("admin:alerts_send_change", args=[self.pk])


def webhook_secret() -> str:
    """A new signing secret in Standard Webhooks' form: whsec_ and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


class WebhookQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Webhook.Status.ACTIVE)


class Webhook(models.Model):
    """One integrator's endpoint for one search: each new match posted to it as JSON, signed with its secret
    (alerts.webhooks says how, README.md what the receiver gets). Added by an operator in admin."""

    class Status(models.TextChoices):
        ACTIVE = "active", "active"
        DISABLED = "disabled", "disabled"

    name = models.CharField("integrator", max_length=200, help_text="Whose endpoint this is, for the operators.")
    url = models.URLField(
        "URL", max_length=2000,
        help_text="Where new matches are posted: http or https, at an address the scraper may fetch (the same guard).",
    )
    secret = models.CharField(
        "signing secret", max_length=100, default=webhook_secret, editable=False,
        help_text="Give it to the integrator: their receiver verifies each post's webhook-signature header with it.",
    )
    query = models.CharField(
        "search", max_length=MAX_QUERY, blank=True,
        help_text="The listing's query string as the list writes it (jobscraper.filters.job_filters_params); empty: "
        "every job.",
    )
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    created_at = models.DateTimeField("created", default=timezone.now)
    covered_until = models.DateTimeField(
        "covered until", default=timezone.now,
        help_text="Jobs first seen up to this time are in a delivery already claimed (or had no match): the next "
        "delivery starts here.",
    )
    failures = models.PositiveIntegerField(
        "failures in a row", default=0, help_text="Tries that failed since the last delivery the receiver took; at "
        "alerts.webhooks.FAILURES_TO_DISABLE the webhook is disabled.",
    )
    disabled_at = models.DateTimeField("disabled", null=True, blank=True)
    disabled_reason = models.TextField("why disabled", blank=True)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}: {self.query or 'every job'}"

    def get_absolute_url(self):
        return reverse("admin:alerts_webhook_change", args=[self.pk])


class Delivery(models.Model):
    """One post of one webhook: claimed, with the jobs it holds, in the transaction that moves the webhook's cursor
    past them; then tried until the receiver takes it (each try signed anew, with the same webhook-id)."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", "claimed, not delivered yet"
        DELIVERED = "delivered", "delivered"
        FAILED = "failed", "not delivered (see the error)"

    webhook = models.ForeignKey(Webhook, verbose_name="webhook", on_delete=models.CASCADE, related_name="deliveries")
    window_start = models.DateTimeField("new since", help_text="Jobs first seen after this time…")
    window_end = models.DateTimeField("new until", help_text="…and up to this one.")
    job_ids = models.JSONField("jobs", default=list, help_text="The jobs this delivery holds, in the listing's order.")
    more = models.BooleanField("more than held", default=False, help_text="More jobs matched than one delivery holds.")
    status = models.CharField("status", max_length=9, choices=Status.choices, default=Status.CLAIMED, db_index=True)
    claimed_at = models.DateTimeField("claimed", default=timezone.now)
    next_try_at = models.DateTimeField(
        "next try", default=timezone.now, help_text="Not tried again before this time (the backoff after a failure).",
    )
    delivered_at = models.DateTimeField("delivered", null=True, blank=True)
    attempts = models.PositiveIntegerField("attempts", default=0, help_text="Tries to post it to the receiver.")
    last_status = models.PositiveSmallIntegerField(
        "last HTTP status", null=True, blank=True, help_text="The receiver's answer to the last try; empty: none came.",
    )
    error = models.TextField("error", blank=True, help_text="Why the last try failed: the answer, or no answer.")

    class Meta:
        ordering = ["-claimed_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            # One delivery per window: a second claimer of the same cursor (two beats, a task delivered twice) fails.
            models.UniqueConstraint(fields=["webhook", "window_start"], name="delivery_once_per_window"),
        ]

    def __str__(self):
        return f"delivery {self.pk} to {self.webhook.name} ({self.status})"

    def get_absolute_url(self):
        return reverse("admin:alerts_delivery_change", args=[self.pk])

    @property
    def message_id(self) -> str:
        """Standard Webhooks' webhook-id: the same on every try, so that a receiver can tell a repeat."""
        return f"msg_jobscraper_delivery_{self.pk}"
