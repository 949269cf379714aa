"""Public list, detail and company pages: what is listed, in what order, what a page costs in queries, and that
scraped HTML is defused."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobscraper.models import Job, JobChange, ScrapeRun
from jobscraper.job_list import PAGE_SIZE
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db


def test_list_shows_open_unrejected_jobs_newest_first(client):
    company = plain_company()
    now = timezone.now()
    older = make_job(company, title="Older Engineer", first_seen_at=now - timedelta(days=2))
    newer = make_job(company, title="Newer Engineer", first_seen_at=now - timedelta(days=1))
    make_job(company, title="Closed Role", status=Job.Status.CLOSED, closed_at=now)
    make_job(company, title="Rejected Role", review_status=Job.ReviewStatus.REJECTED)
    approved = make_job(company, title="Approved Role", review_status=Job.ReviewStatus.APPROVED, first_seen_at=now)

    html = client.get(reverse("job_list")).content.decode()

    assert "Closed Role" not in html and "Rejected Role" not in html
    positions = [html.index(job.title) for job in (approved, newer, older)]
    assert positions == sorted(positions)


def test_list_shows_a_short_summary_whole_and_a_long_one_cut(client):
    company = plain_company()
    make_job(company, title="Short", summary="Build data pipelines.")
    make_job(company, title="Long", summary="Own the warehouse. " + "x" * 400)

    html = client.get(reverse("job_list")).content.decode()

    assert '<p class="summary">Build data pipelines.</p>' in html
    assert '<p class="summary">Own the warehouse. ' + "x" * 200 + "…</p>" in html


def test_list_shows_extracted_fields(client):
    job = make_job(
        plain_company(), title="Data Engineer", locations=[{"name": "Lisbon, Portugal"}], remote="hybrid",
        employment_type="full_time", salary_min=Decimal("50000"), salary_max=Decimal("70000"),
        salary_currency="EUR", salary_period="year",
    )

    html = client.get(reverse("job_list")).content.decode()

    assert job.title in html
    assert "Lisbon, Portugal" in html
    assert "hybrid" in html and "full-time" in html
    assert "EUR 50,000–70,000 per year" in html


def test_list_is_paginated(client):
    company = plain_company()
    now = timezone.now()
    for n in range(PAGE_SIZE + 3):
        make_job(company, title=f"Role number {n:03d}", first_seen_at=now - timedelta(minutes=n))

    first = client.get(reverse("job_list")).content.decode()
    second = client.get(reverse("job_list"), {"page": 2}).content.decode()

    assert "Role number 000" in first and f"Role number {PAGE_SIZE:03d}" not in first
    assert f"Role number {PAGE_SIZE:03d}" in second and "Role number 000" not in second
    assert "Page 2 of 2" in second


def test_detail_shows_fields_and_annualised_salary(client):
    job = make_job(
        plain_company(), title="Barista", salary_min=Decimal("14"), salary_max=Decimal("14"), salary_currency="SGD",
        salary_period="hour", salary_annual_min=Decimal("29120"), salary_annual_max=Decimal("29120"),
        description_html="<p>Make coffee.</p>",
    )

    html = client.get(job.get_absolute_url()).content.decode()

    assert "SGD 14 per hour" in html
    assert "29,120 a year" in html
    assert "<p>Make coffee.</p>" in html


def test_rejected_job_detail_is_not_found(client):
    job = make_job(plain_company(), review_status=Job.ReviewStatus.REJECTED)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_hostile_posting_is_sanitised_on_the_detail_page(client):
    job = make_job(
        plain_company(),
        title="<script>alert('title')</script>Engineer",
        source_url="javascript:alert('apply')",
        description_html='<p onclick="x()">Hi</p><script>alert(1)</script><img src=x onerror=alert(2)>'
        '<a href="javascript:alert(3)">click</a>',
    )

    html = client.get(job.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;Engineer" in html


def test_detail_shows_history_and_more_jobs_at_the_company_in_three_queries(client, django_assert_num_queries):
    company = plain_company("Acme")
    now = timezone.now()
    job = make_job(company, title="Platform Engineer", status=Job.Status.CLOSED, closed_at=now,
                   first_seen_at=now - timedelta(days=10))
    JobChange.objects.create(job=job, at=now - timedelta(days=5), kind=JobChange.Kind.CHANGED, field="salary_max",
                             old_value=90000, new_value=95000)
    JobChange.objects.create(job=job, at=now - timedelta(days=4), kind=JobChange.Kind.CHANGED, field="locations",
                             old_value=[{"name": "Berlin"}], new_value=[{"name": "Remote - EU"}])
    JobChange.objects.create(job=job, at=now, kind=JobChange.Kind.CLOSED)
    make_job(company, title="Sibling Role")
    make_job(company, title="Rejected Sibling", review_status=Job.ReviewStatus.REJECTED)
    make_job(plain_company("Other"), title="Elsewhere Role")

    with django_assert_num_queries(3):  # job with company, history, more at the company
        html = client.get(job.get_absolute_url()).content.decode()

    assert "Closed" in html
    assert "pay raised from up to 90,000 to up to 95,000" in html  # the job has no currency or period: none said
    assert "location changed from Berlin to Remote - EU" in html
    assert html.index("first seen") < html.index("pay raised") < html.index("location changed") < html.index("closed</li>")
    assert "Sibling Role" in html and "Rejected Sibling" not in html and "Elsewhere Role" not in html


def test_company_page_lists_open_jobs_and_the_last_successful_scrape(client, django_assert_num_queries):
    company = plain_company("Acme")
    now = timezone.now()
    ScrapeRun.objects.create(company=company, started_at=now - timedelta(hours=3),
                             finished_at=now.replace(year=2026, month=3, day=14, hour=9, minute=30), status="succeeded")
    ScrapeRun.objects.create(company=company, started_at=now, finished_at=now, status="failed", error="boom")
    make_job(company, title="Open Role")
    make_job(company, title="Closed Role", status=Job.Status.CLOSED, closed_at=now)
    make_job(plain_company("Other"), title="Other Role")

    with django_assert_num_queries(3):  # company, jobs, last successful run
        html = client.get(reverse("company_detail", args=[company.pk])).content.decode()

    assert "Open Role" in html and "Closed Role" not in html and "Other Role" not in html
    assert "14 Mar 2026, 09:30 UTC" in html
    assert client.get(reverse("company_detail", args=[company.pk + 100])).status_code == 404


def test_company_page_links_to_the_rest_of_a_long_list(client, monkeypatch):
    from jobscraper import selectors

    monkeypatch.setattr(selectors, "COMPANY_PAGE_JOBS", 2)
    company = plain_company("Acme")
    for _ in range(3):
        make_job(company)

    html = client.get(reverse("company_detail", args=[company.pk])).content.decode()

    assert f'href="/?company={company.pk}">All 3 jobs at Acme' in html


def test_unreviewed_jobs_are_hidden_when_the_setting_says_so(client, settings):
    company = plain_company()
    unreviewed = make_job(company, title="Unreviewed Role")
    make_job(company, title="Approved Role", review_status=Job.ReviewStatus.APPROVED)
    settings.PUBLIC_UNREVIEWED_JOBS = False

    html = client.get(reverse("job_list")).content.decode()

    assert "Approved Role" in html and "Unreviewed Role" not in html
    assert client.get(unreviewed.get_absolute_url()).status_code == 404
    feed = client.get(reverse("job_feed")).content.decode()
    assert "Approved Role" in feed and "Unreviewed Role" not in feed


@pytest.mark.parametrize("name", ["job_list", "job_feed", "job_export_csv", "job_export_json"])
def test_public_pages_are_read_only(client, name):
    assert client.post(reverse(name)).status_code == 405
    assert client.head(reverse(name)).status_code == 200


def test_hostile_text_is_escaped_on_the_list_and_company_pages(client):
    company = plain_company("Acme")
    make_job(company, title="<img src=x onerror=alert(1)>", summary="<script>alert(2)</script>",
             locations=[{"name": "<b>Berlin</b>", "city": "<i>", "country": '"><script>'}])

    for url in (reverse("job_list"), reverse("company_detail", args=[company.pk])):
        html = client.get(url).content.decode()
        assert "<img src=x" not in html and "<script>alert" not in html and "<b>Berlin" not in html
        assert '"><script>' not in html
