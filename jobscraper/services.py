"""Writes on companies and jobs that operators trigger: saving companies with their schedules, review."""
import json

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from .clusters import clusters_members_gone, clusters_order_store
from .exchange_rates import jobs_salary_convert
from .fields import STORED
from .history import job_reviewer_corrections
from .job_places import job_places_sync
from .models import Company, Job, JobChange
from .review import REVIEWER

SCRAPE_TASK = "scraping.tasks.scrape_company_task"


def _periodic_task_name(company: Company) -> str:
    return f"scrape company {company.pk}"


@transaction.atomic
def company_schedule_sync(*, company: Company) -> PeriodicTask:
    """Create or update the company's own beat schedule; enabled exactly when the company is active.

    Its interval follows the company's, unless an operator gave the task a crontab, solar or clocked schedule in
    beat's admin: a later save of the company keeps that schedule.
    """
    defaults = {
        "task": SCRAPE_TASK,
        "args": json.dumps([company.pk]),
        "queue": "scrape",
        "enabled": company.active,
        "description": f"Scrape {company.name} ({company.careers_url})",
    }
    existing = PeriodicTask.objects.filter(name=_periodic_task_name(company)).first()
    if not (existing and (existing.crontab_id or existing.solar_id or existing.clocked_id)):
        defaults["interval"], _ = IntervalSchedule.objects.get_or_create(
            every=company.scrape_interval_minutes, period=IntervalSchedule.MINUTES
        )
    task, _ = PeriodicTask.objects.update_or_create(name=_periodic_task_name(company), defaults=defaults)
    if company.periodic_task_id != task.pk:
        Company.objects.filter(pk=company.pk).update(periodic_task=task)
        company.periodic_task = task
    return task


@transaction.atomic
def company_save(*, company: Company) -> Company:
    """Save a company and keep its schedule in step (admin and seeding both come through here)."""
    company.full_clean(exclude=["periodic_task"])
    company.save()
    company_schedule_sync(company=company)
    return company


@transaction.atomic
def companies_set_active(*, companies, active: bool) -> int:
    count = 0
    for company in companies:
        company.active = active
        company.save(update_fields=["active", "updated_at"])
        company_schedule_sync(company=company)
        count += 1
    return count


@transaction.atomic
def company_delete(*, company: Company) -> None:
    """Delete a company with its jobs; its schedule goes too, so beat never fires for a missing row."""
    PeriodicTask.objects.filter(name=_periodic_task_name(company)).delete()
    jobs_delete(jobs=company.jobs.all())
    company.delete()


@transaction.atomic
def jobs_delete(*, jobs: QuerySet[Job]) -> int:
    """Delete `jobs`; the clusters they were in keep a member to show, or are dissolved when one is left."""
    clusters = set(jobs.filter(cluster__isnull=False).values_list("cluster_id", flat=True))
    deleted, _ = Job.objects.filter(pk__in=list(jobs.values_list("pk", flat=True))).delete()
    clusters_members_gone(clusters)
    return deleted


def _decisions_log(*, decided: list[tuple[Job, str]], status: str, by: AbstractBaseUser, at) -> None:
    """For each job decided, with the status the decision replaced: a history entry and an admin log entry (two bulk
    inserts), so the job's history, its admin history page and admin's recent actions all say who decided what."""
    JobChange.objects.bulk_create(
        JobChange(job=job, at=at, kind=JobChange.Kind.REVIEWED, old_value=old, new_value=status, by=by)
        for job, old in decided
    )
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[job for job, _ in decided], action_flag=CHANGE,
        change_message=f"Review decision: {Job.ReviewStatus(status).label}.",
    )


@transaction.atomic
def jobs_review(*, jobs: QuerySet[Job], status: str, by: AbstractBaseUser) -> int:
    """Approve or reject `jobs` as `by`: one decision, recorded on each job and in its history and admin's log.

    A job already so decided is decided again (a changed job back in the queue is approved anew). The same few queries
    whatever the count, so a bulk action over a long list costs no more round trips than one job.
    """
    now = timezone.now()
    # Locked as the UPDATE would lock them anyway; read first so each history entry says what the decision replaced.
    # By id, not on `jobs` itself: the admin's list may be DISTINCT, which FOR UPDATE refuses.
    deciding = list(
        Job.objects.filter(pk__in=jobs.values("pk")).select_related("company").select_for_update(of=("self",))
        .only("review_status", "title", "external_id", "company__name")  # what a log entry's text (str(job)) reads
    )
    Job.objects.filter(pk__in=[job.pk for job in deciding]).update(
        review_status=status, reviewed_at=now, reviewed_by=by
    )
    clusters_order_store(jobs=[job.pk for job in deciding])  # a rejected job no longer shows ahead of its others
    _decisions_log(decided=[(job, job.review_status) for job in deciding], status=status, by=by, at=now)
    return len(deciding)


@transaction.atomic
def job_save_reviewer_edits(*, job: Job, fields: list[str], by: AbstractBaseUser) -> Job:
    """Save a job edited in admin; an extracted field the reviewer changed now says it came from the reviewer.

    Each such field's old and new value go into the job's history with who corrected it, and a review status changed
    here is a decision like the review buttons' (when, by whom, in the history and admin's log).
    """
    now = timezone.now()
    edited = [name for name in fields if name in STORED]
    # What the form replaced, as stored: `job` already holds the reviewer's values.
    before = Job.objects.select_for_update().values(*edited, "review_status").get(pk=job.pk)
    history = job_reviewer_corrections(job=job, before={name: before[name] for name in edited}, by=by, at=now)
    decided = "review_status" in fields and job.review_status != before["review_status"]
    if decided:
        job.reviewed_at, job.reviewed_by = now, by
    job.field_sources = {**job.field_sources, **{name: REVIEWER for name in edited}}
    job.save()
    if decided:
        clusters_order_store(jobs=[job.pk])
    jobs_salary_convert(jobs=Job.objects.filter(pk=job.pk))
    if "locations" in edited:
        job_places_sync(jobs=[job])
    JobChange.objects.bulk_create(history)
    if decided:
        _decisions_log(decided=[(job, before["review_status"])], status=job.review_status, by=by, at=now)
    return job
