"""The bundled demo site, served on loopback, gives each demo company's source the postings `make demo` shows."""
import json

import pytest
from django_celery_beat.models import PeriodicTask

from extraction.engines import ExtractionRequest
from extraction.engines.rules import RulesEngine
from jobscraper.demo.services import demo_companies_seed
from jobscraper.demo.site import DemoSite, respond
from jobscraper.models import Company, Job
from jobscraper.provenance import ContentPart
from scraping.services import company_scrape
from scraping.sources import source_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(settings):
    # The site is on 127.0.0.1, which scraping refuses unless allowed: allowed by name, as `make demo` allows it
    # (scripts/demo.sh), nothing else private; and unpaced.
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPE_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SCRAPE_HOST_INTERVAL = 0
    site = DemoSite().start()
    yield site
    site.stop()


@pytest.fixture
def demo_companies(demo_site) -> dict[str, Company]:
    return {company.name: company for company in demo_companies_seed(site_url=demo_site.url)}


def fetch(company: Company):
    result = source_for(company.source_kind).fetch(company)
    assert result.complete and not result.errors
    return {posting.fields["title"]: posting for posting in result.postings}


def test_greenhouse_source_reads_the_demo_board(demo_site, demo_companies):
    # when
    postings = fetch(demo_companies["Northwind Robotics"])

    # then
    assert set(postings) == {
        "Senior Backend Engineer, Fleet Platform",
        "Robotics Field Service Technician",
        "Machine Learning Engineer, Perception",
        "Technical Writer (Six-Month Contract)",
    }
    backend = postings["Senior Backend Engineer, Fleet Platform"]
    assert backend.external_id == "4012001"
    assert backend.url == f"{demo_site.url}/boards/northwind/jobs/4012001"
    assert backend.fields["locations"] == [{"name": "Austin, TX"}]
    assert backend.fields["department"] == "Engineering"
    assert "$120,000 - $150,000 per year" in backend.text
    assert backend.description_html.startswith('<div class="content-intro"><p>')


def test_career_page_source_reads_the_demo_json_ld(demo_site, demo_companies):
    # when
    postings = fetch(demo_companies["Lumen Health"])

    # then
    assert {title: posting.external_id for title, posting in postings.items()} == {
        "Clinical Data Analyst": "LH-1042",
        "Senior Product Designer": "LH-1043",
        "Patient Support Specialist (Part-time)": "LH-1044",
    }
    assert {posting.origin for posting in postings.values()} == {"jsonld"}
    designer = postings["Senior Product Designer"].fields
    assert designer["remote"] == "remote"
    assert (designer["salary_min"], designer["salary_max"], designer["salary_currency"], designer["salary_period"]) == (
        140000, 170000, "USD", "year"
    )
    support = postings["Patient Support Specialist (Part-time)"].fields
    assert support["employment_type"] == "part_time"
    assert support["locations"][0]["name"] == "Providence, RI, US"


def test_career_page_source_follows_the_demo_job_links(demo_site, demo_companies):
    # when
    postings = fetch(demo_companies["Harbor & Pine Coffee Roasters"])

    # then
    assert {title: posting.external_id for title, posting in postings.items()} == {
        "Head Roaster": f"{demo_site.url}/harbor/careers/head-roaster/",
        "E-commerce Marketing Manager": f"{demo_site.url}/harbor/careers/ecommerce-marketing-manager/",
        "Weekend Barista": f"{demo_site.url}/harbor/careers/weekend-barista/",
    }
    assert {posting.origin for posting in postings.values()} == {"page"}
    # each read from the page's <main> alone: its title and posting, not the site's header, footer or back link
    assert {posting.content_part for posting in postings.values()} == {"main"}
    assert "Pay: $68,000 - $78,000 a year" in postings["Head Roaster"].text
    barista = postings["Weekend Barista"].text
    assert barista.startswith("# Weekend Barista\n") and "Back to all roles" not in barista


def test_a_demo_jobs_page_shows_its_posting_once_without_the_sites_back_link(demo_companies, client):
    # given the barista's job as a scrape stores it
    company = demo_companies["Harbor & Pine Coffee Roasters"]
    company_scrape(company=company)
    job = Job.objects.get(company=company, title="Weekend Barista")

    # when
    page = client.get(job.get_absolute_url()).content.decode()

    # then its title is the page's heading, and its description is the posting alone
    body = page.split("<body", 1)[1]
    assert body.count("Weekend Barista") == 1
    assert "Pay: $19.50 - $22.00 per hour, plus tips." in body
    assert "Back to all roles" not in page
    assert job.content_part == ContentPart.MAIN


def test_rules_engine_finds_the_fields_the_demo_shows(demo_companies):
    """The demo runs without an LLM: its postings must give the rules engine what the job list displays."""
    postings = {}
    for name in ("Northwind Robotics", "Harbor & Pine Coffee Roasters"):
        postings.update(fetch(demo_companies[name]))
    titles = list(postings)
    requests = [
        ExtractionRequest(key=key, text=postings[title].text, known=postings[title].fields)
        for key, title in enumerate(titles)
    ]

    # when
    found = {
        titles[result.key]: (result.fields.remote, result.fields.employment_type, result.fields.salary.model_dump())
        for result in RulesEngine().extract(requests)
    }

    # then
    def salary(low, high, currency, period):
        return {"min": low, "max": high, "currency": currency, "period": period}

    assert found == {
        "Senior Backend Engineer, Fleet Platform": ("hybrid", "full_time", salary(120000, 150000, "USD", "year")),
        "Robotics Field Service Technician": ("onsite", "full_time", salary(32, 40, "USD", "hour")),
        "Machine Learning Engineer, Perception": ("remote", "full_time", salary(165000, 205000, "USD", "year")),
        "Technical Writer (Six-Month Contract)": ("remote", "contract", salary(60, 75, "CAD", "hour")),
        "Head Roaster": ("onsite", "full_time", salary(68000, 78000, "USD", "year")),
        "E-commerce Marketing Manager": ("hybrid", "full_time", salary(85000, 98000, "USD", "year")),
        "Weekend Barista": ("onsite", "part_time", salary(19.5, 22, "USD", "hour")),
    }


def test_seeding_twice_points_the_same_companies_at_the_new_site():
    # given
    demo_companies_seed(site_url="http://127.0.0.1:8765")

    # when
    companies = demo_companies_seed(site_url="http://127.0.0.1:9999")

    # then
    assert Company.objects.count() == len(companies) == 3
    assert all(company.careers_url.startswith("http://127.0.0.1:9999/") for company in companies)
    assert PeriodicTask.objects.filter(task="scraping.tasks.scrape_company_task", enabled=True).count() == 3


def test_site_serves_only_its_own_files():
    assert respond("/../../../etc/passwd", "http://127.0.0.1:1")[0] == 404
    assert respond("/boards/northwind/jobs/1", "http://127.0.0.1:1")[0] == 404
    assert respond("/lumen/careers/", "http://127.0.0.1:1")[0] == 200


def test_the_board_api_answers_each_job_as_its_list_gives_it():
    board = json.loads(respond("/v1/boards/northwind/jobs", "http://127.0.0.1:1")[2])
    first = board["jobs"][0]

    status, content_type, body = respond(f"/v1/boards/northwind/jobs/{first['id']}", "http://127.0.0.1:1")

    assert (status, json.loads(body)) == (200, first)
    assert respond("/v1/boards/northwind/jobs/999999999", "http://127.0.0.1:1")[0] == 404

