"""The gpu worker's batches: claim queued postings, one engine call per batch (halved around a posting the engine
refuses), store what it returns; a claim whose worker died is taken again, a posting that keeps failing ends failed."""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jobscraper.models import Job

from .engines import BatchError, Engine, EngineError
from .services import extraction_request
from .storing import jobs_apply_results

logger = logging.getLogger(__name__)

State = Job.ExtractionState
MAX_LOCAL_ATTEMPTS = 3  # claims of a posting that ended without its result before it is marked failed
# How the error of a posting the local engine refused alone begins. Claimed again, such a posting is tried alone:
# in a batch it would fail its neighbours first and be split out again (~2 log2(batch) engine calls per claim).
REFUSED_ALONE = "the local engine refused this posting: "


def jobs_claim_local(*, limit: int) -> list[Job]:
    """Claim up to `limit` jobs for the local engine; a claim older than the timeout is taken again while attempts remain."""
    now = timezone.now()
    stale_before = now - timedelta(seconds=settings.EXTRACTION_CLAIM_TIMEOUT)
    stale = Q(extraction_state=State.RUNNING, claimed_at__lt=stale_before, token_count__lte=settings.LOCAL_MAX_TOKENS)
    with transaction.atomic():
        # A claim that went stale on its last allowed attempt most likely took its worker down (a crash, an
        # OOM kill): taking it again would take the next worker down too, so it ends failed.
        exhausted = Job.objects.filter(stale, extraction_attempts__gte=MAX_LOCAL_ATTEMPTS)
        Job.objects.filter(pk__in=list(exhausted.select_for_update(skip_locked=True).values_list("pk", flat=True))).update(
            extraction_state=State.FAILED,
            claimed_at=None,
            extraction_error=f"gave up after {MAX_LOCAL_ATTEMPTS} attempts: no result within the claim timeout "
            f"({settings.EXTRACTION_CLAIM_TIMEOUT} s); the worker holding the claim stopped",
        )
        jobs = list(
            Job.objects.filter(Q(extraction_state=State.QUEUED_LOCAL) | stale)
            .order_by("pk").select_related("sighting")  # its last-seen time, which the request carries
            .select_for_update(skip_locked=True, of=("self",))[:limit]
        )
        Job.objects.filter(pk__in=[job.pk for job in jobs]).update(
            extraction_state=State.RUNNING, claimed_at=now, extraction_attempts=F("extraction_attempts") + 1
        )
    for job in jobs:
        job.extraction_attempts += 1
        job.claimed_at = now
    return jobs


def local_work_remains() -> bool:
    return Job.objects.filter(extraction_state=State.QUEUED_LOCAL).exists()


def jobs_extract_local(*, engine: Engine, limit: int) -> int:
    """One batch: claim, one engine call, store. Returns how many jobs were claimed.

    A batch the engine fails on but can go on after (BatchError) is tried again in halves, down to single
    postings, and what passes is stored: one posting the engine cannot take no longer fails its neighbours.
    Only a posting that fails alone goes back to the queue, its attempt counted once, by the claim. An engine
    that cannot run at all (EngineError) sends back every claimed job not yet stored.
    """
    claimed = jobs_claim_local(limit=limit)
    try:
        jobs = _jobs_within_the_prompt_limit(engine=engine, jobs=claimed)
    except EngineError as exc:
        logger.error("local engine failed; %d claimed jobs go back: %s", len(claimed), exc)
        _jobs_release(jobs=claimed, error=str(exc))
        return len(claimed)
    if not jobs:
        return len(claimed)
    hashes = {job.pk: job.content_hash for job in jobs}
    refused = [job for job in jobs if job.extraction_error.startswith(REFUSED_ALONE)]
    others = [job for job in jobs if not job.extraction_error.startswith(REFUSED_ALONE)]
    # A stack: a failed batch comes back as its two halves, the first on top. The others go first.
    batches = [[job] for job in refused] + ([others] if others else [])
    while batches:
        batch = batches.pop()
        try:
            results = engine.extract([extraction_request(job) for job in batch])
        except BatchError as exc:
            if len(batch) == 1:
                logger.error("local engine failed on job %d alone: %s", batch[0].pk, exc)
                _jobs_release(jobs=batch, error=f"{REFUSED_ALONE}{exc}")
            else:
                logger.warning("local engine failed on a batch of %d, trying it in halves: %s", len(batch), exc)
                half = len(batch) // 2
                batches += [batch[half:], batch[:half]]
            continue
        except EngineError as exc:
            unstored = batch + [job for rest in batches for job in rest]
            logger.error("local engine failed; %d claimed jobs go back: %s", len(unstored), exc)
            _jobs_release(jobs=unstored, error=str(exc))
            break
        jobs_apply_results(
            results=results, hashes=hashes, engine_name=engine.name, engine_label=engine.label,
            claimed_at=jobs[0].claimed_at,
        )
    return len(claimed)


def _jobs_within_the_prompt_limit(*, engine: Engine, jobs: list[Job]) -> list[Job]:
    """The claimed jobs the engine can take; one whose prompt the model's own tokenizer counts past the engine's
    limit goes to the cloud queue instead (routing counted it with tiktoken, which only estimates the model's count).

    The job keeps the model's count: past the engine's limit, it is past LOCAL_MAX_TOKENS too, so every later
    reader of token_count (a stale claim, the cloud sweep, the operations page) sees a cloud job.
    """
    from .tasks import extract_cloud_task

    if engine.prompt_limit is None:
        return jobs
    within = []
    for job in jobs:
        tokens = engine.prompt_tokens(extraction_request(job))
        if tokens <= engine.prompt_limit:
            within.append(job)
            continue
        logger.info("job %d: %d prompt tokens for a limit of %d; sent to the cloud", job.pk, tokens, engine.prompt_limit)
        ours = Job.objects.filter(pk=job.pk, extraction_state=State.RUNNING, claimed_at=job.claimed_at)
        if ours.update(extraction_state=State.QUEUED_CLOUD, claimed_at=None, token_count=tokens, extraction_error=""):
            transaction.on_commit(lambda pk=job.pk: extract_cloud_task.delay(pk))
    return within


def _jobs_release(*, jobs: list[Job], error: str) -> None:
    """Put a failed batch back in the queue; a job that keeps failing ends failed, with the reason."""
    # Only rows still under this batch's claim: a stale claim another worker took over is that worker's now.
    ours = Job.objects.filter(
        pk__in=[job.pk for job in jobs], extraction_state=State.RUNNING, claimed_at=jobs[0].claimed_at
    )
    ours.filter(extraction_attempts__lt=MAX_LOCAL_ATTEMPTS).update(
        extraction_state=State.QUEUED_LOCAL, claimed_at=None, extraction_error=error
    )
    ours.update(
        extraction_state=State.FAILED, claimed_at=None, extraction_error=f"gave up after {MAX_LOCAL_ATTEMPTS} attempts: {error}"
    )
