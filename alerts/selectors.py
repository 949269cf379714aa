"""Reads for alerts: a digest's jobs (and a webhook delivery's: alerts.claims) through the listing's own selector, and
an address's alerts."""
from datetime import datetime

from django.db.models import Min, QuerySet

from jobscraper.filters import JobFilters
from jobscraper.models import Job
from jobscraper.selectors import job_filter_public, job_rows_listed, jobs_ordered

from .models import Subscription


def digest_first_id(*, after: datetime) -> int | None:
    """The least id of the jobs first seen after `after`; None when there are none. Jobs get their ids as they are
    first seen, so the jobs of a digest's window are among the last ids: bounding a digest's query by this id lets
    PostgreSQL read those few rows by the primary key instead of every public job, and changes no result."""
    return Job.objects.filter(first_seen_at__gt=after).aggregate(first=Min("id"))["first"]


def digest_job_ids(*, filters: JobFilters, after: datetime, until: datetime, first_id: int,
                   cap: int) -> tuple[list[int], bool]:
    """The first `cap` jobs the listing shows for `filters`, in its order, among those first seen in (after, until];
    and whether more matched. "Matches" is the listing's definition (job_filter_public), not a copy of it. `first_id`
    is digest_first_id(after=after)."""
    jobs = job_filter_public(filters=filters).filter(pk__gte=first_id, first_seen_at__gt=after, first_seen_at__lte=until)
    ids = list(jobs_ordered(jobs, filters.sort).values_list("id", flat=True)[: cap + 1])
    return ids[:cap], len(ids) > cap


def digest_jobs(*, job_ids) -> dict[int, Job]:
    """The jobs of `job_ids` a visitor may still open, as list rows by id (one rejected since its claim is left out):
    read once for many digests, which share their jobs."""
    return {job.pk: job for job in job_rows_listed(Job.objects.visible().filter(pk__in=set(job_ids)))}


def subscriptions_of(*, email: str) -> QuerySet[Subscription]:
    """An address's alerts that still exist for it (pending, active or disabled; not those it unsubscribed)."""
    return Subscription.objects.filter(email=email).exclude(status=Subscription.Status.UNSUBSCRIBED)
