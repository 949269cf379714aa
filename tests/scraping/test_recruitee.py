"""RecruiteeSource against a loopback server answering with a Recruitee careers-site offers list."""

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources.recruitee import RecruiteeSource, posting_from_offer
from tests.builders import ats_answer
from tests.servers import Reply

OFFERS = "/api/offers/"
# Written by us after Recruitee's documented format (see tests/fixtures/ORIGIN.tsv): no real answer is stored.
ANSWER = ats_answer("recruitee_acmelogistics_offers.json")
BACKEND, INTERN = ANSWER["offers"][0], ANSWER["offers"][2]
AMSTERDAM = {
    "name": "Amsterdam, North Holland, Netherlands", "city": "Amsterdam", "region": "North Holland", "country": "NL"
}
ROTTERDAM = {
    "name": "Rotterdam, South Holland, Netherlands", "city": "Rotterdam", "region": "South Holland", "country": "NL"
}


def _company(api_base: str) -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name="Acme Logistics (test)",
        careers_url="https://acmelogistics.recruitee.com/",
        source_kind=SourceKind.RECRUITEE,
        source_params={"api_base": api_base},
    )


def _postings(loopback) -> dict:
    loopback.routes[OFFERS] = Reply.json(ANSWER)
    return {posting.external_id: posting for posting in RecruiteeSource().fetch(_company(loopback.url)).postings}


def test_offers_become_postings(loopback, settings):
    loopback.routes[OFFERS] = Reply.json(ANSWER)

    result = RecruiteeSource().fetch(_company(loopback.url))

    # one request lists every offer with its description: no detail requests, no pages
    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == ["1843201", "1843377", "1843512"]
    [(method, _, query, _, headers)] = loopback.hits(OFFERS)
    assert (method, query) == ("GET", "")
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT


def test_offer_fields_are_mapped(loopback):
    postings = _postings(loopback)

    backend, support, intern = postings["1843201"], postings["1843377"], postings["1843512"]
    assert backend.url == "https://acmelogistics.recruitee.com/o/backend-engineer-elixir"
    assert backend.origin == "ats"
    assert backend.fields == {
        "title": "Backend Engineer (Elixir)",
        "company": "Acme Logistics",
        "locations": [AMSTERDAM, ROTTERDAM],
        "remote": "hybrid",
        "employment_type": "full_time",
        "department": "Engineering",
        "salary_min": 65000.0,
        "salary_max": 80000.0,
        "salary_currency": "EUR",
        "salary_period": "year",
        "date_posted": "2025-05-12",
    }
    assert support.fields == {
        "title": "Customer Support Agent (weekends)",
        "company": "Acme Logistics",
        "locations": [{"name": "Netherlands", "country": "NL"}],
        "remote": "remote",
        "employment_type": "part_time",
        "department": "Customer Success",
        "salary_min": 18.5,
        "salary_max": 18.5,
        "salary_currency": "EUR",
        "salary_period": "hour",
        "date_posted": "2025-06-20",
        "valid_through": "2025-09-30",  # its close_at, "2025-09-30 21:59:59 UTC"
    }
    # no department, and a salary object whose every value is null: both left out
    assert intern.fields == {
        "title": "Operations Intern",
        "company": "Acme Logistics",
        "locations": [{"name": "Berlin, Germany", "city": "Berlin", "region": "Berlin", "country": "DE"}],
        "remote": "onsite",
        "employment_type": "internship",
        "date_posted": "2025-07-01",
    }


def test_description_and_requirements_are_kept(loopback):
    postings = _postings(loopback)

    backend, intern = postings["1843201"], postings["1843512"]
    assert backend.description_html == f"{BACKEND['description']}\n{BACKEND['requirements']}"
    assert backend.text.startswith(
        "Backend Engineer (Elixir)\n\nAmsterdam, North Holland, Netherlands; Rotterdam, South Holland, Netherlands\n\n"
        "Acme Logistics plans the routes of 4,000 trucks a day across Europe."
    )
    assert "Working knowledge of PostgreSQL" in backend.text and "<" not in backend.text
    assert (intern.description_html, intern.text) == (
        INTERN["description"],
        "Operations Intern\n\nBerlin, Germany\n\n"
        "Six months in our Berlin depot: plan loading slots and find out why trucks wait.",
    )


@pytest.mark.parametrize(
    "code, employment_type",
    [
        ("fulltime_fixed_term", "full_time"),
        ("parttime_permanent", "part_time"),
        ("parttime_minijob", "part_time"),
        ("fulltime", "full_time"),
        ("freelance", "contract"),
        ("contract", "contract"),
        ("temporary", "temporary"),
        ("traineeship", None),
        (None, None),
    ],
)
def test_employment_type_codes(code, employment_type):
    posting = posting_from_offer({**BACKEND, "employment_type_code": code})

    assert posting.fields.get("employment_type") == employment_type


def test_offer_without_a_locations_list_is_read_from_its_flat_fields():
    offer = {key: value for key, value in BACKEND.items() if key != "locations"}

    assert posting_from_offer(offer).fields["locations"] == [AMSTERDAM]


@pytest.mark.parametrize(
    "url, subdomain",
    [
        ("https://acmelogistics.recruitee.com/", "acmelogistics"),
        ("https://acmelogistics.recruitee.com/o/backend-engineer-elixir", "acmelogistics"),
        ("https://ACME-logistics.recruitee.com/api/offers/", "acme-logistics"),
        ("https://acmelogistics.recruitee.com.example.com/", ""),
        ("https://recruitee.com/", ""),
        ("https://www.recruitee.com/careers", ""),
        ("https://careers.acmelogistics.example/o/backend-engineer-elixir", ""),
    ],
)
def test_params_from_url(url, subdomain):
    assert RecruiteeSource.params_from_url(url).get("subdomain", "") == subdomain
