"""Closing only what is really gone: what a complete listing no longer shows, unless so much of a company vanishes at
once that the site more likely misbehaved (then held for an operator or the next run), and what its own end date says
has expired. Every closed job says why."""
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jobscraper.clusters import clusters_order_store
from jobscraper.models import Company, Job, JobChange, ScrapeRun

Reason = Job.CloseReason


def jobs_close(*, jobs: list[Job], reason: str, now) -> int:
    """Close the given open jobs with `reason`, each with its history entry; those closed meanwhile are left alone."""
    with transaction.atomic():
        closing = list(Job.objects.open().filter(pk__in=[job.pk for job in jobs]).select_for_update())
        Job.objects.filter(pk__in=[job.pk for job in closing]).update(
            status=Job.Status.CLOSED, closed_at=now, close_reason=reason
        )
        JobChange.objects.bulk_create(
            JobChange(job=job, at=now, kind=JobChange.Kind.CLOSED, new_value=reason) for job in closing
        )
        # another posting of the same job may now be the one the list shows
        clusters_order_store(jobs=[job.pk for job in closing if job.cluster_id])
    return len(closing)


def _sudden_drop(*, missing: int, open_jobs: int) -> bool:
    if not missing:
        return False
    if missing == open_jobs:
        return True
    return missing >= settings.SCRAPE_DROP_GUARD_MIN_JOBS and missing > settings.SCRAPE_DROP_GUARD_SHARE * open_jobs


def _previous_run(run: ScrapeRun) -> ScrapeRun | None:
    return (
        ScrapeRun.objects.filter(company=run.company_id, started_at__lte=run.started_at)
        .exclude(pk=run.pk).exclude(status=ScrapeRun.Status.RUNNING)
        .order_by("-started_at", "-pk").first()
    )


def missing_jobs_close(*, company: Company, run: ScrapeRun, seen_ids: set[str], now) -> None:
    """Close the company's open jobs that a complete listing did not show, and record on `run` what was closed.

    A drop the guard finds sudden closes nothing: the run becomes SUSPICIOUS and holds the jobs, for an operator to
    confirm (run_closures_confirm) or for the next complete run to confirm by missing no job it did not hold.
    """
    open_jobs = Job.objects.open().filter(company=company)
    missing = list(open_jobs.exclude(external_id__in=seen_ids).only("pk"))
    total = open_jobs.count()
    if not _sudden_drop(missing=len(missing), open_jobs=total):
        run.closed = jobs_close(jobs=missing, reason=Reason.GONE, now=now)
        run.closing = f"closed {run.closed}: gone from the listing" if run.closed else ""
        return
    previous = _previous_run(run)
    held_before = set(previous.held_closures) if previous and previous.status == ScrapeRun.Status.SUSPICIOUS else set()
    if held_before and {job.pk for job in missing} <= held_before:
        run.closed = jobs_close(jobs=missing, reason=Reason.GONE, now=now)
        run.closing = (f"closed {run.closed}: gone from the listing, as run {previous.pk} found; a second complete "
                       "run agreeing confirms a sudden drop")
        previous.held_closures = []
        previous.closing += f"\nconfirmed by run {run.pk}"
        previous.save(update_fields=["held_closures", "closing"])
        return
    run.status = ScrapeRun.Status.SUSPICIOUS
    run.held_closures = [job.pk for job in missing]
    run.closing = (
        f"closed nothing: the listing no longer shows {len(missing)} of the company's {total} open jobs, more than "
        f"the sudden-drop guard allows (SCRAPE_DROP_GUARD_SHARE {settings.SCRAPE_DROP_GUARD_SHARE:g}). Confirm the "
        "closures in admin if they are real; the next complete run confirms them too if it misses the same jobs."
    )


def run_closures_confirm(*, run: ScrapeRun, by: str = "an operator") -> int:
    """Close the jobs a suspicious run held that are open still and not seen since; the run is then succeeded."""
    if run.status != ScrapeRun.Status.SUSPICIOUS:
        return 0
    now = timezone.now()
    gone = list(Job.objects.open().filter(pk__in=run.held_closures, sighting__seen_at__lt=run.started_at))
    closed = jobs_close(jobs=gone, reason=Reason.CONFIRMED, now=now)
    seen_since = len(run.held_closures) - len(gone)
    run.closed += closed
    run.status = ScrapeRun.Status.SUCCEEDED
    run.held_closures = []
    run.closing += f"\n{timezone.localtime(now):%Y-%m-%d %H:%M}: {by} confirmed; closed {closed}" + (
        f", {seen_since} seen again since or already closed" if seen_since else ""
    )
    run.save(update_fields=["closed", "status", "held_closures", "closing"])
    return closed


def expired_jobs_close(*, company: Company, run: ScrapeRun, now) -> None:
    """Close the company's open jobs whose valid-through date has passed: the employer's own word, whatever the run."""
    expired = list(Job.objects.open().filter(company=company, valid_through__lt=timezone.localdate(now)).only("pk"))
    if closed := jobs_close(jobs=expired, reason=Reason.EXPIRED, now=now):
        run.closed += closed
        run.closing = "\n".join(filter(None, [run.closing, f"closed {closed}: expired (valid-through date passed)"]))
