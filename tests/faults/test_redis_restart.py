"""Redis (the broker, without persistence) restarted in the middle of a run of 1,000 postings."""
import time

import pytest
from django_celery_beat.models import PeriodicTask

from jobscraper.models import Job, ScrapeRun
from tests.builders import greenhouse_company
from tests.polling import wait_for
from tests.faults.harness import (
    RESEND_CLOUD_TASK, RESUME_TASK, SCRAPE_TASK, ScriptedLLM, boards_with_references, half_stored_companies, report,
    serve_boards, tally, unsettled_jobs,
)

pytestmark = [pytest.mark.faults, pytest.mark.celery]

POSTINGS, COMPANIES = 1000, 10
REDIS_DOWN = 2  # seconds between the kill and the new redis-server


def test_redis_restart_mid_run_loses_nothing_once_companies_are_scraped_again(
    loopback, fault_workers, broker, own_redis
):
    # given 1,000 postings on 10 boards, extracted by the local engine (a scripted endpoint)
    boards = boards_with_references(postings=POSTINGS, companies=COMPANIES)
    serve_boards(loopback, boards)
    llm = ScriptedLLM(loopback)
    company_ids = [greenhouse_company(loopback.url, token=token, name=f"{token} (faults)").pk for token in boards]
    schedules = list(PeriodicTask.objects.filter(company__in=company_ids).values_list("name", "interval_id", "enabled"))
    workers = fault_workers(
        ["scrape", "gpu"], LOCAL_ENGINE="openai", LOCAL_OPENAI_BASE_URL=llm.base_url, LOCAL_BATCH_SIZE=16
    )

    # when Redis dies mid-run, every queued message with it, and comes back empty
    for company_id in company_ids:
        broker.send_task(SCRAPE_TASK, args=[company_id], queue="scrape")
    wait_for(lambda: half_stored_companies(POSTINGS // COMPANIES) and Job.objects.filter(extraction_state="done").exists(),
             timeout=120, interval=0.02, message="postings being stored and extracted")
    own_redis.kill()
    at_kill = {"stored at the kill": Job.objects.count(), "extracted at the kill": Job.objects.filter(extraction_state="done").count()}
    time.sleep(REDIS_DOWN)
    own_redis.start()
    workers.wait_ready()  # the same workers, reconnected
    at_restart = {"unsettled after the restart": unsettled_jobs().count()}

    # and every company is scraped again (by hand here; beat would at its next period), then beat's regular wake-up
    # of the gpu worker comes
    for company_id in company_ids:
        broker.send_task(SCRAPE_TASK, args=[company_id], queue="scrape")
    wait_for(lambda: ScrapeRun.objects.filter(status="succeeded").count() >= COMPANIES, timeout=60,
             message="the second scrape of every company")
    broker.send_task(RESUME_TASK, queue="gpu")
    wait_for(lambda: Job.objects.count() == POSTINGS and not unsettled_jobs().exists(), timeout=120,
             message="every posting extracted after the restart")

    # then the schedules are as they were, and every posting is stored once and extracted once
    counts = {**tally(POSTINGS), **at_kill, **at_restart}
    counts["scrape runs failed by the outage"] = ScrapeRun.objects.filter(status="failed").count()
    counts["scrape runs left running"] = ScrapeRun.objects.filter(status="running").count()
    line = report("Redis restarted", f"{POSTINGS} postings on {COMPANIES} boards, Redis killed mid-run and started "
                  "empty, companies scraped again", counts)
    assert at_kill["stored at the kill"] < POSTINGS and at_restart["unsettled after the restart"], line
    assert list(PeriodicTask.objects.filter(company__in=company_ids).values_list("name", "interval_id", "enabled")) \
        == schedules, line
    assert (counts["stored"], counts["extracted"], counts["duplicates"], counts["lost"]) == (POSTINGS, POSTINGS, 0, 0), line
    assert counts["states"] == {"done": POSTINGS}, line
    # and nothing is half-written: a result is stored whole with its state, or not at all
    half_written = Job.objects.exclude(extraction_state="done").exclude(extracted_hash="").count()
    assert half_written == 0 and not Job.objects.filter(extraction_state="done", extracted_at=None).exists(), line
    assert Job.objects.filter(extraction_engine="openai").count() == POSTINGS, line


def test_cloud_jobs_whose_messages_redis_lost_are_sent_again(loopback, fault_workers, broker, own_redis):
    # given a board whose every posting goes to the cloud queue, the endpoint holding the first request
    boards = boards_with_references(postings=50, companies=1)
    serve_boards(loopback, boards)
    llm = ScriptedLLM(loopback)
    [company_id] = [greenhouse_company(loopback.url, token=token, name=f"{token} (faults)").pk for token in boards]
    # CLOUD_RESEND_AFTER=0: beat's sweep takes every cloud job still queued as lost (its default waits an hour).
    workers = fault_workers(["scrape", "cloud"], LOCAL_MAX_TOKENS=1, OPENAI_API_KEY="sk-test",
                            OPENAI_BASE_URL=llm.base_url, OPENAI_RETRY_MAX_WAIT=0.2, CLOUD_RESEND_AFTER=0)
    llm.hold()
    broker.send_task(SCRAPE_TASK, args=[company_id], queue="scrape")
    wait_for(lambda: llm.held, timeout=60, message="the first cloud request out")

    # when Redis restarts empty with 49 cloud messages queued, and the company is scraped again
    own_redis.kill()
    time.sleep(REDIS_DOWN)
    own_redis.start()
    llm.release()
    workers.wait_ready()
    broker.send_task(SCRAPE_TASK, args=[company_id], queue="scrape")
    wait_for(lambda: ScrapeRun.objects.filter(status="succeeded").count() == 2, timeout=60, message="the second scrape")
    broker.send_task(RESEND_CLOUD_TASK, queue="cloud")  # what beat's "extraction: resend lost cloud work" sends

    # then every cloud job is extracted, exactly once
    settled = True
    try:
        wait_for(lambda: not unsettled_jobs().exists(), timeout=30, message="every cloud job extracted")
    except AssertionError:
        settled = False
    counts = tally(50)
    line = report("Redis restarted, cloud queue", "50 postings to the cloud queue, Redis killed with 49 messages "
                  "queued, company scraped again, beat's cloud sweep sent", counts)
    assert settled and counts["extracted"] == 50 and counts["duplicates"] == counts["lost"] == 0, line
