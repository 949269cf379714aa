"""Storing what engines return: each result merged with the source and grounded, written in one transaction, only
where the posting is still the one extracted and under the claim it was extracted under; a reviewer's edits kept."""
import logging

from django.db import transaction
from django.utils import timezone

from jobscraper.exchange_rates import jobs_salary_convert
from jobscraper.fields import STORED_SALARY, stored_empty
from jobscraper.history import job_field_changes
from jobscraper.job_places import job_places_sync
from jobscraper.models import Job, JobChange
from jobscraper.provenance import Provenance
from jobscraper.review import REVIEWER

from .cascade import fields_from_result
from .clustering import cluster_keys, jobs_cluster_soon
from .engines import ExtractionResult

logger = logging.getLogger(__name__)

State = Job.ExtractionState

# A salary is one fact: a reviewer who corrected any part of it vouched for the whole, as they saw it.
SALARY_FIELDS = frozenset(STORED_SALARY)


# The columns storing a result may change; each job's UPDATE writes these and no others.
APPLIED_FIELDS = [
    "title", *stored_empty(), "field_sources", "extraction_state", "extraction_error", "extraction_engine",
    "extraction_latency_ms", "extracted_hash", "extracted_at", "claimed_at", "updated_at", "employer_key", "title_key",
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
        # Locked in primary-key order, as the claim takes them, so two writers never deadlock; their companies read
        # (for the keys clustering finds candidates by), not locked.
        locked = Job.objects.select_for_update(of=("self",)).select_related("company").filter(
            pk__in=[r.key for r in results]
        ).order_by("pk")
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
            for name, value in cluster_keys(job).items():
                setattr(job, name, value)
            job.save(update_fields=APPLIED_FIELDS)
            stored.append(job)
        jobs_salary_convert(jobs=Job.objects.filter(pk__in=[job.pk for job in stored]))
        job_places_sync(jobs=stored)
        JobChange.objects.bulk_create(history)
        jobs_cluster_soon([job.pk for job in stored])
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
        source=job.source_data, source_label=job.source_origin or Provenance.SOURCE, result_fields=result.fields,
        engine_label=engine_label, text=job.raw_content,
    )
    stored = {**stored_empty(), "title": job.title, **values}
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
