"""WorkableSource against a loopback server answering as Workable's widget API does (fixture written by us)."""
import json

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources.workable import WorkableSource
from tests.servers import Reply

ACME_JOBS = "/api/v1/widget/accounts/acme-robotics"
FIXTURE = "ats/workable_acme_robotics_widget_details_true.json"


def _company(api_base: str, account: str = "acme-robotics") -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name="Acme Robotics (test)",
        careers_url=f"https://apply.workable.com/{account}/",
        source_kind=SourceKind.WORKABLE,
        source_params={"account": account, "api_base": api_base},
    )


@pytest.fixture
def widget(fixture_text):
    return json.loads(fixture_text(FIXTURE))


def _postings(loopback, widget) -> dict:
    loopback.routes[ACME_JOBS] = Reply.json(widget)
    result = WorkableSource().fetch(_company(loopback.url))
    assert (result.complete, result.errors) == (True, [])
    return {posting.external_id: posting for posting in result.postings}


def test_account_with_details_becomes_postings(loopback, widget, settings):
    # given
    loopback.routes[ACME_JOBS] = Reply.json(widget)

    # when
    result = WorkableSource().fetch(_company(loopback.url))

    # then every job is a posting and the API was asked for the details, as us
    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == [
        "5F1A2B3C4D", "8D7E6F5A4B", "1C2D3E4F5A", "9A8B7C6D5E",
    ]
    [(method, _, query, _, headers)] = loopback.hits(ACME_JOBS)
    assert (method, query) == ("GET", "details=true")
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT


def test_job_fields_are_mapped(loopback, widget):
    backend = _postings(loopback, widget)["5F1A2B3C4D"]

    assert backend.url == "https://apply.workable.com/j/5F1A2B3C4D"
    assert backend.origin == "ats"
    # The hidden Munich location is left out; "Mid-Senior level" spans two levels, so no seniority.
    assert backend.fields == {
        "title": "Senior Backend Engineer",
        "company": "Acme Robotics",
        "locations": [
            {"name": "Berlin, Berlin, Germany", "city": "Berlin", "region": "Berlin", "country": "DE"},
            {"name": "Lisbon, Lisbon, Portugal", "city": "Lisbon", "region": "Lisbon", "country": "PT"},
        ],
        "employment_type": "full_time",
        "department": "Engineering",
        "date_posted": "2025-05-14",
    }


def test_full_description_is_preferred_and_becomes_text(loopback, widget):
    backend = _postings(loopback, widget)["5F1A2B3C4D"]

    assert backend.description_html == widget["jobs"][0]["full_description"]
    assert backend.text == (
        "Senior Backend Engineer\n\nBerlin, Berlin, Germany; Lisbon, Lisbon, Portugal\n\n"
        "You will design the services that plan routes for our fleet of forklifts.\n\n"
        "Requirements\n\n- 5+ years of Python or Go\n- PostgreSQL & message queues\n\n"
        "Benefits\n\n- 30 days of paid leave"
    )


def test_remote_part_time_job_without_locations_list_uses_its_city(loopback, widget):
    success = _postings(loopback, widget)["8D7E6F5A4B"]

    # No countryCode outside the locations list: the country's name stays in the name only.
    assert success.fields == {
        "title": "Customer Success Manager",
        "company": "Acme Robotics",
        "locations": [
            {"name": "Amsterdam, North Holland, Netherlands", "city": "Amsterdam", "region": "North Holland"},
        ],
        "remote": "remote",
        "employment_type": "part_time",
        "seniority": "junior",
        "department": "Customer Success",
        "date_posted": "2025-05-20",
    }
    assert success.description_html == widget["jobs"][1]["description"]


def test_unknown_vocabulary_and_empty_values_are_left_out(loopback, widget):
    postings = _postings(loopback, widget)

    technician = postings["1C2D3E4F5A"].fields
    assert technician["employment_type"] == "contract"
    assert technician["date_posted"] == "2025-04-30"  # created_at when published_on is empty
    assert "department" not in technician and "seniority" not in technician
    open_application = postings["9A8B7C6D5E"]
    assert "employment_type" not in open_application.fields  # "Other"
    assert open_application.description_html == ""
    assert open_application.text == "Open Application\n\nBerlin, Berlin, Germany"


def test_a_job_listed_once_per_location_is_one_posting_with_both(loopback, widget):
    backend = widget["jobs"][0]
    widget["jobs"].insert(1, {**backend, "locations": [
        {"country": "Spain", "countryCode": "ES", "city": "Madrid", "region": "Madrid", "hidden": False},
    ]})

    postings = _postings(loopback, widget)

    assert len(postings) == 4
    assert [location["name"] for location in postings["5F1A2B3C4D"].fields["locations"]] == [
        "Berlin, Berlin, Germany", "Lisbon, Lisbon, Portugal", "Madrid, Madrid, Spain",
    ]


@pytest.mark.parametrize(
    "url, account",
    [
        ("https://apply.workable.com/acme-robotics/", "acme-robotics"),
        ("https://apply.workable.com/acme-robotics/j/5F1A2B3C4D/", "acme-robotics"),
        ("https://acme.workable.com/", "acme"),
        ("https://apply.workable.com/api/v1/widget/accounts/acme?details=true", "acme"),
        ("https://apply.workable.com/api/v3/accounts/acme/jobs", "acme"),
        ("https://apply.workable.com/j/5F1A2B3C4D", ""),
        ("https://www.workable.com/", ""),
        ("https://workable.com.example.org/acme", ""),
        ("https://apply.workable.com/", ""),
    ],
)
def test_params_from_url(url, account):
    assert WorkableSource.params_from_url(url).get("account", "") == account
