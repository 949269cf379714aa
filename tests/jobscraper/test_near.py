"""The public list's distance filter (?near=<place>&km=<n>) on PostgreSQL, through the real list view: the place read
as extraction reads places, jobs with any city within the radius, bad values said on the page and never an error;
and `manage.py locate_jobs`, which fills the cities of jobs stored before. Jobs are test-made."""
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from extraction.normalize import located
from jobscraper.job_places import JobPlace, job_places_sync
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db


def _job(company, title, *places):
    job = make_job(company, title=title, locations=[located({"name": place}) for place in places])
    job_places_sync(jobs=[job])
    return job


@pytest.fixture
def jobs():
    acme = plain_company(name="Acme")
    return {
        "munich": _job(acme, "Munich Engineer", "München"),
        "augsburg": _job(acme, "Augsburg Engineer", "Augsburg"),  # ~55 km from Munich
        "berlin": _job(acme, "Berlin Engineer", "Berlin"),
        "both": _job(acme, "Roaming Engineer", "Hamburg", "Munich, Germany"),  # any of its cities counts
        "remote": _job(acme, "Remote Engineer", "Remote - EMEA"),
        "portland": _job(acme, "Oregon Engineer", "Portland, OR"),
        "fiji": _job(acme, "Suva Engineer", "Suva, Fiji"),  # near the antimeridian
    }


def _titles(client, query: str) -> tuple[list[str], str]:
    response = client.get(reverse("job_list") + "?" + query)
    assert response.status_code == 200
    page = response.context["page"]
    return sorted(job.heading for job in page.jobs), response.content.decode()


def test_jobs_within_the_radius_of_the_place_are_listed(client, jobs):
    near, html = _titles(client, "near=Munich")
    wider, _ = _titles(client, "near=M%C3%BCnchen&km=80")

    assert near == ["Munich Engineer", "Roaming Engineer"]
    assert wider == ["Augsburg Engineer", "Munich Engineer", "Roaming Engineer"]
    assert "Within 50 km of Munich" in html


def test_the_radius_crosses_the_antimeridian(client, jobs):
    assert _titles(client, "near=Suva&km=10")[0] == ["Suva Engineer"]


@pytest.mark.parametrize(
    "query, note",
    [
        ("near=Springfield", "No one city is known as “Springfield”"),
        ("near=Planet+Zorg", "No one city is known as “Planet Zorg”"),
        ("near=%00%1b" + "x" * 5000, "No one city is known as"),
        ("near=Munich&km=abc", "not a whole number of kilometres"),
        ("near=Munich&km=-5", "not a whole number of kilometres"),
        ("near=Munich&km=99999999999999999999999", "at most 500 km"),
    ],
)
def test_a_bad_place_or_distance_is_said_on_the_page_and_is_no_error(client, jobs, query, note):
    titles, html = _titles(client, query)

    assert note.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or note in html
    assert titles  # the page lists jobs: a bad place filters nothing, a bad distance is the default


def test_the_filter_reads_the_cities_index_not_the_jobs_json(jobs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'jobplace_lat_lon'")
        [(definition,)] = cursor.fetchall()

    assert "(lat, lon)" in definition


def test_locate_jobs_reads_the_places_of_jobs_stored_before_again(jobs):
    job = jobs["berlin"]
    # when a job's stored places lose their cities (stored before cities were read), then the command reads them again
    type(job).objects.filter(pk=job.pk).update(locations=[{"name": "Köln", "country": "DE"}])
    JobPlace.objects.filter(job=job).delete()
    call_command("locate_jobs")

    assert list(JobPlace.objects.filter(job=job).values_list("geoname_id", flat=True)) == [2886242]


def test_storing_an_extraction_and_a_reviewers_edit_keep_the_cities_index(admin_user):
    from extraction.engines import ExtractionResult
    from extraction.schema import JobFields
    from extraction.storing import jobs_apply_results
    from jobscraper.services import job_save_reviewer_edits

    text = "Backend Engineer\n\nMünchen, Germany\n\nWe are hiring a backend engineer in München."
    job = make_job(plain_company(name="Acme"), extracted=False, raw_content=text)
    result = JobFields(title="Backend Engineer", locations=[{"city": "München", "country": "DE"}])
    jobs_apply_results(results=[ExtractionResult(key=job.pk, fields=result)], hashes={job.pk: job.content_hash},
                       engine_name="rules", engine_label="rules")
    assert list(JobPlace.objects.filter(job=job).values_list("geoname_id", flat=True)) == [2867714]  # Munich

    job.refresh_from_db()
    job.locations = [located({"name": "Augsburg"})]
    job_save_reviewer_edits(job=job, fields=["locations"], by=admin_user)
    assert list(JobPlace.objects.filter(job=job).values_list("geoname_id", flat=True)) == [2954172]  # Augsburg
