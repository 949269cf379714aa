"""Extraction writes: route postings, claim batches for the local engine, store what engines return."""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jobscraper.history import job_field_changes
from jobscraper.models import Job, JobChange
from jobscraper.review import REVIEWER

from . import budget, normalize
from .cascade import fields_from_result
from .engine_factory import NotConfigured, cloud_engine
from .engines import BatchError, Engine, EngineError, ExtractionRequest, ExtractionResult
from .pricing import PriceUnknown
from .routing import LOCAL, prompt_tokens, route

logger = logging.getLogger(__name__)

State = Job.ExtractionState
MAX_LOCAL_ATTEMPTS = 3  # claims of a posting that ended without its result before it is marked failed
# How the error of a posting the local engine refused alone begins. Claimed again, such a posting is tried alone:
# in a batch it would fail its neighbours first and be split out again (~2 log2(batch) engine calls per claim).
REFUSED_ALONE = "the local engine refused this posting: "
# Fields that, all given by the source, make an LLM call pointless.
COMPLETE_SOURCE_FIELDS = ("title", "locations", "remote", "employment_type", "salary_min", "salary_currency", "salary_period")


# What a stored field becomes when neither the source nor the engine gives it (a re-extraction resets it).
STORED_DEFAULTS = {
    "locations": [], "remote": "unknown", "employment_type": "unknown", "seniority": "", "department": "",
    "salary_min": None, "salary_max": None, "salary_currency": "", "salary_period": "", "salary_annual_min": None,
    "salary_annual_max": None, "skills": [], "requirements": [], "benefits": [], "visa_sponsorship": "unknown",
    "date_posted": None, "summary": "",
}


def source_is_complete(source: dict) -> bool:
    return all(source.get(name) not in (None, "", [], "unknown") for name in COMPLETE_SOURCE_FIELDS)


def jobs_route(*, job_ids: list[int]) -> dict:
    """Send each pending job to the local queue, the cloud queue, or straight to storage; enqueue after commit."""
    from .tasks import extract_cloud_task, extract_local_task

    counts = {"local": 0, "cloud": 0, "source": 0}
    cloud_ids = []
    for job in Job.objects.filter(pk__in=job_ids, extraction_state=State.PENDING).only(
        "pk", "raw_content", "source_data", "content_hash"
    ):
        if source_is_complete(job.source_data):
            jobs_apply_results(
                results=[ExtractionResult(key=job.pk)], hashes={job.pk: job.content_hash}, engine_name="source",
                engine_label="",
            )
            counts["source"] += 1
            continue
        tokens = prompt_tokens(text=job.raw_content, known=job.source_data)
        target = route(tokens, local_limit=settings.LOCAL_MAX_TOKENS)
        state = State.QUEUED_LOCAL if target == LOCAL else State.QUEUED_BATCH if settings.CLOUD_BATCH_MODE \
            else State.QUEUED_CLOUD
        # Guarded by state, so a route task delivered twice changes nothing the second time.
        if Job.objects.filter(pk=job.pk, extraction_state=State.PENDING).update(extraction_state=state, token_count=tokens):
            counts[target] += 1
            if state == State.QUEUED_CLOUD:
                cloud_ids.append(job.pk)
    if counts["local"]:
        transaction.on_commit(lambda: extract_local_task.delay())
    for pk in cloud_ids:
        transaction.on_commit(lambda pk=pk: extract_cloud_task.delay(pk))
    return counts


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
            .order_by("pk")
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


def extraction_request(job: Job) -> ExtractionRequest:
    return ExtractionRequest(key=job.pk, text=job.raw_content, known=job.source_data, fetched_at=job.last_seen_at)


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


# A salary is one fact: a reviewer who corrected any part of it vouched for the whole, as they saw it.
SALARY_FIELDS = frozenset({*normalize.SALARY_FIELDS, "salary_annual_min", "salary_annual_max"})


# The columns storing a result may change; each job's UPDATE writes these and no others.
APPLIED_FIELDS = [
    "title", *STORED_DEFAULTS, "field_sources", "extraction_state", "extraction_error", "extraction_engine",
    "extraction_latency_ms", "extracted_hash", "extracted_at", "claimed_at", "updated_at",
]


def jobs_apply_results(
    *, results: list[ExtractionResult], hashes: dict[int, str], engine_name: str, engine_label: str, claimed_at=None
) -> int:
    """Store a batch of engine results in one transaction; returns how many were stored.

    A job whose content hash is no longer the one extracted was re-scraped meanwhile: the newer
    content wins and this result is dropped (the job is already pending again). With `claimed_at`, the claim
    the results were made under, a job no longer under it is skipped too: its claim went stale and another
    worker took it, whose result is the one that counts (storing both would extract the job twice).
    """
    now = timezone.now()
    with transaction.atomic():
        # Locked in primary-key order, as the claim takes them, so two writers never deadlock.
        locked = Job.objects.select_for_update().filter(pk__in=[r.key for r in results]).order_by("pk")
        jobs = {job.pk: job for job in locked}
        stored, history = [], []
        for result in results:
            job = jobs.get(result.key)
            if job is None or job.content_hash != hashes[result.key]:
                continue
            if claimed_at is not None and job.claimed_at != claimed_at:
                logger.info("result for job %d dropped: its claim went stale and was taken again", job.pk)
                continue
            history += _fill(job, result, engine_name=engine_name, engine_label=engine_label, now=now)
            job.save(update_fields=APPLIED_FIELDS)
            stored.append(job)
        JobChange.objects.bulk_create(history)
    return len(stored)


def _fill(job: Job, result: ExtractionResult, *, engine_name: str, engine_label: str, now) -> list[JobChange]:
    """Set the result on the job; returns the history of a re-extracted job's tracked fields (unsaved)."""
    job.extraction_engine = engine_name
    job.extraction_latency_ms = result.latency_ms
    job.claimed_at = None
    job.updated_at = now
    if result.error:
        job.extraction_state, job.extraction_error = State.FAILED, result.error
        return []
    values, origins, dropped = fields_from_result(
        source=job.source_data, source_label=job.source_origin or "source", result_fields=result.fields,
        engine_label=engine_label, text=job.raw_content,
    )
    stored = {**STORED_DEFAULTS, "title": job.title, **values}
    stored.pop("company", None)  # the posting's own company name stays in source_data
    stored["title"] = str(stored["title"])[:500]
    for name in _reviewer_kept(job):
        stored[name], origins[name] = getattr(job, name), REVIEWER
    # A first extraction fills the job; only later ones change what readers have already seen.
    history = job_field_changes(job=job, values=stored, at=now) if job.extracted_hash else []
    for name, value in stored.items():
        setattr(job, name, value)
    job.field_sources = origins
    job.extraction_state = State.DONE
    job.extraction_error = "; ".join(dropped)
    job.extracted_hash = job.content_hash
    job.extracted_at = now
    return history


def _reviewer_kept(job: Job) -> set[str]:
    """The fields a re-extraction leaves as a reviewer set them: all they edited, as long as the posting is the one
    they reviewed. Once the content changes, the new extraction wins (and the job is back in the review queue)."""
    if not job.extracted_hash or job.extracted_hash != job.content_hash:
        return set()
    edited = {name for name, label in job.field_sources.items() if label == REVIEWER}
    return edited | SALARY_FIELDS if edited & SALARY_FIELDS else edited


def job_extraction_failed(*, job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id, extraction_state=State.RUNNING).update(
        extraction_state=State.FAILED, claimed_at=None, extraction_error=error
    )


def jobs_reextract(*, job_ids: list[int]) -> int:
    """Send jobs through routing and extraction again (admin's re-extract)."""
    from .tasks import route_jobs_task

    count = Job.objects.filter(pk__in=job_ids).update(
        extraction_state=State.PENDING, extraction_attempts=0, extraction_error="", claimed_at=None
    )
    transaction.on_commit(lambda: route_jobs_task.delay(list(job_ids)))
    return count
