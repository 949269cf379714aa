"""Scraping writes: run a company's source, upsert its postings, close what disappeared."""
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from jobscraper.history import job_field_changes
from jobscraper.models import Company, Job, JobChange, ScrapeRun

from .sources import Posting, SourceError, source_for

logger = logging.getLogger(__name__)

NEW, CHANGED, UNCHANGED, REOPENED = "new", "changed", "unchanged", "reopened"


@dataclass
class ScrapeOutcome:
    run: ScrapeRun
    # Jobs that need extraction: new, changed, and any still pending from an interrupted earlier run.
    job_ids: list[int] = field(default_factory=list)


def _posting_values(posting: Posting) -> dict:
    return {
        "source_url": posting.url[:2000],
        "content_hash": posting.content_hash,
        "raw_content": posting.text,
        "description_html": posting.description_html,
        "source_data": posting.fields,
        "source_origin": posting.origin,
        "title": str(posting.fields.get("title", ""))[:500],
    }


def job_upsert(*, company: Company, posting: Posting, seen_at) -> tuple[Job, str]:
    """Insert or update one posting by (company, external id); say whether it is new, changed, ..."""
    values = _posting_values(posting)
    external_id = posting.external_id[:500]
    for attempt in range(2):
        try:
            with transaction.atomic():
                job = Job.objects.select_for_update().filter(company=company, external_id=external_id).first()
                if job is None:
                    job = Job.objects.create(
                        company=company, external_id=external_id, first_seen_at=seen_at, last_seen_at=seen_at, **values
                    )
                    return job, NEW
                outcome, history = UNCHANGED, []
                if job.status == Job.Status.CLOSED:
                    job.status, job.closed_at, outcome = Job.Status.OPEN, None, REOPENED
                    history.append(JobChange(job=job, at=seen_at, kind=JobChange.Kind.REOPENED))
                if job.content_hash != values["content_hash"]:
                    if values["title"]:
                        history += job_field_changes(job=job, values={"title": values["title"]}, at=seen_at)
                    for name, value in values.items():
                        setattr(job, name, value)
                    job.extraction_state = Job.ExtractionState.PENDING
                    job.extraction_attempts = 0
                    outcome = CHANGED if outcome == UNCHANGED else outcome
                job.last_seen_at = seen_at
                job.save()
                JobChange.objects.bulk_create(history)
                return job, outcome
        except IntegrityError:
            # Another run inserted the same posting between our read and insert: read it again.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _close_missing(*, company: Company, seen_ids: set[str], now) -> int:
    with transaction.atomic():
        missing = list(
            Job.objects.open().filter(company=company).exclude(external_id__in=seen_ids).select_for_update()
        )
        Job.objects.filter(pk__in=[job.pk for job in missing]).update(status=Job.Status.CLOSED, closed_at=now)
        JobChange.objects.bulk_create(JobChange(job=job, at=now, kind=JobChange.Kind.CLOSED) for job in missing)
    return len(missing)


def company_scrape(*, company: Company) -> ScrapeOutcome:
    """Fetch the company's postings and upsert them, recording the run; never raises for source faults."""
    run = ScrapeRun.objects.create(company=company)
    outcome = ScrapeOutcome(run=run)
    try:
        source = source_for(company.source_kind)
        result = source.fetch(company)
    except SourceError as exc:
        _finish(run, ScrapeRun.Status.FAILED, str(exc))
        return outcome
    except Exception as exc:  # an adapter bug must still leave a visible, finished run
        logger.exception("scrape of %s crashed", company)
        _finish(run, ScrapeRun.Status.FAILED, f"{exc.__class__.__name__}: {exc}")
        return outcome

    now = timezone.now()
    errors = list(result.errors)
    seen = set()
    counts = {NEW: 0, CHANGED: 0, UNCHANGED: 0, REOPENED: 0}
    for posting in result.postings:
        if posting.external_id[:500] in seen:
            continue
        try:
            job, kind = job_upsert(company=company, posting=posting, seen_at=now)
        except Exception as exc:
            logger.exception("upsert of %s / %s failed", company, posting.external_id)
            errors.append(f"{posting.external_id}: {exc.__class__.__name__}: {exc}")
            continue
        seen.add(job.external_id)
        counts[kind] += 1
        if kind in (NEW, CHANGED) or job.extraction_state == Job.ExtractionState.PENDING:
            outcome.job_ids.append(job.pk)

    complete = result.complete and not errors
    run.found = len(seen)
    run.new, run.changed, run.unchanged, run.reopened = (counts[k] for k in (NEW, CHANGED, UNCHANGED, REOPENED))
    # Only a listing read whole proves a posting is gone; a partial run closes nothing.
    closes = complete and source.lists_everything
    run.closed = _close_missing(company=company, seen_ids=seen, now=now) if closes else 0
    status = ScrapeRun.Status.SUCCEEDED if complete else (ScrapeRun.Status.PARTIAL if seen else ScrapeRun.Status.FAILED)
    _finish(run, status, "\n".join(errors))
    return outcome


def _finish(run: ScrapeRun, status: str, error: str) -> None:
    run.status = status
    run.error = error
    run.finished_at = timezone.now()
    run.save()
