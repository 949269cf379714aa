"""/api/v1/jobs, /api/v1/jobs/<id> and /api/v1/companies: the list's jobs in the list's order, page after page by
cursor; the pages' rules on what is public; ETags; the OpenAPI schema and docs."""
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from jobscraper import exports
from jobscraper.filters import job_filters_parse
from jobscraper.job_list import job_list_page
from jobscraper.models import Job, JobChange
from jobscraper.selectors import job_filter_public, jobs_ordered
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db

JOBS = "/api/v1/jobs"


@pytest.fixture
def board():
    """Jobs of two companies, several seen at the same instant (ties the order breaks by id), with and without pay
    in two currencies, and the ones no list shows: closed, rejected."""
    now = timezone.now()
    acme, globex = plain_company("Acme"), plain_company("Globex")
    same = now - timedelta(hours=3)
    made = [
        make_job(acme, title=f"Data Engineer {n}", first_seen_at=same, remote="hybrid") for n in range(4)
    ] + [
        make_job(globex, title=f"Python Developer {n}", first_seen_at=now - timedelta(days=n), remote="remote",
                 salary_min=Decimal(40_000 + 10_000 * (n % 3)), salary_max=Decimal(60_000 + 10_000 * (n % 3)),
                 salary_currency="EUR", salary_period="year", salary_annual_min=Decimal(40_000 + 10_000 * (n % 3)),
                 salary_annual_max=Decimal(60_000 + 10_000 * (n % 3)),
                 salary_base_min=Decimal(40_000 + 10_000 * (n % 3)), salary_base_max=Decimal(60_000 + 10_000 * (n % 3)))
        for n in range(7)
    ] + [make_job(acme, title=f"Engineer {n}", first_seen_at=now - timedelta(days=2, hours=n)) for n in range(3)] + [
        make_job(globex, title="Remote Engineer", remote="remote", remote_regions=["EU", "EMEA"],
                 locations=[{"name": "Lisbon, Portugal", "city": "Lisbon", "country": "PT"}]),
    ]
    make_job(acme, title="Closed Engineer", status=Job.Status.CLOSED, closed_at=now)
    make_job(acme, title="Rejected Engineer", review_status=Job.ReviewStatus.REJECTED)
    return made


def _all_pages(client, url: str) -> tuple[list[dict], int]:
    """Every item of every page from `url` on, following `next`; and how many pages that took."""
    items, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
        pages += 1
        url = body["next"]
    return items, pages


QUERIES = ["", "sort=salary", "q=engineer", "remote=hybrid", "salary_min=45000&sort=salary", "q=python&sort=newest"]


@pytest.mark.parametrize("query", QUERIES)
def test_pages_by_cursor_give_the_lists_matches_in_its_order_each_once(client, board, query):
    filters = job_filters_parse(QueryDict(query))
    expected = list(jobs_ordered(job_filter_public(filters=filters), filters.sort).values_list("id", flat=True))

    items, pages = _all_pages(client, f"{JOBS}?{query}&limit=3")

    assert [item["id"] for item in items] == expected and expected
    assert pages == -(-len(expected) // 3)


def test_the_first_page_is_the_list_pages_first_page(client, board):
    for query in ("", "sort=salary", "remote=remote"):
        shown = [job.pk for job in job_list_page(filters=job_filters_parse(QueryDict(query))).jobs]

        assert [item["id"] for item in client.get(f"{JOBS}?{query}").json()["items"]] == shown


def test_a_record_is_the_json_exports_record(client, board):
    exported = b"".join(client.get("/export.json?sort=salary").streaming_content)
    records = {record["id"]: record for record in json.loads(exported)}

    items = client.get(f"{JOBS}?sort=salary&limit=100").json()["items"]

    assert items == [records[item["id"]] for item in items] and len(items) == len(records)
    assert list(items[0]) == list(exports.FIELDS)
    remote = next(item for item in items if item["title"] == "Remote Engineer")
    assert (remote["remote_regions"], remote["locations"], remote["countries"]) == (["EU", "EMEA"], ["Lisbon, Portugal"],
                                                                                    ["PT"])


def test_rejected_jobs_never_appear_and_unreviewed_ones_follow_the_setting(client, settings):
    acme = plain_company()
    unreviewed = make_job(acme, title="Unreviewed")
    approved = make_job(acme, title="Approved", review_status=Job.ReviewStatus.APPROVED)
    rejected = make_job(acme, title="Rejected", review_status=Job.ReviewStatus.REJECTED)

    listed = {item["id"] for item in client.get(JOBS).json()["items"]}
    assert listed == {unreviewed.pk, approved.pk}
    assert client.get(f"{JOBS}/{rejected.pk}").status_code == 404

    settings.PUBLIC_UNREVIEWED_JOBS = False
    listed = {item["id"] for item in client.get(JOBS).json()["items"]}
    assert listed == {approved.pk}
    assert [client.get(f"{JOBS}/{job.pk}").status_code for job in (unreviewed, approved, rejected)] == [404, 200, 404]


def test_a_closed_job_opens_with_its_public_history_only(client, admin_user):
    now = timezone.now()
    job = make_job(plain_company(), title="Platform Engineer", status=Job.Status.CLOSED, closed_at=now,
                   close_reason=Job.CloseReason.GONE)
    JobChange.objects.create(job=job, at=now - timedelta(days=2), kind=JobChange.Kind.CHANGED, field="title",
                             old_value="Engineer", new_value="Platform Engineer")
    JobChange.objects.create(job=job, at=now - timedelta(days=1), kind=JobChange.Kind.REVIEWED,
                             old_value="unreviewed", new_value="approved", by=admin_user)
    JobChange.objects.create(job=job, at=now - timedelta(hours=1), kind=JobChange.Kind.CORRECTED, field="title",
                             old_value="x", new_value="y", by=admin_user)
    JobChange.objects.create(job=job, at=now, kind=JobChange.Kind.CLOSED, new_value="gone")

    body = client.get(f"{JOBS}/{job.pk}").json()

    assert (body["title"], body["status"], body["close_reason"]) == ("Platform Engineer", "closed", "gone")
    assert [(change["kind"], change["field"], change["old_value"], change["new_value"]) for change in body["history"]] \
        == [("changed", "title", "Engineer", "Platform Engineer"), ("closed", "", None, "gone")]
    assert job.pk not in {item["id"] for item in client.get(JOBS).json()["items"]}


def test_an_unchanged_answer_is_304_by_its_etag_and_a_changed_one_is_not(client, board):
    search, detail = f"{JOBS}?q=engineer", f"{JOBS}/{board[0].pk}"
    etags = {}
    for url in (search, detail, "/api/v1/companies"):
        etags[url] = client.get(url)["ETag"]

        again = client.get(url, HTTP_IF_NONE_MATCH=etags[url])

        assert (again.status_code, again.content, again["ETag"]) == (304, b"", etags[url]), url

    Job.objects.filter(pk=board[0].pk).update(title="Data Engineer, renamed")
    for url in (search, detail):
        changed = client.get(url, HTTP_IF_NONE_MATCH=etags[url])

        assert changed.status_code == 200 and changed["ETag"] != etags[url], url
        assert "Data Engineer, renamed" in changed.content.decode()


def test_companies_page_by_cursor_and_link_their_jobs(client, board):
    plain_company("Initech")

    items, pages = _all_pages(client, "/api/v1/companies?limit=2")

    assert [item["name"] for item in items] == ["Acme", "Globex", "Initech"] and pages == 2
    globex = items[1]
    assert globex["url"].endswith(f"/companies/{globex['id']}/")
    assert globex["careers_url"] == "https://globex.example/careers"
    jobs = client.get(globex["jobs"]).json()["items"]
    assert jobs and {job["company"] for job in jobs} == {"Globex"}


def test_the_openapi_schema_documents_every_record_field_and_the_docs_are_served_from_here(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert set(schema["paths"]) == {"/api/v1/jobs", "/api/v1/jobs/{job_id}", "/api/v1/companies"}
    assert list(schema["components"]["schemas"]["Job"]["properties"]) == list(exports.FIELDS)
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/v1/jobs"]["get"]["parameters"]}
    assert {"q", "company", "country", "remote", "salary_min", "sort", "cursor", "limit"} <= parameters
    assert schema["paths"]["/api/v1/jobs"]["get"]["security"] == [{"ApiKeyAuth": []}, {}]  # a key is optional

    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


@pytest.mark.parametrize("query, says", [
    ("limit=0", "limit: "), ("limit=101", "limit: "), ("remote=flying", "remote: "), ("company=abc", "company: "),
    ("posted=-1", "posted: "), ("km=9000&near=Berlin", "km: "), ("sort=oldest", "sort: "),
    ("salary_min=abc", "The minimum salary is not a number"), ("near=Xyzzyville", "No one city is known as “Xyzzyville”"),
    ("remote_in=ZZ", "remote_in: ZZ is no country's"), ("cursor=junk", "cursor: The cursor is not one this API gave"),
])
def test_a_bad_parameter_is_a_400_that_names_it(client, board, query, says):
    response = client.get(f"{JOBS}?{query}")

    assert response.status_code == 400 and says in response.json()["detail"], response.content


def test_a_cursor_of_another_order_or_list_is_refused_saying_so(client, board):
    by_salary = client.get(f"{JOBS}?sort=salary&limit=2").json()["next_cursor"]
    of_companies = client.get("/api/v1/companies?limit=1").json()["next_cursor"]

    for url in (f"{JOBS}?cursor={by_salary}", f"{JOBS}?cursor={of_companies}&sort=salary"):
        response = client.get(url)
        assert response.status_code == 400 and "keep the parameters of the page it came from" in response.json()["detail"]


def test_an_id_that_is_no_job_is_a_404_or_a_400_never_a_500(client):
    assert client.get(f"{JOBS}/123456").status_code == 404
    assert client.get(f"{JOBS}/123456").json() == {"detail": "No job 123456 is public."}
    assert client.get(f"{JOBS}/{10**20}").status_code == 400
    assert client.get(f"{JOBS}/0").status_code == 400


def test_the_api_is_read_only(client, board):
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(JOBS).status_code == 405
        assert method(f"{JOBS}/{board[0].pk}").status_code == 405
