"""Reads for the operations page's spend section: today's cloud spend against the cap, and what extraction cost per
day and per extracted posting over the last week, local and cloud."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import TruncDate

from extraction.budget import cloud_budget
from extraction.models import CloudBatch, CloudCall
from extraction.pricing import Price, PriceUnknown, budget_day, budget_resets_at, price_of

from .models import Job

State = Job.ExtractionState
DAYS = 7  # days of cost shown, today included
MS_PER_HOUR = 3_600_000


@dataclass
class CloudToday:
    cap: Decimal
    spent: Decimal  # settled calls, at what they cost
    reserved: Decimal  # calls in flight, at their estimates
    waiting: int  # jobs waiting for the budget
    resets_at: datetime
    model: str
    price: Price | None
    price_error: str  # why the model cannot be called; "" when it has a price
    batch_mode: bool
    queued_batch: int  # jobs waiting for the next batch
    in_batch: int  # jobs in open batches
    open_batches: int

    @property
    def share(self) -> float:
        """Percent of the cap spent or reserved."""
        return float(100 * (self.spent + self.reserved) / self.cap) if self.cap else 100.0


@dataclass
class DayCost:
    day: date
    cloud_usd: Decimal
    cloud_postings: int
    local_hours: float  # time the local engine's batches took
    local_usd: Decimal
    local_postings: int

    @property
    def cloud_per_posting(self) -> Decimal | None:
        return self.cloud_usd / self.cloud_postings if self.cloud_postings else None

    @property
    def local_per_posting(self) -> Decimal | None:
        return self.local_usd / self.local_postings if self.local_postings else None


def cloud_today(*, now: datetime) -> CloudToday:
    today = budget_day(now)
    calls = CloudCall.objects.filter(day=today)
    try:
        price, price_error = price_of(settings.OPENAI_MODEL, settings.CLOUD_MODEL_PRICES), ""
    except PriceUnknown as exc:
        price, price_error = None, str(exc)
    states = dict(Job.objects.filter(extraction_state__in=[State.WAITING_BUDGET, State.QUEUED_BATCH, State.IN_BATCH])
                  .values("extraction_state").annotate(count=Count("pk")).values_list("extraction_state", "count"))
    return CloudToday(
        cap=cloud_budget().cap, spent=calls.filter(state=CloudCall.State.SETTLED).committed_usd(),
        reserved=calls.reserved().committed_usd(), waiting=states.get(State.WAITING_BUDGET, 0),
        resets_at=budget_resets_at(now), model=settings.OPENAI_MODEL, price=price, price_error=price_error,
        batch_mode=settings.CLOUD_BATCH_MODE, queued_batch=states.get(State.QUEUED_BATCH, 0),
        in_batch=states.get(State.IN_BATCH, 0),
        open_batches=CloudBatch.objects.filter(state__in=[CloudBatch.State.PREPARING, CloudBatch.State.OPEN]).count(),
    )


def cost_per_day(*, now: datetime, days: int = DAYS) -> list[DayCost]:
    """Newest day first. Cloud: what the ledger committed each day (a batch's calls on the day it was sent, failed
    calls included) over the postings the cloud extracted that day. Local: LOCAL_GPU_USD_PER_HOUR times the time the
    local engine's batches took (each batch once: the jobs one batch stored share their extraction time, and its
    longest latency is the batch's), over the postings it extracted; 0 when the setting is unset."""
    since = budget_resets_at(now) - timedelta(days=days)  # midnight UTC starting the first day shown
    cloud_usd = CloudCall.objects.filter(day__gte=budget_day(since)).committed_per_day()
    # Jobs extracted in the window by an engine (not from source data alone), on each side of the routing limit.
    extracted = Job.objects.filter(extraction_state=State.DONE, extracted_at__gte=since).exclude(extraction_engine="source")
    cloud_postings = dict(
        extracted.filter(token_count__gt=settings.LOCAL_MAX_TOKENS)
        .annotate(day=TruncDate("extracted_at", tzinfo=dt_timezone.utc)).values("day").annotate(jobs=Count("pk"))
        .values_list("day", "jobs")
    )
    local_postings, local_ms = defaultdict(int), defaultdict(int)
    batches = extracted.exclude(token_count__gt=settings.LOCAL_MAX_TOKENS).values("extracted_at").annotate(
        jobs=Count("pk"), ms=Max("extraction_latency_ms")
    )
    for extracted_at, jobs, ms in batches.values_list("extracted_at", "jobs", "ms").iterator(chunk_size=2000):
        local_postings[budget_day(extracted_at)] += jobs
        local_ms[budget_day(extracted_at)] += ms or 0
    rate = Decimal(str(settings.LOCAL_GPU_USD_PER_HOUR))
    return [
        DayCost(
            day=day, cloud_usd=cloud_usd.get(day, Decimal(0)), cloud_postings=cloud_postings.get(day, 0),
            local_hours=local_ms[day] / MS_PER_HOUR, local_usd=rate * local_ms[day] / MS_PER_HOUR,
            local_postings=local_postings[day],
        )
        for day in (budget_day(now) - timedelta(days=offset) for offset in range(days))
    ]


def spend_overview(*, now: datetime) -> dict:
    """The spend section's template context."""
    return {
        "cloud_today": cloud_today(now=now),
        "cost_days": cost_per_day(now=now),
        "gpu_usd_per_hour": settings.LOCAL_GPU_USD_PER_HOUR,
    }
