"""The daily cloud budget: a call's estimate is reserved with the budget row locked before the call, and settled with
what the API says it used after; jobs that would pass the cap wait, and go back to their queue once it has room."""
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.db import transaction

from jobscraper.models import Job

from .models import CloudBatch, CloudBudget, CloudCall
from .pricing import Price, PriceUnknown, budget_day, budget_resets_at, call_cost, price_of
from .routing import count_tokens, prompt_tokens
from .schema import job_fields_json_schema

State = Job.ExtractionState
WAITING = "waiting for the daily cloud budget"  # how a waiting job's note begins
RELEASE_BATCH = 500  # waiting jobs one sweep looks at: an estimate each from its stored token count, well under a second


@lru_cache(maxsize=1)
def schema_tokens() -> int:
    """Tokens of the answer's JSON schema, which every request carries beside its messages (its response_format)."""
    return count_tokens(json.dumps(job_fields_json_schema()))


def cloud_price() -> Price:
    """The configured cloud model's price; raises PriceUnknown for a model without one."""
    return price_of(settings.OPENAI_MODEL, settings.CLOUD_MODEL_PRICES)


def call_estimate(*, job: Job, price: Price, batch: bool) -> Decimal:
    """The most a call for this job can cost: its prompt (tiktoken; stored when it was routed) and schema, and every
    output token it is allowed."""
    tokens = job.token_count
    if tokens is None:
        tokens = prompt_tokens(text=job.raw_content, known=job.source_fields)
    return call_cost(
        tokens_in=tokens + schema_tokens(), tokens_out=settings.LLM_MAX_OUTPUT_TOKENS, price=price, batch=batch
    )


def cloud_budget() -> CloudBudget:
    """The budget row, made on first use (with the cap of the CLOUD_DAILY_CAP_USD setting)."""
    return CloudBudget.objects.get_or_create(pk=CloudBudget.ONLY)[0]


def cloud_committed(*, day) -> Decimal:
    """What counts against the day's cap: settled calls at their cost, calls in flight at their estimate."""
    return CloudCall.objects.filter(day=day).committed_usd()


@dataclass
class Reservations:
    calls: dict[int, CloudCall]  # job pk -> the call reserved for it
    waiting_note: str  # why the jobs left without a call wait; "" when every job has one


def cloud_calls_reserve(*, jobs: list[Job], now: datetime, batch: CloudBatch | None = None) -> Reservations:
    """Reserve each job's estimate, in order, while today's spend and reservations stay within the cap; the first job
    that would pass it, and every one after it, is left without a call. Synchronous calls only: a job that still holds
    a reservation (its worker was killed mid-call and the task came again) keeps it rather than counting twice.
    Raises PriceUnknown. With `batch`, the calls are that batch's, at half price."""
    price = cloud_price()
    mode = CloudCall.Mode.BATCH if batch else CloudCall.Mode.SYNC
    day = budget_day(now)
    cloud_budget()
    calls = {}
    with transaction.atomic():
        # Every reservation takes this lock first: two workers never both count the same remaining budget.
        cap = CloudBudget.objects.select_for_update().get(pk=CloudBudget.ONLY).cap
        committed = cloud_committed(day=day)
        for job in jobs:
            held = None if batch else CloudCall.objects.reserved().filter(job=job, mode=mode).first()
            if held is not None:
                calls[job.pk] = held
                continue
            estimate = call_estimate(job=job, price=price, batch=batch is not None)
            if committed + estimate > cap:
                return Reservations(calls, waiting_note(committed=committed, cap=cap, estimate=estimate, now=now))
            calls[job.pk] = CloudCall.objects.create(
                job=job, batch=batch, day=day, model=settings.OPENAI_MODEL, mode=mode, content_hash=job.content_hash,
                estimate_usd=estimate,
            )
            committed += estimate
    return Reservations(calls, "")


def waiting_note(*, committed: Decimal, cap: Decimal, estimate: Decimal, now: datetime) -> str:
    note = (
        f"{WAITING}: ${committed:.2f} of ${cap:.2f} spent or reserved today (UTC) and this call may cost up to "
        f"${estimate:.4f}; resets at {budget_resets_at(now):%H:%M} UTC"
    )
    if estimate > cap:
        note += "; this call alone passes the cap: raise it under Extraction › Cloud budget"
    return note


def cloud_call_settle(*, call: CloudCall, tokens_in: int, tokens_out: int, now: datetime) -> None:
    """Count the call at what it used (usage from the API; 0 and 0 for a call that got no completion, which is not
    billed). Settling twice changes nothing."""
    cost = call_cost(
        tokens_in=tokens_in, tokens_out=tokens_out, price=price_of(call.model, settings.CLOUD_MODEL_PRICES),
        batch=call.mode == CloudCall.Mode.BATCH,
    )
    CloudCall.objects.filter(pk=call.pk, state=CloudCall.State.RESERVED).update(
        state=CloudCall.State.SETTLED, tokens_in=tokens_in, tokens_out=tokens_out, cost_usd=cost, settled_at=now
    )


def jobs_budget_release(*, now: datetime) -> list[int]:
    """Waiting jobs go back to the cloud queue the current mode uses (a task each, or the next batch), oldest first,
    as many as today's remaining budget covers at their estimates: after midnight UTC the whole cap, or what an
    operator's raise left. Returns the ids released to the synchronous queue, whose tasks the caller sends."""
    batch_mode = settings.CLOUD_BATCH_MODE
    with transaction.atomic():
        waiting = list(
            Job.objects.filter(extraction_state=State.WAITING_BUDGET).order_by("updated_at", "pk")
            .select_for_update(skip_locked=True).only("pk", "token_count", "raw_content", "source_data")[:RELEASE_BATCH]
        )
        if not waiting:
            return []
        try:
            price = cloud_price()
        except PriceUnknown:
            released = waiting  # their task says why they cannot go, as a visible state
        else:
            left = cloud_budget().cap - cloud_committed(day=budget_day(now))
            released = []
            for job in waiting:
                left -= call_estimate(job=job, price=price, batch=batch_mode)
                if left < 0:
                    break
                released.append(job)
        # updated_at too: the sweep counts a queued job as lost an hour after it was queued, not after it began waiting.
        Job.objects.filter(pk__in=[job.pk for job in released]).update(
            extraction_state=State.QUEUED_BATCH if batch_mode else State.QUEUED_CLOUD, extraction_error="",
            updated_at=now,
        )
    return [] if batch_mode else [job.pk for job in released]
