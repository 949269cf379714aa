"""A job's history: title and extracted-field changes, closing and reopening, with timestamps; reviewers' decisions
and corrections with who made them, in admin only."""
import copy
import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from extraction.engines import ExtractionResult
from extraction.schema import JobFields, Salary
from extraction.storing import jobs_apply_results
from jobscraper.models import Job, JobChange
from jobscraper.services import job_save_reviewer_edits, jobs_review
from scraping.services import company_scrape
from tests.builders import greenhouse_board, greenhouse_company, make_job, plain_company
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


# Review decisions and corrections: who, what and when, in admin only.

def _reviewer(name="ada.reviewer"):
    return get_user_model().objects.create_superuser(name, f"{name}@example.org", "correct-horse-battery")


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _decisions(job):
    return [(c.kind, c.old_value, c.new_value, c.by) for c in job.changes.filter(kind=JobChange.Kind.REVIEWED)]


def _log(job):
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Job), object_id=str(job.pk))
    return [(e.user, e.action_flag, e.change_message) for e in entries]


def test_approving_one_job_records_who_decided_what_and_when():
    reviewer = _reviewer()
    job = make_job(plain_company(), title="Data Engineer")

    response = _logged_in(reviewer).post(reverse("admin:jobscraper_job_review", args=[job.pk]), {"decision": "approve"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.review_status, job.reviewed_by) == ("approved", reviewer)
    assert _decisions(job) == [("reviewed", "unreviewed", "approved", reviewer)]
    assert job.changes.get().at == job.reviewed_at  # the history entry is the decision itself
    assert _log(job) == [(reviewer, CHANGE, "Review decision: approved.")]


def test_a_decision_on_the_review_screen_records_who_decided_what_and_when():
    reviewer = _reviewer()
    job = make_job(plain_company(), title="Data Engineer")
    client = _logged_in(reviewer)
    screen = reverse("admin:jobscraper_job_review_screen") + "?_changelist_filters=queue%3Dreview"

    response = client.post(screen, {"decision": "reject_next", "job": job.pk})

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.review_status, job.reviewed_by) == ("rejected", reviewer)
    assert _decisions(job) == [("reviewed", "unreviewed", "rejected", reviewer)]
    assert job.changes.get().at == job.reviewed_at
    assert _log(job) == [(reviewer, CHANGE, "Review decision: rejected.")]


def test_rejecting_several_jobs_at_once_records_each_decision():
    reviewer = _reviewer()
    company = plain_company()
    jobs = [make_job(company), make_job(company, review_status="approved"), make_job(company)]
    untouched = make_job(company)

    response = _logged_in(reviewer).post(
        reverse("admin:jobscraper_job_changelist"),
        {"action": "reject", "_selected_action": [job.pk for job in jobs]}, follow=True,
    )

    assert "Rejected 3 job(s)." in response.content.decode()
    for job, before in zip(jobs, ["unreviewed", "approved", "unreviewed"]):
        job.refresh_from_db()
        assert (job.review_status, job.reviewed_by) == ("rejected", reviewer)
        assert job.reviewed_at is not None
        assert _decisions(job) == [("reviewed", before, "rejected", reviewer)]
        assert _log(job) == [(reviewer, CHANGE, "Review decision: rejected.")]
    assert not untouched.changes.exists() and not _log(untouched)


def test_a_bulk_decision_costs_the_same_queries_for_two_jobs_as_for_six():
    reviewer = _reviewer()
    company = plain_company()
    few, many = [make_job(company) for _ in range(2)], [make_job(company) for _ in range(6)]
    ContentType.objects.get_for_model(Job)  # cached from here on, as in a running site

    def queries(jobs):
        with CaptureQueriesContext(connection) as captured:
            jobs_review(jobs=Job.objects.filter(pk__in=[j.pk for j in jobs]), status="rejected", by=reviewer)
        return len(captured)

    assert queries(few) == queries(many)
    assert JobChange.objects.filter(kind="reviewed").count() == LogEntry.objects.count() == 8


def test_a_reviewers_correction_is_kept_with_its_old_value_and_who_made_it():
    reviewer = _reviewer()
    job = make_job(plain_company(), title="Data Enginer", salary_min=Decimal("50000"))
    job.title, job.salary_min = "Data Engineer", Decimal("55000")

    job_save_reviewer_edits(job=job, fields=["title", "salary_min"], by=reviewer)

    corrected = [(c.kind, c.field, c.old_value, c.new_value, c.by) for c in job.changes.order_by("field")]
    assert corrected == [
        ("corrected", "salary_min", 50000.0, 55000.0, reviewer),
        ("corrected", "title", "Data Enginer", "Data Engineer", reviewer),
    ]
    assert job.review_status == "unreviewed" and job.reviewed_by is None  # an edit is not a decision


def test_a_review_status_changed_in_the_form_is_a_decision_too():
    reviewer = _reviewer()
    job = make_job(plain_company())
    job.review_status = "rejected"

    job_save_reviewer_edits(job=job, fields=["review_status"], by=reviewer)

    job.refresh_from_db()
    assert (job.review_status, job.reviewed_by) == ("rejected", reviewer) and job.reviewed_at is not None
    assert _decisions(job) == [("reviewed", "unreviewed", "rejected", reviewer)]
    assert _log(job) == [(reviewer, CHANGE, "Review decision: rejected.")]


def test_admin_job_page_and_its_history_page_show_the_decision():
    reviewer = _reviewer()
    job = make_job(plain_company(), title="Data Engineer")
    client = _logged_in(reviewer)
    client.post(reverse("admin:jobscraper_job_review", args=[job.pk]), {"decision": "approve"})

    page = client.get(reverse("admin:jobscraper_job_change", args=[job.pk])).content.decode()
    history = client.get(reverse("admin:jobscraper_job_history", args=[job.pk])).content.decode()
    index = client.get(reverse("admin:index")).content.decode()

    inline = page[page.index('id="changes-group"'):]
    assert "review decision" in inline and "ada.reviewer" in inline and "approved" in inline
    assert re.search(r"Review:</strong> approved on [0-9-]+ [0-9:]+ by ada\.reviewer\.", page)
    assert "Review decision: approved." in history and "ada.reviewer" in history
    assert str(job) in index  # admin's recent actions


def test_the_public_job_page_shows_no_reviewer_nor_their_decisions(client):
    reviewer = _reviewer()
    job = make_job(plain_company(), title="Data Enginer")
    JobChange.objects.create(job=job, kind=JobChange.Kind.CHANGED, field="remote", old_value="unknown", new_value="remote")
    _logged_in(reviewer).post(reverse("admin:jobscraper_job_review", args=[job.pk]), {"decision": "approve"})
    job.refresh_from_db()
    job.title = "Data Engineer"
    job_save_reviewer_edits(job=job, fields=["title"], by=reviewer)
    assert set(job.changes.values_list("kind", flat=True)) == {"changed", "reviewed", "corrected"}

    html = client.get(reverse("job_detail", args=[job.pk])).content.decode()

    start = html.index('id="history-heading"')
    history = html[start:html.index("</section>", start)]
    assert "now remote" in history  # the posting's own changes still show, in words
    assert "ada.reviewer" not in html and "Enginer" not in html
    assert not re.search(r"review|approved|corrected", history, re.IGNORECASE)
