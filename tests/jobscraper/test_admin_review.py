"""The review screen (jobscraper/admin_review.py): one job of the list at a time with its place in it, the facts a
reviewer checks, why it is in the queue, and decisions that move on through the same services as the change form."""
import html
import re
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobscraper.models import Job
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db

SCREEN = "admin:jobscraper_job_review_screen"
QUEUE = {"queue": "review"}


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _screen_url(job=None, **list_params) -> str:
    query = {"_changelist_filters": urlencode(list_params)} if list_params else {}
    if job is not None:
        query["job"] = job.pk
    return reverse(SCREEN) + (f"?{urlencode(query)}" if query else "")


def _page(client, job=None, **list_params) -> str:
    response = client.get(_screen_url(job, **list_params))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _decide(client, job, decision, **list_params):
    """Press a decision button on the screen showing `job`, reviewing the list with these parameters."""
    return client.post(_screen_url(job, **list_params), {"decision": decision, "job": job.pk})


def _shown(page: str) -> tuple[str, str]:
    """The screen's position ("Reviewing 2 of 3") and the title of the job it shows."""
    position = re.search(r"<h1>([^<]*)</h1>", page).group(1)
    title = re.search(r'data-field="title">\s*<dt>Title</dt>\s*<dd class="review-value">\s*([^<]*?)\s*</dd>', page)
    return position, title.group(1)


def _three_jobs():
    """Three jobs in the review queue, newest extraction first: First, Second, Third."""
    company = plain_company()
    return [make_job(company, title=title, extracted_at=_ago(minutes=minutes))
            for title, minutes in (("First", 1), ("Second", 2), ("Third", 3))]


def test_the_screen_shows_the_checked_facts_with_their_sources_and_why_the_job_is_here(admin_client):
    job = make_job(
        plain_company("Acme"), title="Data Engineer", locations=[{"name": "Berlin, DE"}, {"name": "Munich, DE"}],
        remote="hybrid", employment_type="full_time", salary_min=50000, salary_max=60000, salary_currency="EUR",
        salary_period="year", date_posted=date(2026, 3, 2), skills=["Python", "SQL"],
        field_sources={"title": "ats", "locations": "local_llm", "remote": "rules", "salary_min": "local_llm",
                       "salary_max": "local_llm", "salary_currency": "rules", "salary_period": "local_llm"},
        extraction_error="salary 70000-80000 not found in the posting text; location Paris not found in the posting text",
        raw_content="We hire a Data Engineer in Berlin or Munich.",
    )

    page = _page(admin_client, **QUEUE)

    assert _shown(page) == ("Reviewing 1 of 1", "Data Engineer")
    facts = re.findall(r'data-field="(\w+)">\s*<dt>([^<]*)</dt>\s*<dd class="review-value">(.*?)</dd>\s*'
                       r'<dd class="review-source">([^<]*)</dd>', page, re.S)
    shown = {name: (label, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip(), source)
             for name, label, value, source in facts}
    # the facts a reviewer checks first, first and in the declared order
    assert [name for name, *_ in facts][:7] == [
        "title", "company", "locations", "remote", "employment_type", "salary", "date_posted",
    ]
    assert shown["title"] == ("Title", "Data Engineer", "from the ATS API")
    assert shown["company"] == ("Company", "Acme", "the company it was scraped for")
    assert shown["remote"] == ("Work mode", "hybrid", "from keyword rules")
    assert shown["employment_type"] == ("Employment", "full-time", "not given by the source or the engine")
    # the salary as the public pages write it, its parts' sources once each
    assert shown["salary"] == ("Salary", "EUR 50,000–60,000 per year", "from the local LLM; from keyword rules")
    assert shown["date_posted"] == ("Posted", "2 Mar 2026", "not given by the source or the engine")
    assert shown["seniority"] == ("Seniority", "none", "not given by the source or the engine")
    # list fields as rows, not JSON
    assert '<ul class="review-rows"><li>Berlin, DE</li><li>Munich, DE</li></ul>' in page
    assert '<ul class="review-rows"><li>Python</li><li>SQL</li></ul>' in page
    assert "[{" not in page
    assert "<strong>In the queue:</strong> new: awaiting review." in page
    assert re.findall(r'<ul class="review-doubts">(.*?)</ul>', page, re.S) == [
        "<li>dropped: salary 70000-80000 not found in the posting text</li>"
        "<li>dropped: location Paris not found in the posting text</li>"
        "<li>work mode guessed by keyword rules</li>"
    ]
    assert '<pre class="review-text">We hire a Data Engineer in Berlin or Munich.</pre>' in page
    assert f'href="{reverse("admin:jobscraper_job_change", args=[job.pk])}?_changelist_filters=queue%3Dreview">Edit fields' in page


def test_the_decision_buttons_and_their_keys_are_the_change_forms_decisions_that_move_on(admin_client):
    _three_jobs()

    page = _page(admin_client, **QUEUE)

    buttons = re.findall(r'<button type="submit" name="decision" value="(\w+)"[^>]*data-review-keys="([a-z ]+)"'
                         r'[^>]*>\s*([^<]*?)\s*<kbd>', page)
    assert buttons == [
        ("approve_next", "a", "Approve & next"), ("reject_next", "r", "Reject & next"),
        ("reextract_next", "e", "Re-extract & next"), ("skip", "s j", "Skip"),
    ]
    assert re.search(r'<input type="hidden" name="csrfmiddlewaretoken"', page)
    assert '<script src="/static/jobscraper/review.js" defer></script>' in page
    assert "<script>" not in page and " style=" not in page  # everything from static files, for a coming CSP


def test_a_decision_is_recorded_and_the_next_job_takes_the_place_of_the_decided_one(admin_client, admin_user):
    first, second, third = _three_jobs()
    assert _shown(_page(admin_client, second, **QUEUE)) == ("Reviewing 2 of 3", "Second")

    response = _decide(admin_client, second, "approve_next", **QUEUE)

    assert response.status_code == 302 and response.url == _screen_url(third, **QUEUE)
    second.refresh_from_db()
    assert (second.review_status, second.reviewed_by) == (Job.ReviewStatus.APPROVED, admin_user)
    page = _page(admin_client, third, **QUEUE)
    assert _shown(page) == ("Reviewing 2 of 2", "Third")  # the decided job left the list: "2 of 2", not "3 of 3"
    assert "Approved “Second”." in page


def test_skip_keeps_the_job_in_the_list_and_moves_one_on_then_round_to_the_first(admin_client):
    first, second, third = _three_jobs()

    to_second = _decide(admin_client, first, "skip", **QUEUE)
    to_first = _decide(admin_client, third, "skip", **QUEUE)

    assert to_second.url == _screen_url(second, **QUEUE)
    assert _shown(_page(admin_client, second, **QUEUE)) == ("Reviewing 2 of 3", "Second")
    assert to_first.url == _screen_url(first, **QUEUE)
    assert set(Job.objects.values_list("review_status", flat=True)) == {"unreviewed"}


def test_reject_and_re_extract_go_through_the_same_services_and_move_on(admin_client, admin_user):
    first, second, third = _three_jobs()

    rejected = _decide(admin_client, first, "reject_next", **QUEUE)
    reextracted = _decide(admin_client, second, "reextract_next", **QUEUE)

    assert rejected.url == _screen_url(second, **QUEUE) and reextracted.url == _screen_url(third, **QUEUE)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review_status, first.reviewed_by) == (Job.ReviewStatus.REJECTED, admin_user)
    assert second.extraction_state == Job.ExtractionState.PENDING  # back once its extraction is done
    assert _shown(_page(admin_client, third, **QUEUE)) == ("Reviewing 1 of 1", "Third")


def test_the_previous_link_leads_to_the_job_before(admin_client):
    first, second, _ = _three_jobs()

    page = _page(admin_client, second, **QUEUE)

    previous = re.search(r'<a href="([^"]*)" rel="prev" data-review-keys="k"', page).group(1)
    assert html.unescape(previous) == _screen_url(first, **QUEUE)
    assert 'rel="prev"' not in _page(admin_client, first, **QUEUE)  # nothing before the first


def test_the_last_decision_says_the_list_is_empty_and_links_back(admin_client):
    job = make_job(plain_company(), title="Only one")

    response = _decide(admin_client, job, "approve_next", **QUEUE)
    page = _page(admin_client, **QUEUE)

    assert response.url == _screen_url(**QUEUE)
    assert "Nothing left to review in this list." in page
    assert f'<a href="{reverse("admin:jobscraper_job_changelist")}?queue=review">Back to the list</a>' in page


def test_the_screen_reviews_the_list_as_filtered(admin_client):
    company = plain_company()
    make_job(company, title="Dropped salary", extraction_error="salary 1-2 not found in the posting text",
             extracted_at=_ago(minutes=1))
    make_job(company, title="Clean", extracted_at=_ago(minutes=2))
    last = make_job(company, title="Dropped too", extraction_error="salary 3-4 not found in the posting text",
                    extracted_at=_ago(minutes=3))
    make_job(company, title="Dropped, approved", extraction_error="salary 5-6 not found in the posting text",
             review_status=Job.ReviewStatus.APPROVED, reviewed_at=_ago(minutes=1), extracted_at=_ago(minutes=4))

    assert _shown(_page(admin_client, ungrounded="dropped", **QUEUE)) == ("Reviewing 1 of 2", "Dropped salary")
    assert _shown(_page(admin_client, last, ungrounded="dropped", **QUEUE)) == ("Reviewing 2 of 2", "Dropped too")


def test_a_job_that_left_the_list_meanwhile_gives_way_to_the_first(admin_client):
    first, second, _ = _three_jobs()
    Job.objects.filter(pk=second.pk).update(review_status=Job.ReviewStatus.APPROVED, reviewed_at=timezone.now())

    page = _page(admin_client, second, **QUEUE)

    assert _shown(page) == ("Reviewing 1 of 2", "First")
    assert "That job no longer awaits review in this list" in page


def test_the_job_list_offers_to_start_reviewing_the_list_as_filtered(admin_client):
    company = plain_company()
    make_job(company, title="Waiting", extraction_error="salary 1-2 not found in the posting text")
    make_job(company, title="Approved", review_status=Job.ReviewStatus.APPROVED, reviewed_at=timezone.now())
    changelist = reverse("admin:jobscraper_job_changelist")

    def start(**params):
        page = admin_client.get(changelist, params).content.decode()
        found = re.search(r'<a href="([^"]*)" class="review-start">Start reviewing</a>', page)
        return html.unescape(found.group(1)) if found else None

    assert start() == _screen_url(**QUEUE)
    assert start(ungrounded="dropped", o="2") == _screen_url(ungrounded="dropped", o="2", **QUEUE)
    assert start(q="Approved") is None  # nothing in this list awaits review


def test_decisions_need_a_post_with_a_csrf_token(admin_user):
    job = make_job(plain_company())
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    refused = client.post(_screen_url(job), {"decision": "approve_next", "job": job.pk})

    assert refused.status_code == 403
    assert Job.objects.get(pk=job.pk).review_status == "unreviewed"


def test_a_reviewer_without_change_permission_gets_no_screen_and_cannot_decide(client):
    viewer = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_job"))
    client.force_login(viewer)
    job = make_job(plain_company())

    assert client.get(_screen_url(**QUEUE)).status_code == 403
    assert _decide(client, job, "approve_next").status_code == 403
    assert Job.objects.get(pk=job.pk).review_status == "unreviewed"
    assert "Start reviewing" not in client.get(reverse("admin:jobscraper_job_changelist")).content.decode()


def test_an_unknown_decision_is_refused(admin_client):
    job = make_job(plain_company())

    assert _decide(admin_client, job, "approve").status_code == 400  # the change form's "stay on the job" is not here
    assert Job.objects.get(pk=job.pk).review_status == "unreviewed"


def test_the_posting_is_shown_sanitised(admin_client):
    make_job(plain_company(), description_html='<p>Published</p><img src=x onerror="alert(1)"><script>alert("x")</script>')

    page = admin_client.get(_screen_url(**QUEUE)).content.decode()

    assert "<p>Published</p>" in page
    assert "onerror" not in page and 'alert("x")' not in page
