"""A saved search with the address its digests go to, and each digest claimed for it (what was sent, or why not)."""
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
        return reverse("job_list") + (f"?{self.query}" if self.query else "")


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
