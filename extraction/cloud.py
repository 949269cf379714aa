"""The cloud engine's calls, one posting each, within the daily budget; and beat's sweep for cloud work whose task was
lost or which waited for the budget."""
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobscraper.models import Job

from . import budget
from .engine_factory import NotConfigured, cloud_engine
from .engines import EngineError, ExtractionResult
from .pricing import PriceUnknown
from .services import extraction_request
from .storing import jobs_apply_results

logger = logging.getLogger(__name__)

State = Job.ExtractionState
CLOUD_STATES = (State.QUEUED_CLOUD, State.WAITING_BUDGET, State.RUNNING, State.CLOUD_NOT_CONFIGURED)


def job_extract_cloud(*, job_id: int) -> None:
    """Extract one long posting with the cloud engine, within the daily budget: a call that would pass the cap waits
    in its queue (WAITING_BUDGET, with when the budget resets); a missing key or an unpriced model is a visible state."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.extraction_state not in CLOUD_STATES:
            return  # gone, re-scraped, or already done by an earlier delivery of this task
        try:
            engine = cloud_engine()
            reservations = budget.cloud_calls_reserve(jobs=[job], now=timezone.now())
        except (NotConfigured, PriceUnknown) as exc:
            job.extraction_state, job.extraction_error = State.CLOUD_NOT_CONFIGURED, str(exc)
            job.save(update_fields=["extraction_state", "extraction_error", "updated_at"])
            return
        if job.pk not in reservations.calls:
            job.extraction_state, job.extraction_error = State.WAITING_BUDGET, reservations.waiting_note
            job.save(update_fields=["extraction_state", "extraction_error", "updated_at"])
            return
        job.extraction_state, job.claimed_at = State.RUNNING, timezone.now()
        job.extraction_attempts += 1
        job.save(update_fields=["extraction_state", "claimed_at", "extraction_attempts", "updated_at"])
    try:
        [result] = engine.extract([extraction_request(job)])
    except EngineError as exc:
        result = ExtractionResult(key=job.pk, error=str(exc))
    budget.cloud_call_settle(
        call=reservations.calls[job.pk], tokens_in=result.tokens_in, tokens_out=result.tokens_out, now=timezone.now()
    )
    jobs_apply_results(
        results=[result], hashes={job.pk: job.content_hash}, engine_name=engine.name, engine_label=engine.label,
        claimed_at=job.claimed_at,
    )


def jobs_cloud_resend(*, queued_before, running_before, now) -> int:
    """Send the cloud task again for each cloud job that lost its own: queued since before `queued_before` (a broker
    restarted without persistence drops its messages), or running since before `running_before` (its worker was
    killed); and send it to the jobs waiting for the budget that today's budget now covers (the day rolled over, or
    the cap was raised). Returns how many were sent; a duplicate delivery finds the job done and does nothing."""
    from .tasks import extract_cloud_task

    lost = Job.objects.filter(
        Q(extraction_state=State.QUEUED_CLOUD, updated_at__lt=queued_before)
        | Q(extraction_state=State.RUNNING, token_count__gt=settings.LOCAL_MAX_TOKENS, claimed_at__lt=running_before)
    )
    ids = list(lost.values_list("pk", flat=True))
    if ids:
        logger.warning("sent %d cloud jobs their task again (lost with the broker or a killed worker)", len(ids))
    released = budget.jobs_budget_release(now=now)
    if released:
        logger.info("sent %d cloud jobs that waited for the daily budget", len(released))
    for pk in ids + released:
        transaction.on_commit(lambda pk=pk: extract_cloud_task.delay(pk))
    return len(ids) + len(released)
