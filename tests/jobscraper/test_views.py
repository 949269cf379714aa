"""Public list and detail pages: what is listed, in what order, and that scraped HTML is defused."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobscraper.models import Job
from jobscraper.selectors import PAGE_SIZE
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
