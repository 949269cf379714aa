"""CSV and JSON downloads: streamed from one query, the search's jobs only, formulas defused."""
import csv
import io
import json
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from jobscraper.exchange_rates import jobs_salary_convert
from jobscraper.exports import csv_cell
from jobscraper.models import Job
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
        ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"),
        ("Engineer", "Engineer"), ("a=b", "a=b"), ("", ""), (None, ""), (Decimal("70000.00"), "70000.00"), (7, "7"),
    ],
)
def test_csv_cells_cannot_start_a_formula(value, cell):
    assert csv_cell(value) == cell


def _body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def test_csv_has_the_searchs_jobs_with_formulas_defused(client, django_assert_num_queries):
    company = plain_company("Acme")
    job = make_job(company, title="=cmd|' /C calc'!A0", remote="remote", source_url="javascript:alert(1)",
                   locations=[{"name": "Berlin, Germany", "country": "DE"}, {"name": "Remote", "country": ""}],
                   salary_min=Decimal("70000"), salary_currency="EUR", salary_period="year")
    make_job(company, title="Office Role", remote="onsite")

    with django_assert_num_queries(1):
        response = client.get(reverse("job_export_csv"), {"remote": "remote"})
        body = _body(response)

    assert response["Content-Disposition"] == 'attachment; filename="jobs.csv"'
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 1
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["url"] == f"http://testserver{job.get_absolute_url()}"
    assert rows[0]["locations"] == "Berlin, Germany · Remote" and rows[0]["countries"] == "DE"
    assert (rows[0]["salary_min"], rows[0]["salary_currency"]) == ("70000.00", "EUR")
    assert rows[0]["apply_url"] == ""  # never a javascript: link


def test_json_has_every_matching_job_in_list_order(client, settings, django_assert_num_queries):
    # the better paid first seen earlier, so that only the salary order puts it first
    settings.SALARY_BASE_CURRENCY = "EUR"
    company = plain_company("Acme")
    make_job(company, title="High", salary_annual_max=Decimal("90000"), salary_currency="EUR",
             source_url="https://acme.example/jobs/1")
    make_job(company, title="Low", salary_annual_max=Decimal("50000"), salary_currency="EUR")
    jobs_salary_convert(jobs=Job.objects.all())  # the salary order reads the base currency's figures

    with django_assert_num_queries(1):
        records = json.loads(_body(client.get(reverse("job_export_json"), {"sort": "salary"})))

    assert [record["title"] for record in records] == ["High", "Low"]
    assert records[0]["company"] == "Acme" and records[0]["salary_annual_max"] == "90000.00"
    assert records[0]["apply_url"] == "https://acme.example/jobs/1"


def test_exports_stream_across_chunks_from_one_query(client, monkeypatch, django_assert_num_queries):
    # given more jobs than one fetch brings: rows arrive chunk by chunk through the iterator, none lost at the seams
    from jobscraper import selectors

    monkeypatch.setattr(selectors, "EXPORT_CHUNK", 2)
    company = plain_company()
    jobs = [make_job(company) for _ in range(5)]

    with django_assert_num_queries(1):
        records = json.loads(_body(client.get(reverse("job_export_json"))))

    assert [record["id"] for record in records] == [job.pk for job in reversed(jobs)]


def test_a_list_field_is_exported_as_its_items_not_their_python_text(client):
    make_job(plain_company(), title="Remote Engineer", remote="remote", remote_regions=["EU", "EMEA"])

    record = json.loads(_body(client.get(reverse("job_export_json"))))[0]
    row = next(csv.DictReader(io.StringIO(_body(client.get(reverse("job_export_csv"))))))

    assert (record["remote_regions"], row["remote_regions"]) == (["EU", "EMEA"], "EU · EMEA")
