"""Writes on companies and jobs that operators trigger: saving companies with their schedules, review."""
import json

from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from .models import Company, Job
from .fields import STORED
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
    company.delete()


def jobs_review(*, jobs, status: str) -> int:
    return jobs.update(review_status=status, reviewed_at=timezone.now())


def job_save_reviewer_edits(*, job: Job, fields: list[str]) -> Job:
    """Save a job edited in admin; an extracted field the reviewer changed now says it came from the reviewer."""
    edited = {name: REVIEWER for name in fields if name in STORED}
    job.field_sources = {**job.field_sources, **edited}
    job.save()
    return job
