"""A job's history: title and extracted-field changes, closing and reopening, with timestamps."""
import copy

import pytest
from django.urls import reverse

from extraction.engines import ExtractionResult
from extraction.schema import JobFields, Salary
from extraction.storing import jobs_apply_results
from jobscraper.models import Job, JobChange
from scraping.services import company_scrape
from tests.builders import greenhouse_board, greenhouse_company
from tests.servers import Reply

pytestmark = pytest.mark.django_db


def _history(job):
    return [(c.kind, c.field, c.old_value, c.new_value) for c in job.changes.order_by("at", "id")]


def test_three_scrapes_record_title_change_close_and_reopen(loopback):
    board = greenhouse_board()
    first_id = str(board["jobs"][0]["id"])
    route = "/v1/boards/catawiki/jobs"
    company = greenhouse_company(loopback.url)

    # first scrape: every posting new, no history yet
    loopback.routes[route] = Reply.json(board)
    company_scrape(company=company)
    job = Job.objects.get(external_id=first_id)
    assert _history(job) == []

    # second: its title changes, and another posting disappears
    renamed = copy.deepcopy(board)
    renamed["jobs"][0]["title"] = "Senior Android Developer"
    gone = renamed["jobs"].pop(1)
    loopback.routes[route] = Reply.json(renamed)
    company_scrape(company=company)
    assert _history(job) == [("changed", "title", "Android Developer", "Senior Android Developer")]
    closed = Job.objects.get(external_id=str(gone["id"]))
    assert _history(closed) == [("closed", "", None, "gone")]
    assert (closed.status, closed.close_reason) == ("closed", "gone")

    # third: the missing posting comes back
    loopback.routes[route] = Reply.json(board)
    company_scrape(company=company)
    closed.refresh_from_db()
    assert _history(closed) == [("closed", "", None, "gone"), ("reopened", "", None, None)]
    assert (closed.status, closed.close_reason, closed.closed_at) == ("open", "", None)
    closing, reopening = closed.changes.order_by("at", "id")
    assert closing.at < reopening.at


def test_re_extraction_records_changed_salary_but_a_first_extraction_does_not(loopback):
    loopback.routes["/v1/boards/catawiki/jobs"] = Reply.json(greenhouse_board())
    company_scrape(company=greenhouse_company(loopback.url))
    job = Job.objects.get(external_id="6954117")
    job.raw_content += "\nSalary: €50,000 - €60,000 per year. Later: €55,000 - €65,000 per year."
    job.save()

    def extract(low, high):
        fields = JobFields(salary=Salary(min=low, max=high, currency="EUR", period="year"))
        jobs_apply_results(
            results=[ExtractionResult(key=job.pk, fields=fields)], hashes={job.pk: job.content_hash},
            engine_name="vllm", engine_label="local_llm",
        )

    extract(50000, 60000)
    assert _history(job) == []

    extract(55000, 65000)
    assert _history(job) == [
        ("changed", "salary_min", 50000.0, 55000.0),
        ("changed", "salary_max", 60000.0, 65000.0),
    ]


def test_admin_job_page_shows_history(admin_client, loopback):
    loopback.routes["/v1/boards/catawiki/jobs"] = Reply.json(greenhouse_board())
    company_scrape(company=greenhouse_company(loopback.url))
    job = Job.objects.get(external_id="6954117")
    JobChange.objects.create(job=job, kind=JobChange.Kind.CHANGED, field="title", old_value="Old Title", new_value="New")

    html = admin_client.get(reverse("admin:jobscraper_job_change", args=[job.pk])).content.decode()

    assert "History" in html and "Old Title" in html
