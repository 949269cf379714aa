"""Each company owns a django-celery-beat PeriodicTask kept in step with it."""
import json

import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from jobscraper import services
from jobscraper.models import Company

pytestmark = pytest.mark.django_db


def _company(**fields):
    defaults = {"name": "Acme", "careers_url": "https://acme.example/careers", "scrape_interval_minutes": 30}
    return services.company_save(company=Company(**{**defaults, **fields}))


def test_saving_a_company_creates_its_periodic_task():
    company = _company()

    task = PeriodicTask.objects.get(company=company)
    assert task.task == "scraping.tasks.scrape_company_task"
    assert json.loads(task.args) == [company.pk]
    assert task.queue == "scrape"
    assert (task.interval.every, task.interval.period) == (30, "minutes")
    assert task.enabled


def test_changing_the_interval_updates_the_same_task():
    company = _company()
    company.scrape_interval_minutes = 120
    services.company_save(company=company)

    assert PeriodicTask.objects.filter(company=company).count() == 1
    assert PeriodicTask.objects.get(company=company).interval.every == 120


def test_a_crontab_set_in_beats_admin_survives_a_save_of_the_company():
    # given an operator who moved the company's scrape to 06:00 daily in beat's admin
    company = _company()
    crontab = CrontabSchedule.objects.create(minute="0", hour="6")
    PeriodicTask.objects.filter(company=company).update(interval=None, crontab=crontab)

    # when the company is edited and saved again
    company.name = "Acme Corp"
    services.company_save(company=company)

    # then its task keeps the crontab (and gets no interval beside it), with the new description
    task = PeriodicTask.objects.get(company=company)
    assert (task.crontab_id, task.interval_id) == (crontab.pk, None)
    assert task.description.startswith("Scrape Acme Corp")


def test_deactivating_disables_and_reactivating_enables():
    company = _company()
    services.companies_set_active(companies=Company.objects.filter(pk=company.pk), active=False)
    assert not PeriodicTask.objects.get(company=company).enabled

    services.companies_set_active(companies=Company.objects.filter(pk=company.pk), active=True)
    assert PeriodicTask.objects.get(company=company).enabled


def test_deleting_a_company_removes_its_schedule():
    company = _company()
    task_pk = company.periodic_task_id

    services.company_delete(company=company)

    assert not PeriodicTask.objects.filter(pk=task_pk).exists()
    assert not Company.objects.exists()


def test_invalid_company_is_refused_and_leaves_no_schedule():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _company(careers_url="not a url")
    assert not PeriodicTask.objects.exists()
