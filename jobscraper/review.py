"""Reads for reviewers: the review queue, the filters that pick its doubtful jobs, and where each field came from."""
from django.db.models import F, Q, QuerySet

from .fields import STORED
from .models import Job, Provenance

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

# The facts a reader filters the public list by; a job missing one, or with one guessed, deserves a second look.
KEY_FIELDS = ("title", "locations", "remote", "employment_type")


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
            sources[name] = "not given by the source or the engine"
        else:
            sources[name] = f"from {FIELD_SOURCES.get(label, label)}"
    return sources
