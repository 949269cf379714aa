"""What the cloud engine may spend and did: the operators' daily cap, one ledger row per cloud call, Batch API batches."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Sum, When
from django.urls import reverse

from jobscraper.models import Job

USD = {"max_digits": 12, "decimal_places": 6}  # a millionth of a dollar: one token of the cheapest model is ~1e-7


class CloudBudget(models.Model):
    """The one row holding the daily cap. Each cloud call reserves its estimate with this row locked, so two workers
    see each other's reservations and together pass the cap by no more than what their calls used beyond them."""

    ONLY = 1  # its primary key

    daily_cap_usd = models.DecimalField(
        "daily cap (USD)", max_digits=10, decimal_places=2, null=True, blank=True,
        help_text="Most the cloud engine may spend (and reserve for calls in flight) per day, midnight to midnight UTC. "
        "Batch API calls count at half price. Empty: the CLOUD_DAILY_CAP_USD setting. A call that would pass it waits "
        "in its queue until the next day, or until the cap is raised.",
    )
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "cloud budget"
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="cloudbudget_single_row")]

    def __str__(self):
        return f"daily cloud budget: ${self.cap:.2f}" + ("" if self.daily_cap_usd is not None else " (the setting)")

    def get_absolute_url(self):
        return reverse("admin:extraction_cloudbudget_change", args=[self.pk])

    @property
    def cap(self) -> Decimal:
        return self.daily_cap_usd if self.daily_cap_usd is not None else Decimal(str(settings.CLOUD_DAILY_CAP_USD))


class CloudBatch(models.Model):
    """A Batch API batch of cloud calls (CLOUD_BATCH_MODE); its calls are the CloudCall rows pointing at it."""

    class State(models.TextChoices):
        PREPARING = "preparing", "preparing (not yet at OpenAI)"
        OPEN = "open", "open (at OpenAI)"
        DONE = "done", "done (results stored)"
        FAILED = "failed", "failed"

    state = models.CharField("state", max_length=16, choices=State.choices, default=State.PREPARING, db_index=True)
    remote_id = models.CharField("batch id", max_length=100, blank=True, help_text="OpenAI's id of the batch.")
    remote_status = models.CharField("status at OpenAI", max_length=32, blank=True)
    model = models.CharField("model", max_length=100)
    input_file_id = models.CharField("input file", max_length=100, blank=True)
    output_file_id = models.CharField("output file", max_length=100, blank=True)
    error_file_id = models.CharField("error file", max_length=100, blank=True)
    error = models.TextField("error", blank=True)
    created_at = models.DateTimeField("created", auto_now_add=True)
    polled_at = models.DateTimeField("last polled", null=True, blank=True)
    finished_at = models.DateTimeField("finished", null=True, blank=True)

    class Meta:
        verbose_name_plural = "cloud batches"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"cloud batch {self.remote_id or self.pk} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("admin:extraction_cloudbatch_change", args=[self.pk])


class CloudCallQuerySet(models.QuerySet):
    def reserved(self):
        return self.filter(state=CloudCall.State.RESERVED)

    def committed_usd(self) -> Decimal:
        """What these calls count against the budget: the cost of settled calls, the estimate of reserved ones."""
        return self.aggregate(total=_committed())["total"] or Decimal(0)

    def committed_per_day(self) -> dict:
        """{budget day: USD committed that day}."""
        return dict(self.values("day").annotate(total=_committed()).values_list("day", "total"))


def _committed():
    return Sum(Case(When(state=CloudCall.State.RESERVED, then=F("estimate_usd")), default=F("cost_usd")))


class CloudCall(models.Model):
    """One cloud request for one posting: reserved at its estimate before it is made, settled with what it used.

    A ledger rather than columns on Job: a re-extraction adds a row instead of overwriting the last one, so every
    day's spend stays summable; the reservation rows are what concurrent workers count before a call.
    """

    class Mode(models.TextChoices):
        SYNC = "sync", "one request"
        BATCH = "batch", "Batch API (half price)"

    class State(models.TextChoices):
        RESERVED = "reserved", "reserved (in flight; counts at its estimate)"
        SETTLED = "settled", "settled (counts at its cost)"

    job = models.ForeignKey(
        Job, verbose_name="job", null=True, on_delete=models.SET_NULL, related_name="cloud_calls",
        help_text="Empty once the job is deleted; what it spent still counts.",
    )
    batch = models.ForeignKey(
        CloudBatch, verbose_name="batch", null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    day = models.DateField("budget day", db_index=True, help_text="The UTC day whose budget the call counts against.")
    model = models.CharField("model", max_length=100)
    mode = models.CharField("mode", max_length=8, choices=Mode.choices, default=Mode.SYNC)
    state = models.CharField("state", max_length=12, choices=State.choices, default=State.RESERVED, db_index=True)
    content_hash = models.CharField("content hash", max_length=64, help_text="The content hash of the posting sent.")
    estimate_usd = models.DecimalField(
        "estimate (USD)", **USD, help_text="Prompt tokens (tiktoken, with the answer's schema) and the most output "
        "tokens allowed, at the model's price: what the call may cost at most.",
    )
    tokens_in = models.PositiveIntegerField("tokens in", default=0, help_text="Prompt tokens, as the API counted them.")
    tokens_out = models.PositiveIntegerField("tokens out", default=0, help_text="Completion tokens, as the API counted.")
    cost_usd = models.DecimalField("cost (USD)", **USD, default=Decimal(0))
    created_at = models.DateTimeField("reserved", auto_now_add=True)
    settled_at = models.DateTimeField("settled", null=True, blank=True)

    objects = CloudCallQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["day", "state"], name="cloudcall_day_state")]

    def __str__(self):
        spent = f"${self.cost_usd}" if self.state == self.State.SETTLED else f"up to ${self.estimate_usd}"
        return f"{self.model} {self.get_mode_display()} on {self.day}: {spent}"

    def get_absolute_url(self):
        return reverse("admin:extraction_cloudcall_change", args=[self.pk])
