"""AshbySource against a loopback server answering with real Ashby job-board API responses."""

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources.ashby import AshbySource
from tests.builders import ats_answer
from tests.servers import Reply

RAMP = "/posting-api/job-board/ramp"
SECURITY_ENGINEER = "34413f8d-26bf-4bbc-8ade-eb309a0e2245"
ANDROID_INTERN = "67fadb77-43d8-4449-954b-d4cf2c6d3b8b"
MOBILE_ENGINEER = "f564dcf9-9390-4a3f-896f-8047a5086040"


def _board() -> dict:
    """The real three-job Ramp board; descriptions cut to 200 characters by the fixture's author."""
    return ats_answer("ashby_ramp_jobs_list_truncated.json")


def _company(api_base: str, board: str = "ramp") -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name=f"{board.title()} (test)",
        careers_url=f"https://jobs.ashbyhq.com/{board}",
        source_kind=SourceKind.ASHBY,
        source_params={"board_token": board, "api_base": api_base},
    )


def _compensation(*salaries: dict) -> dict:
    """A `compensation` object shaped as in Ashby's documentation of this API
    (developers.ashbyhq.com/docs/public-job-posting-api): the fixtures were saved without
    includeCompensation. Equity is listed too, as boards do, to show it is not taken for pay."""
    equity = {
        "summary": "0.05% – 0.1%",
        "compensationType": "EquityPercentage",
        "interval": "NONE",
        "currencyCode": None,
        "minValue": 0.05,
        "maxValue": 0.1,
    }
    return {
        "compensationTierSummary": "$190K – $250K • 0.05% – 0.1%",
        "scrapeableCompensationSalarySummary": "$190K - $250K",
        "summaryComponents": [*salaries, equity],
    }


def _salary(interval: str = "1 YEAR", currency: str = "USD", low=190000, high=250000) -> dict:
    return {
        "summary": "$190K – $250K",
        "compensationType": "Salary",
        "interval": interval,
        "currencyCode": currency,
        "minValue": low,
        "maxValue": high,
    }


def test_job_fields_are_mapped(loopback, fixture_text, settings):
    # given the real one-job board with its full description
    loopback.routes[RAMP] = Reply(
        body=fixture_text("ats/ashby_ramp_job_board_one_job.json"), headers={"Content-Type": "application/json"}
    )

    # when
    result = AshbySource().fetch(_company(loopback.url))

    # then
    assert (result.complete, result.errors) == (True, [])
    [posting] = result.postings
    assert posting.external_id == SECURITY_ENGINEER
    assert posting.url == f"https://jobs.ashbyhq.com/ramp/{SECURITY_ENGINEER}"
    assert posting.origin == "ats"
    # Countries come as "USA", "United States", "Canada": not ISO codes, so they are left out.
    assert posting.fields == {
        "title": "Security Engineer, Cloud",
        "locations": [
            {"name": "New York, NY (HQ)", "city": "New York City", "region": "NY"},
            {"name": "Remote (Canada)"},
            {"name": "Remote (US)"},
            {"name": "Miami, FL", "city": "Miami", "region": "Florida"},
        ],
        "remote": "hybrid",
        "employment_type": "full_time",
        "department": "Engineering",
        "date_posted": "2026-04-07",
    }
    job = ats_answer("ashby_ramp_job_board_one_job.json")["jobs"][0]
    assert posting.description_html == job["descriptionHtml"]
    assert posting.text.startswith(
        "Security Engineer, Cloud\n\nNew York, NY (HQ); Remote (Canada); Remote (US); Miami, FL\n\n"
        "About Ramp\n\nRamp is building the smart infrastructure for finance teams"
    )
    assert "<" not in posting.text
    # One request holds the whole board: Ashby's posting API has no pages and no per-job endpoint.
    [(_, _, query, _, headers)] = loopback.requests
    assert query == "includeCompensation=true"
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT


def test_every_job_of_the_board_becomes_a_posting(loopback, fixture_text):
    loopback.routes[RAMP] = Reply(
        body=fixture_text("ats/ashby_ramp_jobs_list_truncated.json"), headers={"Content-Type": "application/json"}
    )

    result = AshbySource().fetch(_company(loopback.url))

    assert result.complete
    assert [posting.external_id for posting in result.postings] == [ANDROID_INTERN, SECURITY_ENGINEER, MOBILE_ENGINEER]
    intern = result.postings[0]
    assert intern.fields == {
        "title": "Software Engineer Internship, Android",
        "locations": [
            {"name": "New York, NY (HQ)", "city": "New York City", "region": "NY"},
            {"name": "San Francisco, CA", "city": "San Fransisco", "region": "California"},
        ],
        "remote": "hybrid",
        "employment_type": "internship",
        "department": "Engineering",
        "date_posted": "2025-08-07",
    }


@pytest.mark.parametrize(
    "salary, expected",
    [
        (
            _salary(),
            {"salary_min": 190000.0, "salary_max": 250000.0, "salary_currency": "USD", "salary_period": "year"},
        ),
        (
            _salary(interval="1 HOUR", currency="CAD", low=95, high=120),
            {"salary_min": 95.0, "salary_max": 120.0, "salary_currency": "CAD", "salary_period": "hour"},
        ),
    ],
)
def test_salary_component_is_mapped(loopback, salary, expected):
    board = ats_answer("ashby_ramp_job_board_one_job.json")
    board["jobs"][0]["compensation"] = _compensation(salary)
    loopback.routes[RAMP] = Reply.json(board)

    [posting] = AshbySource().fetch(_company(loopback.url)).postings

    assert {key: value for key, value in posting.fields.items() if key.startswith("salary_")} == expected


def test_several_salary_components_give_no_salary(loopback):
    # Two Salary ranges (here one per currency) are not one salary; the extractor reads the text instead.
    board = ats_answer("ashby_ramp_job_board_one_job.json")
    board["jobs"][0]["compensation"] = _compensation(_salary(), _salary(currency="CAD", low=200000, high=270000))
    loopback.routes[RAMP] = Reply.json(board)

    [posting] = AshbySource().fetch(_company(loopback.url)).postings

    assert not [key for key in posting.fields if key.startswith("salary_")]


def test_workplace_type_decides_remote(loopback):
    board = _board()
    board["jobs"][0]["workplaceType"] = "Remote"
    board["jobs"][1]["workplaceType"] = "OnSite"
    del board["jobs"][2]["workplaceType"]  # isRemote stays true, but Ramp sets it on hybrid jobs too
    loopback.routes[RAMP] = Reply.json(board)

    postings = AshbySource().fetch(_company(loopback.url)).postings

    assert [posting.fields.get("remote") for posting in postings] == ["remote", "onsite", None]


def test_unlisted_jobs_are_left_out(loopback):
    board = _board()
    board["jobs"][1]["isListed"] = False
    loopback.routes[RAMP] = Reply.json(board)

    result = AshbySource().fetch(_company(loopback.url))

    assert (result.complete, [posting.external_id for posting in result.postings]) == (
        True,
        [ANDROID_INTERN, MOBILE_ENGINEER],
    )


@pytest.mark.parametrize(
    "url, board",
    [
        ("https://jobs.ashbyhq.com/ramp", "ramp"),
        (f"https://jobs.ashbyhq.com/ramp/{SECURITY_ENGINEER}/application", "ramp"),
        ("https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true", "ramp"),
        ("https://jobs.ashbyhq.com/", ""),
        ("https://ashbyhq.com.example.org/ramp", ""),
        ("https://ramp.com/careers", ""),
    ],
)
def test_params_from_url(url, board):
    assert AshbySource.params_from_url(url).get("board_token", "") == board
