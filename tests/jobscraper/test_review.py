"""The review queue in admin: what it lists, its filters, and the decisions that move a reviewer on."""
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from extraction.engines import ExtractionResult
from extraction.schema import JobFields, Salary
from extraction.storing import jobs_apply_results
from jobscraper.models import Job
from jobscraper.review import REVIEW_COUNT_CAP, ReviewPlace, job_review_doubts, job_review_place, job_review_queue
from jobscraper.services import job_save_reviewer_edits
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db

APPROVED, REJECTED = Job.ReviewStatus.APPROVED, Job.ReviewStatus.REJECTED
# A job with every key fact present, so only what a test sets makes it doubtful.
COMPLETE = {"locations": [{"name": "Berlin, DE"}], "remote": "hybrid", "employment_type": "full_time"}


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _listed(admin_client, **params) -> list[str]:
    """Titles on the job list with these query parameters, in the order shown."""
    html = admin_client.get(reverse("admin:jobscraper_job_changelist"), params).content.decode()
    return re.findall(r'class="field-display_title"><a href="[^"]*">([^<]+)</a>', html)


def _decide(client, job, decision, **list_params):
    """Press a review button on the job's page, having come from the job list with these parameters."""
    url = reverse("admin:jobscraper_job_review", args=[job.pk])
    if list_params:
        url += "?" + urlencode({"_changelist_filters": urlencode(list_params)})
    return client.post(url, {"decision": decision})


def _change_url(job, **list_params):
    url = reverse("admin:jobscraper_job_change", args=[job.pk])
    return url + "?" + urlencode({"_changelist_filters": urlencode(list_params)}) if list_params else url


def test_queue_lists_new_and_changed_jobs_newest_first(admin_client):
    company = plain_company()
    make_job(company, title="New, older", extracted_at=_ago(hours=2))
    make_job(company, title="Changed since approved", review_status=APPROVED, reviewed_at=_ago(hours=3),
             extracted_at=_ago(hours=1))
    make_job(company, title="New, newest", extracted_at=_ago(minutes=5))
    make_job(company, title="Extraction failed", extraction_state=Job.ExtractionState.FAILED)
    make_job(company, title="Approved after extraction", review_status=APPROVED, reviewed_at=_ago(minutes=1),
             extracted_at=_ago(hours=1))
    make_job(company, title="Rejected after extraction", review_status=REJECTED, reviewed_at=_ago(minutes=1),
             extracted_at=_ago(hours=1))
    make_job(company, title="Extraction running", extraction_state=Job.ExtractionState.RUNNING)
    make_job(company, title="Closed", status=Job.Status.CLOSED, extracted_at=_ago(minutes=1))

    assert _listed(admin_client, queue="review") == [
        "New, newest", "Changed since approved", "New, older", "Extraction failed",
    ]


def test_admin_index_links_to_the_queue_and_operations(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert f'href="{reverse("admin:jobscraper_job_changelist")}?queue=review"' in html
    assert f'href="{reverse("admin:jobscraper_operations")}"' in html


def test_approve_and_next_moves_to_the_next_job_in_the_queue(admin_client):
    company = plain_company()
    first = make_job(company, title="First", extracted_at=_ago(minutes=1))
    second = make_job(company, title="Second", extracted_at=_ago(minutes=2))

    response = _decide(admin_client, first, "approve_next", queue="review")

    assert response.status_code == 302
    assert response.url == _change_url(second, queue="review")
    first.refresh_from_db()
    assert first.review_status == APPROVED and first.reviewed_at is not None
    assert _listed(admin_client, queue="review") == ["Second"]


def test_last_decision_returns_to_the_emptied_list(admin_client):
    job = make_job(plain_company(), title="Only one")

    response = _decide(admin_client, job, "reject_next", queue="review")
    page = admin_client.get(response.url).content.decode()

    assert response.url == reverse("admin:jobscraper_job_changelist") + "?queue=review"
    assert Job.objects.get(pk=job.pk).review_status == REJECTED
    assert "Nothing left to review in this list." in page


def test_plain_approve_stays_on_the_job(admin_client):
    job = make_job(plain_company())
    make_job(job.company)

    response = _decide(admin_client, job, "approve", queue="review")

    assert response.url == _change_url(job, queue="review")
    assert Job.objects.get(pk=job.pk).review_status == APPROVED


def test_reextract_sends_the_job_back_and_moves_on(admin_client):
    company = plain_company()
    first = make_job(company, title="First", extracted_at=_ago(minutes=1))
    second = make_job(company, title="Second", extracted_at=_ago(minutes=2))

    response = _decide(admin_client, first, "reextract_next", queue="review")

    assert response.url == _change_url(second, queue="review")
    first.refresh_from_db()
    assert (first.extraction_state, first.review_status) == ("pending", "unreviewed")
    assert _listed(admin_client, queue="review") == ["Second"]  # back once its extraction is done


def test_skip_changes_nothing_and_wraps_round(admin_client):
    company = plain_company()
    first = make_job(company, title="First", extracted_at=_ago(minutes=1))
    second = make_job(company, title="Second", extracted_at=_ago(minutes=2))

    to_second = _decide(admin_client, first, "skip", queue="review")
    back_to_first = _decide(admin_client, second, "skip", queue="review")

    assert to_second.url == _change_url(second, queue="review")
    assert back_to_first.url == _change_url(first, queue="review")
    assert set(Job.objects.values_list("review_status", flat=True)) == {"unreviewed"}


def test_next_stays_within_the_filters_the_reviewer_came_from(admin_client):
    company = plain_company()
    first = make_job(company, title="Dropped salary", extraction_error="salary 1-2 not found in the posting text",
                     extracted_at=_ago(minutes=1))
    make_job(company, title="Clean", extracted_at=_ago(minutes=2))
    third = make_job(company, title="Dropped too", extraction_error="salary 3-4 not found in the posting text",
                     extracted_at=_ago(minutes=3))

    response = _decide(admin_client, first, "approve_next", queue="review", ungrounded="dropped")

    assert response.url == _change_url(third, queue="review", ungrounded="dropped")


def test_decisions_need_a_post_with_a_csrf_token(admin_user):
    job = make_job(plain_company())
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    url = reverse("admin:jobscraper_job_review", args=[job.pk])

    assert client.get(url).status_code == 405
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert Job.objects.get(pk=job.pk).review_status == "unreviewed"


def test_reviewer_without_change_permission_cannot_decide(client):
    viewer = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_job"))
    client.force_login(viewer)
    job = make_job(plain_company())

    assert _decide(client, job, "approve").status_code == 403
    assert Job.objects.get(pk=job.pk).review_status == "unreviewed"


def test_job_page_shows_each_fields_source_and_the_review_buttons(admin_client):
    job = make_job(
        plain_company(), title="Data Engineer", remote="remote", field_sources={"title": "ats", "remote": "local_llm"},
        extraction_error="salary 50000-60000 not found in the posting text",
    )

    html = admin_client.get(reverse("admin:jobscraper_job_change", args=[job.pk])).content.decode()

    def source_of(field):
        return re.search(rf'id="id_{field}_helptext">\s*<div>([^<]*)</div>', html).group(1)

    assert source_of("title") == "from the ATS API"
    assert source_of("remote") == "from the local LLM"
    assert source_of("seniority") == "not given by the source or the engine"
    assert "Extraction notes:</strong> salary 50000-60000 not found in the posting text" in html
    assert "new: awaiting review" in html
    buttons = re.findall(r'<button type="submit" class="button[^"]*" name="decision" value="(\w+)">', html)
    assert buttons == ["approve", "approve_next", "reject_next", "reextract_next", "skip"]


def test_a_field_the_reviewer_edits_says_it_came_from_the_reviewer(admin_client, admin_user):
    job = make_job(plain_company(), title="Data Enginer", field_sources={"title": "local_llm", "remote": "ats"}, **COMPLETE)
    form = {
        "review_status": "unreviewed", "title": "Data Engineer", "locations": '[{"name": "Berlin, DE"}]',
        "remote": "hybrid", "employment_type": "full_time", "visa_sponsorship": "unknown", "skills": "[]",
        "requirements": "[]", "benefits": "[]", "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0",
    }
    # The page posts back the initial value of each field with a callable default, as a browser would.
    form |= {f"initial-{name}": form[name] for name in ("locations", "skills", "requirements", "benefits")}

    response = admin_client.post(reverse("admin:jobscraper_job_change", args=[job.pk]), form)

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.title == "Data Engineer"
    assert job.field_sources == {"title": "reviewer", "remote": "ats"}
    corrections = [(c.kind, c.field, c.old_value, c.new_value, c.by) for c in job.changes.all()]
    assert corrections == [("corrected", "title", "Data Enginer", "Data Engineer", admin_user)]


def test_ungrounded_filter(admin_client):
    company = plain_company()
    make_job(company, title="Dropped salary", extraction_error="salary 1-2 not found in the posting text")
    make_job(company, title="Clean")
    make_job(company, title="Failed", extraction_state=Job.ExtractionState.FAILED, extraction_error="bad JSON")

    assert _listed(admin_client, ungrounded="dropped") == ["Dropped salary"]


def test_low_confidence_filters(admin_client):
    company = plain_company()
    make_job(company, title="Complete", field_sources={"remote": "ats"}, **COMPLETE)
    make_job(company, title="No location", **{**COMPLETE, "locations": []})
    make_job(company, title="Remote unknown", **{**COMPLETE, "remote": "unknown"})
    make_job(company, title="Rules guessed remote", field_sources={"remote": "rules"}, **COMPLETE)
    make_job(company, title="Rules guessed skills only", field_sources={"skills": "rules"}, **COMPLETE)
    make_job(company, title="Still pending", extraction_state=Job.ExtractionState.PENDING)

    assert set(_listed(admin_client, confidence="missing")) == {"No location", "Remote unknown"}
    assert _listed(admin_client, confidence="guessed") == ["Rules guessed remote"]
    assert set(_listed(admin_client, confidence="low")) == {"No location", "Remote unknown", "Rules guessed remote"}


def test_field_source_filter(admin_client):
    company = plain_company()
    make_job(company, title="From the ATS", field_sources={"title": "ats", "remote": "ats"})
    make_job(company, title="Local LLM salary", field_sources={"title": "jsonld", "salary_min": "local_llm"})
    make_job(company, title="Cloud LLM", field_sources={"summary": "cloud_llm"})

    assert _listed(admin_client, field_source="local_llm") == ["Local LLM salary"]
    assert set(_listed(admin_client, field_source="source")) == {"From the ATS", "Local LLM salary"}
    assert _listed(admin_client, field_source="cloud_llm") == ["Cloud LLM"]


def _reextract(job, *, title: str, low: int, high: int) -> None:
    """Store what an engine returned for the job's current content, as a re-extraction would."""
    fields = JobFields(title=title, remote="onsite", salary=Salary(min=low, max=high, currency="EUR", period="year"))
    jobs_apply_results(
        results=[ExtractionResult(key=job.pk, fields=fields)], hashes={job.pk: job.content_hash},
        engine_name="vllm", engine_label="local_llm",
    )
    job.refresh_from_db()


def _reviewed_job():
    """A job whose title and salary currency a reviewer corrected after its extraction."""
    text = "Data Engineer. Salary: €50,000 - €60,000 or €70,000 - €80,000 per year. Onsite in Berlin."
    job = make_job(plain_company(), raw_content=text, **COMPLETE)
    job.extracted_hash = job.content_hash
    _reextract(job, title="Data Enginer", low=50000, high=60000)
    job.title, job.salary_currency = "Data Engineer", "GBP"
    reviewer = get_user_model().objects.create_user("reviewer", password="pw", is_staff=True)
    return job_save_reviewer_edits(job=job, fields=["title", "salary_currency"], by=reviewer)


def test_re_extracting_the_content_a_reviewer_corrected_keeps_their_corrections():
    job = _reviewed_job()

    _reextract(job, title="Data Enginer (m/f/d)", low=70000, high=80000)

    assert (job.title, job.salary_min, job.salary_max, job.salary_currency) == ("Data Engineer", 50000, 60000, "GBP")
    assert job.remote == "onsite"  # what the reviewer left alone follows the engine
    sources = {name: job.field_sources.get(name) for name in ("title", "salary_min", "salary_currency", "remote")}
    assert sources == {"title": "reviewer", "salary_min": "reviewer", "salary_currency": "reviewer", "remote": "local_llm"}
    assert set(job.changes.values_list("kind", flat=True)) == {"corrected"}  # the reviewer's; re-extraction adds none


def test_once_the_posting_changes_its_new_extraction_replaces_the_reviewers_corrections():
    job = _reviewed_job()
    job.raw_content += " Updated."
    job.content_hash = "f" * 64  # re-scraped with new content
    job.save()

    _reextract(job, title="Senior Data Engineer", low=70000, high=80000)

    assert (job.title, job.salary_min, job.salary_currency) == ("Senior Data Engineer", 70000, "EUR")
    assert job.field_sources["title"] == "local_llm"
    assert ("title", "Data Engineer", "Senior Data Engineer") in job.changes.values_list("field", "old_value", "new_value")


def test_a_job_decided_before_decisions_had_a_time_still_opens(admin_client):
    # Saving the form with a new review status once set no time; such rows are still in the database.
    job = make_job(plain_company(), review_status=APPROVED, reviewed_at=None)

    html = admin_client.get(reverse("admin:jobscraper_job_change", args=[job.pk])).content.decode()

    assert "<strong>Review:</strong> approved." in html


def _queue_of(count: int) -> list[int]:
    """`count` jobs awaiting review, inserted at once; their ids in the queue's order (newest extraction first)."""
    company = plain_company()
    now = timezone.now()
    Job.objects.bulk_create(
        Job(company=company, external_id=f"bulk-{n}", content_hash=f"{n:064x}", title=f"Job {n}",
            extraction_state=Job.ExtractionState.DONE, extracted_at=now - timedelta(seconds=n))
        for n in range(count)
    )
    return list(job_review_queue().values_list("pk", flat=True))


def test_a_place_in_the_queue_names_its_position_neighbours_and_count():
    ids = _queue_of(4)

    first, second, last = (job_review_place(jobs=job_review_queue(), job_id=ids[n]) for n in (0, 1, 3))

    assert first == ReviewPlace(ids[0], 1, 4, True, None, ids[1], asked_for_is_gone=False)
    assert second == ReviewPlace(ids[1], 2, 4, True, ids[0], ids[2], asked_for_is_gone=False)
    assert last == ReviewPlace(ids[3], 4, 4, True, ids[2], ids[0], asked_for_is_gone=False)  # the first comes after it
    assert job_review_place(jobs=job_review_queue()) == first  # none asked for: the first


def test_a_job_no_longer_in_the_queue_gives_way_to_the_first_and_an_empty_queue_has_no_place():
    ids = _queue_of(2)
    Job.objects.filter(pk=ids[1]).update(status=Job.Status.CLOSED)

    place = job_review_place(jobs=job_review_queue(), job_id=ids[1])

    assert place == ReviewPlace(ids[0], 1, 1, True, None, None, asked_for_is_gone=True)
    assert job_review_place(jobs=job_review_queue().none()) is None


def test_a_long_queue_is_counted_up_to_the_cap():
    ids = _queue_of(REVIEW_COUNT_CAP + 2)

    near_the_top = job_review_place(jobs=job_review_queue(), job_id=ids[2])
    at_the_end = job_review_place(jobs=job_review_queue(), job_id=ids[-1])

    assert (near_the_top.position, near_the_top.total, near_the_top.total_is_exact) == (3, REVIEW_COUNT_CAP, False)
    assert (at_the_end.position, at_the_end.total, at_the_end.total_is_exact) == (len(ids), len(ids), True)
    assert (at_the_end.previous_id, at_the_end.next_id) == (ids[-2], ids[0])


def test_a_jobs_doubts_are_what_its_extraction_dropped_and_the_key_facts_it_lacks_or_guessed():
    company = plain_company()
    doubtful = make_job(company, locations=[], remote="unknown", employment_type="full_time",
                        field_sources={"title": "rules", "employment_type": "rules", "skills": "rules"},
                        extraction_error="salary 1-2 not found in the posting text; title X not found in the posting text")
    failed = make_job(company, extraction_state=Job.ExtractionState.FAILED, extraction_error="invalid JSON")

    assert job_review_doubts(job=doubtful) == [
        "dropped: salary 1-2 not found in the posting text", "dropped: title X not found in the posting text",
        "location missing", "work mode missing", "title guessed by keyword rules", "employment guessed by keyword rules",
    ]
    assert job_review_doubts(job=failed) == ["extraction failed: invalid JSON"]
    assert job_review_doubts(job=make_job(company, **COMPLETE)) == []


def test_a_title_or_place_the_reviewer_corrects_is_matched_again_for_duplicates(admin_client, broker,
                                                                                django_capture_on_commit_callbacks):
    from tests.jobscraper.admin_posts import queued

    job = make_job(plain_company(), title="Data Enginer", **COMPLETE)
    form = {
        "review_status": "unreviewed", "title": "Data Engineer", "locations": "[]", "remote": "hybrid",
        "employment_type": "full_time", "visa_sponsorship": "unknown", "skills": "[]", "requirements": "[]",
        "benefits": "[]", "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0",
    }
    form |= {f"initial-{name}": form[name] for name in ("locations", "skills", "requirements", "benefits")}
    url = reverse("admin:jobscraper_job_change", args=[job.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, form).status_code == 302
    assert queued(broker, "scrape") == [("extraction.tasks.cluster_jobs_task", [[job.pk]], [])]

    # a correction of neither leaves its clusters as they are
    broker.flushdb()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {**form, "remote": "remote"}).status_code == 302
    assert queued(broker, "scrape") == []
