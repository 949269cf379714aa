"""Scraping writes: run a company's source, upsert its postings, close what disappeared."""
import functools
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from jobscraper.clusters import clusters_order_store
from jobscraper.fields import EVIDENCE
from jobscraper.history import job_field_changes
from jobscraper.models import Company, Job, JobChange, ScrapeRun
from jobscraper.services import company_save
from jobscraper.sightings import SEEN_AT_ONCE, jobs_seen

from .closing import expired_jobs_close, missing_jobs_close
from .detect import Detection, company_detect_source, detect_from_url
from .sources import Posting, SourceError, source_for
from .mapping import iso_date

logger = logging.getLogger(__name__)

NEW, CHANGED, UNCHANGED, REOPENED, LINKED = "new", "changed", "unchanged", "reopened", "linked"
SCRAPE_TIME_LIMIT = 660  # seconds before Celery kills a scrape task; a run still "running" after it was interrupted


@dataclass
class ScrapeOutcome:
    run: ScrapeRun
    # Jobs that need extraction: new, changed, and any still pending from an interrupted earlier run.
    job_ids: list[int] = field(default_factory=list)


def _with_evidence(source_data: dict, posting: Posting) -> dict:
    """The source data with the posting's evidence (its requisition and ATS job ids, its apply URL) as it gives it
    now, under jobscraper.fields.EVIDENCE where it gives any."""
    data = {name: value for name, value in (source_data or {}).items() if name != EVIDENCE}
    return {**data, EVIDENCE: posting.evidence} if posting.evidence else data


def _posting_values(posting: Posting) -> dict:
    return {
        "source_url": posting.url[:2000],
        # A posting stored without its detail vouches for nothing: no hash, so the next run reads it whole.
        "content_hash": "" if posting.detail_missing else posting.content_hash,
        "raw_content": posting.text,
        "description_html": posting.description_html,
        "source_data": _with_evidence(posting.fields, posting),
        "source_origin": posting.origin,
        "content_part": posting.content_part,
        "title": str(posting.fields.get("title", ""))[:500],
        "valid_through": iso_date(posting.fields.get("valid_through")),
    }


@dataclass(frozen=True)
class StoredPosting:
    """What a run reads once of each of its company's open jobs, to tell the postings seen again as they were."""

    pk: int
    content_hash: str
    source_data: dict
    extraction_state: str


def _stored_open(company: Company) -> dict[str, StoredPosting]:
    """The company's open jobs by external id (one query, without their texts)."""
    rows = Job.objects.open().filter(company=company).values_list(
        "external_id", "pk", "content_hash", "source_data", "extraction_state"
    )
    return {external_id: StoredPosting(*row) for external_id, *row in rows}


def seen_as_stored(stored: StoredPosting | None, posting: Posting) -> bool:
    """Whether `posting` is an open job seen again as it was stored: its whole content (a posting without its detail
    is never), and the evidence kept beside it, unchanged. job_upsert would only move its last-seen time; it is marked
    seen in bulk instead (jobscraper.sightings.jobs_seen), without a transaction, a lock or a write of its row."""
    return (
        stored is not None and not posting.detail_missing and stored.content_hash == posting.content_hash
        and _with_evidence(stored.source_data, posting) == stored.source_data
    )


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
                        company=company, external_id=external_id, first_seen_at=seen_at, **values
                    )
                    jobs_seen([job.pk], seen_at=seen_at)
                    return job, NEW
                outcome, history, origin = UNCHANGED, [], job.source_origin
                # A posting listed past its own end date stays closed: the next run would only close it again.
                expired = values["valid_through"] and values["valid_through"] < timezone.localdate(seen_at).isoformat()
                if job.status == Job.Status.CLOSED and not expired:
                    job.status, job.closed_at, job.close_reason, outcome = Job.Status.OPEN, None, "", REOPENED
                    history.append(JobChange(job=job, at=seen_at, kind=JobChange.Kind.REOPENED))
                # A posting whose detail failed is seen, but its listing row says less than the stored job.
                if job.content_hash != values["content_hash"] and not posting.detail_missing:
                    if values["title"]:
                        history += job_field_changes(job=job, values={"title": values["title"]}, at=seen_at)
                    for name, value in values.items():
                        setattr(job, name, value)
                    job.extraction_state = Job.ExtractionState.PENDING
                    job.extraction_attempts = 0
                    outcome = CHANGED if outcome == UNCHANGED else outcome
                # The evidence is outside the content hash: kept as the source gives it now, changed content or not.
                job.source_data = _with_evidence(job.source_data, posting)
                job.save()
                jobs_seen([job.pk], seen_at=seen_at)
                JobChange.objects.bulk_create(history)
                # Reopened, or its origin (its place in the list's order) changed: its cluster's shown posting may too.
                if job.cluster_id and (outcome == REOPENED or job.source_origin != origin):
                    clusters_order_store(jobs=[job.pk])
                return job, outcome
        except IntegrityError:
            # Another run inserted the same posting between our read and insert: read it again.
            if attempt:
                raise
    raise AssertionError("unreachable")


def job_board_listing_add(*, job_id: int, url: str) -> None:
    """Note a job-board page that lists the job, once; its content hash stays, so it is not extracted again."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if url not in job.also_listed_on:
            job.also_listed_on = [*job.also_listed_on, url]
            job.save(update_fields=["also_listed_on", "updated_at"])


def _ats_companies(kind: str) -> list[tuple[int, dict]]:
    """(id, source parameters) of each company scraped from the ATS `kind`, its careers URL filling the gaps."""
    source = source_for(kind)
    companies = []
    for company in Company.objects.filter(source_kind=kind):
        try:
            companies.append((company.pk, source.params(company)))
        except SourceError:  # a company missing parameters has no board to match
            continue
    return companies


def _canonical_job_id(url: str, *, companies_of) -> int | None:
    """The job, open or closed, scraped from the ATS posting at `url` by whichever company has its board; None when
    `url` is no posting of a known ATS or no such job is stored. `companies_of(kind)` gives _ats_companies(kind)."""
    if not url:  # most postings name none (an ATS's own): no need to try every known URL pattern on ""
        return None
    detection = detect_from_url(url)
    posting_id = source_for(detection.kind).posting_id_from_url(url) if detection else ""
    if not posting_id:
        return None
    board = {name: _board_value(value) for name, value in detection.params.items()}
    matching = [
        pk for pk, params in companies_of(detection.kind)
        if all(_board_value(params.get(name, "")) == value for name, value in board.items())
    ]
    job = Job.objects.filter(company__in=matching, external_id=posting_id[:500]).order_by("pk").first()
    return job.pk if job else None


def _board_value(value) -> str:
    # Vendors read board names without case (boards.greenhouse.io/Acme is acme's board), and operators may type a
    # base URL with its trailing slash.
    return str(value).rstrip("/").casefold()


def company_scrape(*, company: Company) -> ScrapeOutcome:
    """Fetch the company's postings and upsert them, recording the run; never raises for source faults.

    A posting whose canonical URL is a job already scraped from its ATS (a job board's link to it) joins that job.
    """
    _runs_interrupted(company=company)
    run = ScrapeRun.objects.create(company=company)
    outcome = ScrapeOutcome(run=run)
    try:
        source = source_for(company.source_kind)
        result = source.fetch(company) if _full_read_due(company, run) else source.fetch_changed(company)
    except SourceError as exc:
        _finish(run, ScrapeRun.Status.FAILED, str(exc))
        return outcome
    except Exception as exc:  # an adapter bug must still leave a visible, finished run
        logger.exception("scrape of %s crashed", company)
        _finish(run, ScrapeRun.Status.FAILED, f"{exc.__class__.__name__}: {exc}")
        return outcome

    if result.listing_unchanged:
        _listing_unchanged(company=company, run=run, outcome=outcome)
        return outcome
    now = timezone.now()
    errors = list(result.errors)
    unstored = 0  # postings listed but not stored: a listing is then not whole
    seen = set()
    counts = {NEW: 0, CHANGED: 0, UNCHANGED: 0, REOPENED: 0, LINKED: 0}
    companies_of = functools.cache(_ats_companies)  # each ATS's companies read once per run
    stored, as_stored = _stored_open(company), []
    for posting in result.postings:
        if posting.external_id[:500] in seen:
            continue
        try:
            # A board's link to a posting we already have from its ATS is that job seen once more, not a new one.
            canonical_id = _canonical_job_id(posting.canonical_url, companies_of=companies_of)
            if canonical_id:
                job_board_listing_add(job_id=canonical_id, url=posting.url)
                seen.add(posting.external_id[:500])
                counts[LINKED] += 1
                continue
            found = stored.pop(posting.external_id[:500], None)
            if seen_as_stored(found, posting):
                as_stored.append(found.pk)
                seen.add(posting.external_id[:500])
                counts[UNCHANGED] += 1
                if found.extraction_state == Job.ExtractionState.PENDING:
                    outcome.job_ids.append(found.pk)
                if len(as_stored) >= SEEN_AT_ONCE:  # a run killed midway has marked all but the last few
                    jobs_seen(as_stored, seen_at=now)
                    as_stored = []
                continue
            job, kind = job_upsert(company=company, posting=posting, seen_at=now)
        except (OperationalError, InterfaceError):
            raise  # the database is gone: the task retries the whole scrape, rather than skipping every posting
        except Exception as exc:
            logger.exception("upsert of %s / %s failed", company, posting.external_id)
            errors.append(f"{posting.external_id}: {exc.__class__.__name__}: {exc}")
            unstored += 1
            continue
        if posting.detail_missing:
            errors.append(f"{posting.external_id}: kept without its detail, read again next run: "
                          f"{posting.detail_missing}")
        seen.add(job.external_id)
        counts[kind] += 1
        if kind in (NEW, CHANGED) or job.extraction_state == Job.ExtractionState.PENDING:
            outcome.job_ids.append(job.pk)

    jobs_seen(as_stored, seen_at=now)
    # An adapter's error (a page of the listing, a posting it could not read) or a posting not stored: not whole.
    listing_whole = result.complete and not result.errors and not unstored
    run.found = len(seen)
    run.new, run.changed, run.unchanged, run.reopened, run.linked = (
        counts[k] for k in (NEW, CHANGED, UNCHANGED, REOPENED, LINKED)
    )
    run.status = ScrapeRun.Status.SUCCEEDED if listing_whole and not errors else (
        ScrapeRun.Status.PARTIAL if seen else ScrapeRun.Status.FAILED
    )
    # Only a listing read whole proves a posting is gone; a partial run closes nothing.
    if not source.lists_everything:
        run.closing = "closes nothing: a job board's search does not list every open posting"
    elif not listing_whole:
        run.closing = "closed nothing: the listing was not read whole"
    else:
        missing_jobs_close(company=company, run=run, seen_ids=seen, now=now)
    expired_jobs_close(company=company, run=run, now=now)
    _finish(run, run.status, "\n".join(errors))
    return outcome


def _runs_interrupted(*, company: Company) -> int:
    """End the company's runs still "running" past the scrape task's time limit: their worker was killed."""
    started_before = timezone.now() - timedelta(seconds=SCRAPE_TIME_LIMIT)
    return ScrapeRun.objects.filter(
        company=company, status=ScrapeRun.Status.RUNNING, started_at__lt=started_before
    ).update(
        status=ScrapeRun.Status.FAILED, finished_at=timezone.now(),
        error="interrupted: the worker stopped before the run finished (killed, or past the task's time limit)",
    )


def _full_read_due(company: Company, run: ScrapeRun) -> bool:
    """Whether every posting must be read again: no run since the company was last edited, and within
    SCRAPE_FULL_READ_INTERVAL, read them all and succeeded."""
    interval = settings.SCRAPE_FULL_READ_INTERVAL
    if interval <= 0:
        return True
    since = max(company.updated_at, run.started_at - timedelta(seconds=interval))
    return not company.scrape_runs.filter(
        status=ScrapeRun.Status.SUCCEEDED, listing_unchanged=False, started_at__gte=since
    ).exclude(pk=run.pk).exists()


def _listing_unchanged(*, company: Company, run: ScrapeRun, outcome: ScrapeOutcome) -> None:
    """Every open job seen again as it was; those an interrupted earlier run left pending go on to extraction."""
    now = timezone.now()
    open_jobs = Job.objects.open().filter(company=company)
    seen = list(open_jobs.values_list("pk", flat=True))
    jobs_seen(seen, seen_at=now)
    run.found = run.unchanged = len(seen)
    outcome.job_ids = list(
        open_jobs.filter(extraction_state=Job.ExtractionState.PENDING).values_list("pk", flat=True)
    )
    run.listing_unchanged = True
    expired_jobs_close(company=company, run=run, now=now)
    _finish(run, ScrapeRun.Status.SUCCEEDED, "")


def _finish(run: ScrapeRun, status: str, error: str) -> None:
    run.status = status
    run.error = error
    run.finished_at = timezone.now()
    run.save()


# --- Detection and scrape now: what the admin asks of scraping ----------------------------------------------------


# What a company's detection says while its careers page waits to be read on the scrape queue.
DETECTION_QUEUED = "reading the careers page to tell (scrape queue)"


def _company_save_detected(*, company: Company, detection: Detection) -> Company:
    company.source_kind, company.source_params = detection.kind, detection.params
    company.source_detection = detection.reason[:500]
    return company_save(company=company)


def company_detect_source_and_save(*, company: Company) -> Detection:
    """Set the source its careers URL calls for (the page is fetched when the URL alone says nothing), and save."""
    detection = company_detect_source(company=company)
    _company_save_detected(company=company, detection=detection)
    return detection


def companies_detect_source(*, companies, scrape_active: bool = False) -> tuple[list[tuple[Company, Detection]], int]:
    """Detect now what the careers URLs alone show; fetching the other companies' pages is left to the scrape
    queue, one task each, so that a request never waits on a page fetch (let alone hundreds), and each company says
    so meanwhile. The companies must be saved. Returns the companies detected now, with their detections, and how many
    were queued.

    With `scrape_active`, each active company's scrape is queued too: at once when its URL settled its source, right
    after its detection (chained on the scrape queue) when its page has to be read first, so that it scrapes the
    source detected rather than the generic career page it is meanwhile."""
    # tasks import these services: lazily, to break the circle
    from .tasks import detect_source_task, scrape_company_task

    detected, later, scrape = [], [], set()
    for company in companies:
        if scrape_active and company.active:
            scrape.add(company.pk)
        detection = detect_from_url(company.careers_url)
        if detection is None:
            later.append(company.pk)
            Company.objects.filter(pk=company.pk).update(source_detection=DETECTION_QUEUED)
            continue
        detected.append((_company_save_detected(company=company, detection=detection), detection))

    def enqueue():
        for pk in later:
            if pk in scrape:
                (detect_source_task.si(pk) | scrape_company_task.si(pk)).delay()
            else:
                detect_source_task.delay(pk)
        for company, _ in detected:
            if company.pk in scrape:
                scrape_company_task.delay(company.pk)

    transaction.on_commit(enqueue)
    return detected, len(later)


def companies_scrape_now(*, companies, active_only: bool = False) -> int:
    """Queue a scrape of each company (each active one, with `active_only`) once the transaction commits."""
    from .tasks import scrape_company_task  # tasks import these services: lazily, to break the circle

    ids = [company.pk for company in companies if company.active or not active_only]
    transaction.on_commit(lambda: [scrape_company_task.delay(pk) for pk in ids])
    return len(ids)
