"""Reads for reviewers: the review queue, a job's place in it, the filters that pick its doubtful jobs and each job's
doubts, and where each field came from."""
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from .fields import JOB_FIELDS, STORED
from .models import Job
from .provenance import Provenance

State = Job.ExtractionState
# Jobs whose extraction is under way have nothing settled to review yet; they join the queue once it ends.
IN_FLIGHT = (
    State.PENDING, State.QUEUED_LOCAL, State.QUEUED_CLOUD, State.WAITING_BUDGET, State.QUEUED_BATCH, State.IN_BATCH,
    State.RUNNING,
)
# Newest first: a job re-extracted after a change counts from its new extraction, not from when it was first seen.
REVIEW_QUEUE_ORDERING = (F("extracted_at").desc(nulls_last=True), "-first_seen_at", "-id")

REVIEWER = Provenance.REVIEWER  # the field-source label of a value a reviewer typed in admin
FIELD_SOURCES = dict(Provenance.choices)
NOT_GIVEN = "not given by the source or the engine"  # a field's source when nothing filled it

# The facts a reader filters the public list by; a job missing one, or with one guessed, deserves a second look.
KEY_FIELDS = ("title", "locations", "remote", "employment_type")
# Jobs counted for the review screen's "3 of 10": past it, "3 of 1,000+". Only ids are read, in the list's order,
# which is a few milliseconds for 1,000; an exact count of a long list would read every row of it.
REVIEW_COUNT_CAP = 1000


def jobs_awaiting_review(*, jobs: QuerySet[Job]) -> QuerySet[Job]:
    """Open jobs never reviewed, or extracted again (re-scraped and changed, or re-extracted) since their review."""
    return (
        jobs.open()
        .exclude(extraction_state__in=IN_FLIGHT)
        .filter(Q(review_status=Job.ReviewStatus.UNREVIEWED) | Q(extracted_at__gt=F("reviewed_at")))
    )


def job_review_queue() -> QuerySet[Job]:
    return jobs_awaiting_review(jobs=Job.objects.select_related("company")).order_by(*REVIEW_QUEUE_ORDERING)


def job_review_reason(*, job: Job) -> str:
    """Why the job is (or is not) in the review queue, in a reviewer's words."""
    if not jobs_awaiting_review(jobs=Job.objects.filter(pk=job.pk)).exists():
        if job.review_status == Job.ReviewStatus.UNREVIEWED:
            return "not in the review queue (closed, or its extraction is under way)"
        return _decision(job)
    if job.review_status == Job.ReviewStatus.UNREVIEWED:
        return "new: awaiting review"
    return f"changed since {_decision(job)}: awaiting review again"


def _decision(job: Job) -> str:
    """The job's last review decision, when and by whom, as far as the job knows it."""
    words = job.get_review_status_display()
    if job.reviewed_at is not None:  # a status set before decisions were timed (or by a script) has none
        words += f" on {job.reviewed_at:%Y-%m-%d %H:%M}"
    if job.reviewed_by is not None:
        words += f" by {job.reviewed_by.get_username()}"
    return words


def job_review_next(*, jobs: QuerySet[Job], after: int) -> int | None:
    """The id of the job after `after` in the ordered `jobs` (the list a reviewer works through).

    Wraps to the first when `after` is last or no longer listed; None when no other job is left.
    """
    first, seen = None, False
    for pk in jobs.values_list("pk", flat=True).iterator(chunk_size=500):
        if seen:
            return pk
        if pk == after:
            seen = True
        elif first is None:
            first = pk
    return first


@dataclass(frozen=True)
class ReviewPlace:
    """Where a job stands in the ordered list a reviewer works through."""

    job_id: int  # the job to show: the one asked for, or the first when it is not (or no longer) in the list
    position: int  # from 1
    total: int  # jobs counted; a lower bound ("1,000+") when not total_is_exact
    total_is_exact: bool
    previous_id: int | None  # None for the first
    next_id: int | None  # after the last comes the first again; None when the job is the only one
    asked_for_is_gone: bool  # a job was asked for and is not in the list: decided meanwhile, closed, re-extracting


def job_review_place(*, jobs: QuerySet[Job], job_id: int | None = None) -> ReviewPlace | None:
    """Where `job_id` (else the first job) stands in the ordered `jobs`; None when `jobs` is empty.

    One pass over the list's ids in order, which stops once it has read the job, the one after it and
    REVIEW_COUNT_CAP + 1 ids: cheap near the top of the list, where reviewing happens. A job asked for that has left
    the list costs a pass over all of it, which then shows the first job.
    """
    target = job_id
    first = second = previous = position = next_id = None
    counted, exact = 0, True
    for pk in jobs.values_list("pk", flat=True).iterator(chunk_size=500):
        counted += 1
        if counted == 1:
            first = pk
            target = pk if target is None else target
        elif counted == 2:
            second = pk
        if position is not None and next_id is None:
            next_id = pk
        if position is None and pk == target:
            position = counted
        elif position is None:
            previous = pk
        if next_id is not None and counted > REVIEW_COUNT_CAP:
            exact = False
            break
    if counted == 0:
        return None
    gone = position is None
    if gone:  # read to the end without finding it: the first job instead
        target, position, previous, next_id = first, 1, None, second
    elif next_id is None and first != target:  # the last one: the first comes after it
        next_id = first
    total = counted if exact else counted - 1
    return ReviewPlace(target, position, total, exact, previous, next_id, asked_for_is_gone=gone)


_LABELS = {f.name: (f.label or f.name.replace("_", " ")).lower() for f in JOB_FIELDS}


def job_review_doubts(*, job: Job) -> list[str]:
    """What makes a job in the queue worth a closer look, in a reviewer's words: how its extraction failed, or the
    values it dropped as not found in the posting; the key facts it lacks; those keyword rules guessed. The reasons
    of the queue's filters (ungrounded values, low confidence), for one job."""
    if job.extraction_state != State.DONE:  # failed, or cloud not configured: nothing was stored, and why
        return [f"extraction {job.get_extraction_state_display()}" + (f": {job.extraction_error}" if job.extraction_error else "")]
    doubts = [f"dropped: {note}" for note in job.extraction_error.split("; ") if note]  # notes storing joined with "; "
    missing = {
        "locations": not job.locations, "remote": job.remote == Job.Remote.UNKNOWN,
        "employment_type": job.employment_type == Job.EmploymentType.UNKNOWN,
    }
    doubts += [f"{_LABELS[name]} missing" for name, lacking in missing.items() if lacking]
    doubts += [f"{_LABELS[name]} guessed by keyword rules" for name in KEY_FIELDS
               if job.field_sources.get(name) == Provenance.RULES]
    return doubts


def jobs_with_ungrounded_values(*, jobs: QuerySet[Job]) -> QuerySet[Job]:
    """Finished extractions that dropped an engine value the posting text does not support (noted in extraction_error)."""
    return jobs.filter(extraction_state=State.DONE).exclude(extraction_error="")


def jobs_missing_key_facts(*, jobs: QuerySet[Job]) -> QuerySet[Job]:
    """Finished extractions with no location, or remote or employment type unknown."""
    missing = Q(locations=[]) | Q(remote=Job.Remote.UNKNOWN) | Q(employment_type=Job.EmploymentType.UNKNOWN)
    return jobs.filter(missing, extraction_state=State.DONE)


def jobs_with_field_source(*, jobs: QuerySet[Job], labels: tuple[str, ...], fields=STORED) -> QuerySet[Job]:
    """Jobs with at least one of `fields` filled from one of the sources `labels`."""
    # A key-by-key test, not a JSON path query: it reads the same on PostgreSQL and on the first run's SQLite.
    condition = Q()
    for name in fields:
        condition |= Q(**{f"field_sources__{name}__in": labels})
    return jobs.filter(condition)


def jobs_key_facts_guessed(*, jobs: QuerySet[Job]) -> QuerySet[Job]:
    """Finished extractions with a key fact filled by keyword rules (the fallback engine, or one of our inferences)."""
    return jobs_with_field_source(jobs=jobs, labels=("rules",), fields=KEY_FIELDS).filter(extraction_state=State.DONE)


def job_field_sources(*, job: Job) -> dict[str, str]:
    """Each extracted field's origin in words, for showing beside the field."""
    sources = {}
    for name in STORED:  # what the cascade fills and the two figures computed from it
        label = job.field_sources.get(name)
        if name.startswith("salary_annual_"):
            sources[name] = "computed from salary min/max and period"
        elif label is None:
            sources[name] = NOT_GIVEN
        else:
            sources[name] = f"from {FIELD_SOURCES.get(label, label)}"
    return sources
