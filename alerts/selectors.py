"""Reads for alerts: a digest's jobs through the listing's own selector, and an address's alerts."""
from datetime import datetime

from django.db.models import QuerySet

from jobscraper.filters import JobFilters
from jobscraper.models import Job
from jobscraper.selectors import job_filter_public, job_rows_listed, jobs_ordered

from .models import Send, Subscription


def digest_job_ids(*, filters: JobFilters, after: datetime, until: datetime, cap: int) -> tuple[list[int], bool]:
    """The first `cap` jobs the listing shows for `filters`, in its order, among those first seen in (after, until];
    and whether more matched. "Matches" is the listing's definition (job_filter_public), not a copy of it."""
    jobs = job_filter_public(filters=filters).filter(first_seen_at__gt=after, first_seen_at__lte=until)
    ids = list(jobs_ordered(jobs, filters.sort).values_list("id", flat=True)[: cap + 1])
    return ids[:cap], len(ids) > cap


def digest_jobs(*, send: Send) -> list[Job]:
    """The jobs a claimed digest lists, as list rows in its order; one rejected since the claim is left out."""
    rows = {job.pk: job for job in job_rows_listed(Job.objects.visible().filter(pk__in=send.job_ids))}
    return [rows[pk] for pk in send.job_ids if pk in rows]


def subscriptions_of(*, email: str) -> QuerySet[Subscription]:
    """An address's alerts that still exist for it (pending, active or disabled; not those it unsubscribed)."""
    return Subscription.objects.filter(email=email).exclude(status=Subscription.Status.UNSUBSCRIBED)
