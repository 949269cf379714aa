"""The public list's "remote, open to people in <country>" filter on PostgreSQL: what matches, its facet, its chip,
and how a card and a job's page say where a remote job is open to. Jobs are test-made."""
import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from jobscraper.filters import job_filters_parse
from jobscraper.job_list import job_list_page
from jobscraper.selectors import job_filter_public
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs():
    acme = plain_company(name="Acme")
    return {
        "eu": make_job(acme, title="EU Engineer", remote="remote", remote_regions=["EU"]),
        "emea": make_job(acme, title="EMEA Seller", remote="remote", remote_regions=["EMEA"]),
        "anywhere": make_job(acme, title="Anywhere Writer", remote="remote", remote_regions=["WORLDWIDE"]),
        "us": make_job(acme, title="US Analyst", remote="remote", remote_regions=["US"]),
        "unsaid": make_job(acme, title="Unsaid Designer", remote="remote", remote_regions=[]),
        # an office job in Madrid is no remote job open to Spain
        "madrid": make_job(acme, title="Madrid Clerk", remote="hybrid", remote_regions=[],
                           locations=[{"name": "Madrid", "city": "Madrid", "country": "ES"}]),
    }


def _page(query: str):
    return job_list_page(filters=job_filters_parse(QueryDict(query)))


def test_a_remote_job_open_to_spain_or_an_area_with_spain_matches(jobs):
    spain = _page("remote_in=es")
    us = _page("remote_in=US")

    # then the EU, EMEA and worldwide jobs are open to people in Spain; the US-only, the unsaid and the office not
    assert sorted(job.heading for job in spain.jobs) == ["Anywhere Writer", "EMEA Seller", "EU Engineer"]
    assert sorted(job.heading for job in us.jobs) == ["Anywhere Writer", "US Analyst"]
    # the page says the unsaid ones are left out, and the chip removes the filter
    assert "do not say where they hire" in spain.notes[0]
    assert [(chip.label, chip.query) for chip in spain.chips] == [("Remote, open to people in Spain", "")]


def test_the_facet_counts_remote_jobs_by_the_countries_they_are_open_to(jobs):
    options = {option.value: option.count for option in _page("").facets["remote_in"]}

    # an area counts for each of its countries; the worldwide job for every one
    assert options["ES"] == 3 and options["DE"] == 3 and options["GB"] == 2 and options["US"] == 2
    assert options["JP"] == 1 and len(options) > 200
    labels = [option.label for option in _page("").facets["remote_in"]]
    assert labels == sorted(labels) and "Spain" in labels


def test_an_unknown_country_is_no_filter(jobs):
    assert job_filters_parse(QueryDict("remote_in=XX")).remote_in == ""
    assert job_filters_parse(QueryDict("remote_in=Spain")).remote_in == ""
    assert _page("remote_in=XX").total == 6


def test_the_filter_has_its_gin_index_over_public_jobs(jobs):
    # The plan on a few rows is a bitmap of any index; what matters is that the index the ?| test can use exists.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'job_public_remote_regions'")
        [(definition,)] = cursor.fetchall()

    assert "USING gin (remote_regions)" in definition and "status" in definition
    assert "?|" in str(job_filter_public(filters=job_filters_parse(QueryDict("remote_in=ES"))).query)


def test_a_card_and_a_job_page_say_where_a_remote_job_is_open_to(client, jobs):
    listed = client.get(reverse("job_list")).content.decode()
    page = client.get(reverse("job_detail", args=[jobs["eu"].pk])).content.decode()
    unsaid = client.get(reverse("job_detail", args=[jobs["unsaid"].pk])).content.decode()

    assert "Remote, open to: the EU" in listed and "Remote, open to: anywhere" in listed
    assert "Remote, open to: United States" in listed and "Remote, open to: not stated" in listed
    assert "Open to" in page and "the EU" in page
    assert "not stated" in unsaid
