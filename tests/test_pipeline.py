"""The whole chain through real workers on real Redis: scrape -> route -> gpu/cloud queue -> fields."""
import pytest

from jobscraper.models import Job, ScrapeRun
from scraping.tasks import scrape_company_task
from tests.builders import greenhouse_board, greenhouse_company
from tests.polling import wait_for
from tests.servers import Reply

pytestmark = [pytest.mark.celery]


def _settled():
    return not Job.objects.filter(
        extraction_state__in=[Job.ExtractionState.PENDING, Job.ExtractionState.QUEUED_LOCAL, Job.ExtractionState.RUNNING]
    ).exists()


def test_scrape_routes_and_extracts_through_real_workers(loopback, celery_workers, settings):
    # given a Greenhouse board of 50 real postings plus one far beyond the local token limit
    board = greenhouse_board()
    long_job = dict(board["jobs"][0], id=999999001, title="Encyclopedia Editor")
    long_job["content"] = "&lt;p&gt;" + ("Write and edit long encyclopedia entries. " * 2500) + "&lt;/p&gt;"
    board["jobs"].append(long_job)
    loopback.routes["/v1/boards/catawiki/jobs"] = Reply.json(board)
    company = greenhouse_company(loopback.url)
    workers = celery_workers(LOCAL_ENGINE="rules", OPENAI_API_KEY="")
    assert "gpu worker ready; holding engine: rules" in workers.log_text("gpu")

    # when beat's task fires for the company
    scrape_company_task.delay(company.pk)

    # then every posting is stored and extracted by the engine the gpu worker holds
    wait_for(lambda: Job.objects.count() == 51 and _settled(), timeout=90, message="51 jobs extracted")
    run = ScrapeRun.objects.get(company=company)
    assert (run.status, run.found, run.new, run.closed) == ("succeeded", 51, 51, 0)
    local = Job.objects.exclude(pk=Job.objects.get(external_id="999999001").pk)
    assert set(local.values_list("extraction_state", flat=True)) == {"done"}
    assert set(local.values_list("extraction_engine", flat=True)) == {"rules"}
    assert all(0 < job.token_count <= settings.LOCAL_MAX_TOKENS for job in local)
    android = Job.objects.get(external_id="6954117")
    assert android.title == "Android Developer"
    assert android.locations[0]["name"] == "Lisbon, Portugal"
    assert android.field_sources["title"] == "ats"
    # and the long posting went to the cloud queue, which says plainly that it has no key
    long_posting = Job.objects.get(external_id="999999001")
    assert long_posting.token_count > settings.LOCAL_MAX_TOKENS
    assert long_posting.extraction_state == "cloud_not_configured"
    assert "OPENAI_API_KEY" in long_posting.extraction_error


def test_second_scrape_of_unchanged_board_extracts_nothing(loopback, celery_workers):
    loopback.routes["/v1/boards/catawiki/jobs"] = Reply.json(greenhouse_board())
    company = greenhouse_company(loopback.url)
    celery_workers(LOCAL_ENGINE="rules")
    scrape_company_task.delay(company.pk)
    wait_for(lambda: Job.objects.filter(extraction_state="done").count() == 50, timeout=90, message="first pass")
    extracted_at = dict(Job.objects.values_list("pk", "extracted_at"))

    scrape_company_task.delay(company.pk)

    wait_for(lambda: ScrapeRun.objects.filter(company=company, status="succeeded").count() == 2, message="second run")
    second = ScrapeRun.objects.filter(company=company).latest()
    assert (second.found, second.new, second.changed, second.unchanged) == (50, 0, 0, 50)
    assert dict(Job.objects.values_list("pk", "extracted_at")) == extracted_at
