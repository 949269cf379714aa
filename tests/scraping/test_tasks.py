"""The scrape task: a retry of a scheduled scrape (its database lost mid-run) is no duplicate of itself."""
import pytest
import redis

from scraping.dedupe import KEY_PREFIX, scheduled_scrape_claim
from scraping.tasks import scrape_company_task
from tests.builders import greenhouse_board, greenhouse_company
from tests.servers import Reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(loopback, settings):
    """A company with a board on loopback, and no claim of its schedule left in Redis by an earlier test."""
    loopback.routes["/v1/boards/catawiki/jobs"] = Reply.json(greenhouse_board())
    company = greenhouse_company(loopback.url)
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(f"{KEY_PREFIX}{company.pk}")
    yield company
    client.delete(f"{KEY_PREFIX}{company.pk}")


def test_a_retried_scheduled_scrape_runs_though_its_first_attempt_claimed_the_period(company):
    # given beat's scrape of the company, whose first attempt claimed this period before the database went away
    schedule_name = company.periodic_task.name
    assert scheduled_scrape_claim(company_id=company.pk, schedule_name=schedule_name)

    # when Celery runs the retry, which carries beat's header as the first attempt did
    scrape_company_task.push_request(periodic_task_name=schedule_name, retries=1)
    try:
        outcome = scrape_company_task.run(company.pk)
    finally:
        scrape_company_task.pop_request()

    # then it scrapes
    assert outcome["status"] == "succeeded"


def test_a_second_beats_copy_is_still_refused(company):
    schedule_name = company.periodic_task.name
    assert scheduled_scrape_claim(company_id=company.pk, schedule_name=schedule_name)

    scrape_company_task.push_request(periodic_task_name=schedule_name, retries=0)
    try:
        outcome = scrape_company_task.run(company.pk)
    finally:
        scrape_company_task.pop_request()

    assert outcome == {"skipped": "duplicate scheduled scrape"}
