"""Extraction's entry points: route postings to the local or cloud engine (or straight to storage), send jobs through
again, and the engine request a job makes. Local batches: local_batches.py; cloud calls: cloud.py; results: storing.py."""
import logging

from django.conf import settings
from django.db import transaction

from jobscraper.models import Job

from .engines import ExtractionRequest, ExtractionResult
from .routing import LOCAL, prompt_tokens, route
from .storing import jobs_apply_results

logger = logging.getLogger(__name__)

State = Job.ExtractionState
# Fields that, all given by the source, make an LLM call pointless.
COMPLETE_SOURCE_FIELDS = ("title", "locations", "remote", "employment_type", "salary_min", "salary_currency", "salary_period")


def postings_scraped_route(sender, *, job_ids: list[int], **kwargs) -> dict:
    """scraping.signals.postings_to_extract's receiver: route what a scrape stored, in the scrape's task."""
    return jobs_route(job_ids=job_ids)


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
        if source_is_complete(job.source_fields):
            jobs_apply_results(
                results=[ExtractionResult(key=job.pk)], hashes={job.pk: job.content_hash}, engine_name="source",
                engine_label="",
            )
            counts["source"] += 1
            continue
        tokens = prompt_tokens(text=job.raw_content, known=job.source_fields)
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


def extraction_request(job: Job) -> ExtractionRequest:
    return ExtractionRequest(key=job.pk, text=job.raw_content, known=job.source_fields, fetched_at=job.last_seen_at)


def jobs_reextract(*, job_ids: list[int]) -> int:
    """Send jobs through routing and extraction again (admin's re-extract)."""
    from .tasks import route_jobs_task

    count = Job.objects.filter(pk__in=job_ids).update(
        extraction_state=State.PENDING, extraction_attempts=0, extraction_error="", claimed_at=None
    )
    transaction.on_commit(lambda: route_jobs_task.delay(list(job_ids)))
    return count
