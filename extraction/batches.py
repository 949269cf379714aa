"""Cloud work through OpenAI's Batch API (CLOUD_BATCH_MODE): beat sends the postings queued for it as one batch at half
the price, within the daily budget, and polls open batches; their results take the synchronous engine's path
(jobs_apply_results). Each step is written down before the next (the batch, its calls, its id): a worker killed
between two, or a poll that never came, loses nothing and sends nothing twice."""
import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F

from jobscraper.models import Job

from . import budget
from .engine_factory import NotConfigured, cloud_engine
from .engines import EngineError, ExtractionResult
from .models import CloudBatch
from .pricing import PriceUnknown
from .services import extraction_request
from .storing import jobs_apply_results

logger = logging.getLogger(__name__)

State = Job.ExtractionState
ENGINE_NAME = "openai_batch"  # what the jobs a batch extracted record as their engine
ENDED = {"completed", "failed", "expired", "cancelled"}  # a batch's statuses at OpenAI once it will not change
PREPARE_TIMEOUT = timedelta(minutes=10)  # a batch still preparing this long lost its worker between its rows and OpenAI


def cloud_batch_submit(*, limit: int, now: datetime) -> CloudBatch | None:
    """Send up to `limit` postings queued for a batch as one batch, as many as today's budget covers at half price;
    those past it wait for the budget. Returns the batch, or None when nothing was sent."""
    try:
        engine = cloud_engine()
        budget.cloud_price()
    except (NotConfigured, PriceUnknown) as exc:
        Job.objects.filter(extraction_state=State.QUEUED_BATCH).update(
            extraction_state=State.CLOUD_NOT_CONFIGURED, extraction_error=str(exc), updated_at=now
        )
        return None
    with transaction.atomic():
        jobs = list(
            Job.objects.filter(extraction_state=State.QUEUED_BATCH).order_by("pk").select_for_update(skip_locked=True)
            [:limit]
        )
        if not jobs:
            return None
        batch = CloudBatch.objects.create(model=engine.model)
        reservations = budget.cloud_calls_reserve(jobs=jobs, now=now, batch=batch)
        sent = [job for job in jobs if job.pk in reservations.calls]
        Job.objects.filter(pk__in=[job.pk for job in jobs if job.pk not in reservations.calls]).update(
            extraction_state=State.WAITING_BUDGET, extraction_error=reservations.waiting_note, updated_at=now
        )
        if not sent:
            batch.delete()
            return None
        # The batch's creation time is the claim its results are stored under (a job re-scraped or re-extracted
        # meanwhile is no longer under it).
        Job.objects.filter(pk__in=[job.pk for job in sent]).update(
            extraction_state=State.IN_BATCH, claimed_at=batch.created_at, extraction_error="", updated_at=now,
            extraction_attempts=F("extraction_attempts") + 1,
        )
    requests = [extraction_request(job) for job in sent]
    try:
        remote_id, input_file_id = engine.batch_submit(requests, metadata={"cloud_batch": str(batch.pk)})
    except EngineError as exc:
        logger.error("cloud batch %d not sent; its %d jobs go back to the batch queue: %s", batch.pk, len(sent), exc)
        _batch_unsent(batch=batch, error=str(exc), now=now)
    else:
        CloudBatch.objects.filter(pk=batch.pk).update(
            state=CloudBatch.State.OPEN, remote_id=remote_id, input_file_id=input_file_id
        )
    batch.refresh_from_db()
    return batch


def _batch_unsent(*, batch: CloudBatch, error: str, now: datetime) -> None:
    """A batch that never reached OpenAI: its jobs go back to the batch queue and its reservations count nothing."""
    with transaction.atomic():
        calls = list(batch.calls.all())
        Job.objects.filter(
            pk__in=[call.job_id for call in calls], extraction_state=State.IN_BATCH, claimed_at=batch.created_at
        ).update(extraction_state=State.QUEUED_BATCH, claimed_at=None, updated_at=now)
        for call in calls:
            budget.cloud_call_settle(call=call, tokens_in=0, tokens_out=0, now=now)
        CloudBatch.objects.filter(pk=batch.pk).update(
            state=CloudBatch.State.FAILED, error=f"not sent: {error}", finished_at=now
        )


def cloud_batches_poll(*, now: datetime) -> int:
    """Ask OpenAI about every open batch; store the results of those that ended. Returns how many ended."""
    try:
        engine = cloud_engine()
    except NotConfigured:
        return 0
    ended = 0
    for batch in CloudBatch.objects.filter(state__in=[CloudBatch.State.PREPARING, CloudBatch.State.OPEN]).order_by("pk"):
        try:
            if batch.state == CloudBatch.State.PREPARING and not _batch_found(batch=batch, engine=engine, now=now):
                continue
            status = engine.batch_status(batch.remote_id)
            CloudBatch.objects.filter(pk=batch.pk).update(
                remote_status=status.status, polled_at=now, output_file_id=status.output_file_id,
                error_file_id=status.error_file_id, error=status.errors,
            )
            if status.status in ENDED:
                _batch_finish(batch=batch, engine=engine, status=status, now=now)
                ended += 1
        except EngineError as exc:
            # The next poll tries again: nothing was stored but the reason, shown with the batch in admin.
            logger.error("cloud batch %s could not be read: %s", batch.remote_id or batch.pk, exc)
            CloudBatch.objects.filter(pk=batch.pk).update(polled_at=now, error=f"last poll failed: {exc}")
    return ended


def _batch_found(*, batch: CloudBatch, engine, now: datetime) -> bool:
    """A batch left preparing by a worker that died: adopted if OpenAI has it, else its jobs are queued again."""
    if batch.created_at > now - PREPARE_TIMEOUT:
        return False  # its worker may be sending it right now
    remote_id = engine.batch_find(metadata={"cloud_batch": str(batch.pk)})
    if remote_id is None:
        _batch_unsent(batch=batch, error="its worker stopped before OpenAI had it", now=now)
        return False
    CloudBatch.objects.filter(pk=batch.pk).update(state=CloudBatch.State.OPEN, remote_id=remote_id)
    batch.remote_id = remote_id
    return True


def _batch_finish(*, batch: CloudBatch, engine, status, now: datetime) -> None:
    """Store what an ended batch answered, settle its calls at their usage (half price), and close it. A posting it
    answered nothing for (the batch expired or failed) ends failed with the reason. Safe to run twice: a result
    already stored no longer matches its job's claim, a settled call stays settled."""
    answered = {result.key: result for result in engine.batch_results(status)}
    calls = [call for call in batch.calls.all() if call.job_id is not None]
    results = [
        answered.get(call.job_id) or ExtractionResult(
            key=call.job_id, latency_ms=status.latency_ms,
            error=f"cloud batch {status.id} ended {status.status} without an answer for this posting"
            + (f": {status.errors}" if status.errors else ""),
        )
        for call in calls
    ]
    with transaction.atomic():
        for call, result in zip(calls, results):
            budget.cloud_call_settle(call=call, tokens_in=result.tokens_in, tokens_out=result.tokens_out, now=now)
        jobs_apply_results(
            results=results, hashes={call.job_id: call.content_hash for call in calls}, engine_name=ENGINE_NAME,
            engine_label=engine.label, claimed_at=batch.created_at,
        )
        CloudBatch.objects.filter(pk=batch.pk).update(
            state=CloudBatch.State.DONE if status.status == "completed" else CloudBatch.State.FAILED, finished_at=now
        )
    logger.info("cloud batch %s %s: %d answers for %d postings", status.id, status.status, len(answered), len(calls))
