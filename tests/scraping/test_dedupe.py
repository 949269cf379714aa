"""The rule that refuses a second beat's copy of a scheduled scrape within the schedule's period."""
import time

import pytest
import redis
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from scraping.dedupe import KEY_PREFIX, scheduled_scrape_claim
from tests.builders import plain_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule(settings):
    """A company scraped every 2 seconds, and no claim of it left in Redis by an earlier test."""
    company = plain_company()
    every, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
    task = PeriodicTask.objects.get(company=company)
    task.interval = every
    task.save()
    redis.Redis.from_url(settings.REDIS_URL).delete(f"{KEY_PREFIX}{company.pk}")
    yield company, task.name
    redis.Redis.from_url(settings.REDIS_URL).delete(f"{KEY_PREFIX}{company.pk}")


def test_the_second_copy_within_the_period_is_refused_and_the_next_period_runs(schedule):
    company, name = schedule

    assert scheduled_scrape_claim(company_id=company.pk, schedule_name=name)
    assert not scheduled_scrape_claim(company_id=company.pk, schedule_name=name)
    time.sleep(2)  # the schedule's period: its next firing is no duplicate
    assert scheduled_scrape_claim(company_id=company.pk, schedule_name=name)


def test_a_schedule_that_is_gone_never_refuses(schedule):
    company, _ = schedule

    assert scheduled_scrape_claim(company_id=company.pk, schedule_name="no such schedule")
    assert scheduled_scrape_claim(company_id=company.pk, schedule_name="no such schedule")
