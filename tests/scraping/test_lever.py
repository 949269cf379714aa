"""LeverSource against a loopback server answering with real Lever postings API responses."""
from urllib.parse import parse_qs

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources.lever import DEFAULT_API_BASE, EU_API_BASE, LeverSource
from tests.builders import ats_answer
from tests.servers import Reply

PALANTIR = "/v0/postings/palantir"
PARIS, LONDON, PALO_ALTO = (
    "774cf5c9-bf6a-4d77-bf60-d50ef1beb1a0",
    "ac978161-6f46-4f6b-ad9e-a258e642751c",
    "0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3",
)


def _postings() -> list:
    """The real list: three Palantir postings, long texts cut to 200 characters by the fixture's author."""
    return ats_answer("lever_palantir_postings_list_truncated.json")


def _company(api_base: str, site: str = "palantir") -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name=f"{site.title()} (test)",
        careers_url=f"https://jobs.lever.co/{site}",
        source_kind=SourceKind.LEVER,
        source_params={"board_token": site, "api_base": api_base},
    )


def _paged(postings: list):
    """A route answering `skip`/`limit` over `postings` the way Lever pages its list."""

    def answer(method, path, query, body):
        asked = parse_qs(query)
        skip, limit = int(asked["skip"][0]), int(asked["limit"][0])
        return Reply.json(postings[skip : skip + limit])

    return answer


def _source(page_size: int) -> LeverSource:
    source = LeverSource()
    source.page_size = page_size
    return source


def test_posting_fields_are_mapped(loopback, settings):
    # given
    loopback.routes[PALANTIR] = Reply.json(_postings())

    # when
    result = LeverSource().fetch(_company(loopback.url))

    # then
    assert (result.complete, result.errors) == (True, [])
    postings = {posting.external_id: posting for posting in result.postings}
    assert list(postings) == [PARIS, LONDON, PALO_ALTO]
    assert postings[PARIS].fields == {
        "title": "Deployment Strategist, Internship",
        "locations": [{"name": "Paris, France", "country": "FR"}],
        "remote": "onsite",
        "employment_type": "internship",
        "department": "Echo",
        "date_posted": "2026-05-11",
    }
    assert postings[PALO_ALTO].fields == {
        "title": "Administrative Business Partner - Security",
        "locations": [{"name": "Palo Alto, CA", "country": "US"}],
        "remote": "hybrid",
        "employment_type": "full_time",
        "department": "Administrative",
        "date_posted": "2026-05-12",
    }
    assert postings[PALO_ALTO].url == "https://jobs.lever.co/palantir/0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3"
    assert postings[PALO_ALTO].origin == "ats"
    [(_, _, query, _, headers)] = loopback.hits(PALANTIR)
    assert query == "mode=json&skip=0&limit=100"
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT


def test_description_joins_body_lists_and_closing(loopback, fixture_text):
    # The list carries each posting whole (Lever's README: the single-posting endpoint gives the same
    # fields), so the real single posting, untruncated, is served as a list of one.
    loopback.routes[PALANTIR] = Reply(
        body=f"[{fixture_text('ats/lever_palantir_posting_detail.json')}]", headers={"Content-Type": "application/json"}
    )

    [posting] = LeverSource().fetch(_company(loopback.url)).postings

    assert posting.fields == {
        "title": "Administrative Business Partner",
        "locations": [{"name": "London, United Kingdom", "country": "GB"}],
        "remote": "hybrid",
        "employment_type": "full_time",
        "department": "Administrative",
        "date_posted": "2024-03-25",
    }
    assert posting.description_html.startswith('<div><strong><span style="font-size: 18px;">A World-Changing Company')
    assert "<h3>What We Require</h3><ul>\n<li>At least three years of previous" in posting.description_html
    assert posting.description_html.endswith("FBI Internet Crime Complaint Center (IC3)</a>.</em></div>")
    assert posting.text.startswith(
        "Administrative Business Partner\n\nLondon, United Kingdom\n\nA World-Changing Company\n\n"
        "Palantir builds the world’s leading software"
    )
    assert "What We Value\n\n- Ability to adjust quickly" in posting.text
    assert posting.text.endswith("FBI Internet Crime Complaint Center (IC3).")


@pytest.mark.parametrize(
    "interval, period",
    [("per-year-salary", "year"), ("per-month-salary", "month"), ("per-hour-wage", "hour"), ("one-time", None)],
)
def test_salary_range_is_mapped(loopback, interval, period):
    # The fixture has no salaryRange; this one has the shape of Lever's README and the figures its
    # own text states ("$60,000 - $97,000/year").
    postings = _postings()
    postings[2]["salaryRange"] = {"currency": "USD", "interval": interval, "min": 60000, "max": 97000}
    loopback.routes[PALANTIR] = Reply.json(postings)

    posting = LeverSource().fetch(_company(loopback.url)).postings[2]

    salary = {"salary_min": 60000.0, "salary_max": 97000.0, "salary_currency": "USD"}
    if period:
        salary["salary_period"] = period
    assert {key: value for key, value in posting.fields.items() if key.startswith("salary_")} == salary


def test_all_locations_are_kept_with_the_country_on_the_primary_one(loopback):
    postings = _postings()
    postings[0]["categories"]["allLocations"] = ["Paris, France", "London, United Kingdom", "Paris, France"]
    loopback.routes[PALANTIR] = Reply.json(postings)

    posting = LeverSource().fetch(_company(loopback.url)).postings[0]

    assert posting.fields["locations"] == [
        {"name": "Paris, France", "country": "FR"},
        {"name": "London, United Kingdom"},
    ]
    assert posting.text.startswith("Deployment Strategist, Internship\n\nParis, France; London, United Kingdom\n\n")


@pytest.mark.parametrize(
    "page_size, queries",
    [
        # Each page starts with the last posting of the page before.
        (2, ["mode=json&skip=0&limit=2", "mode=json&skip=1&limit=2", "mode=json&skip=2&limit=2"]),
        # A last page that is exactly full needs one more request to learn that nothing follows.
        (3, ["mode=json&skip=0&limit=3", "mode=json&skip=2&limit=3"]),
    ],
)
def test_pages_are_read_until_a_short_one(loopback, page_size, queries):
    # The real list has three postings; the route pages it by skip/limit as Lever does.
    loopback.routes[PALANTIR] = _paged(_postings())

    result = _source(page_size).fetch(_company(loopback.url))

    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == [PARIS, LONDON, PALO_ALTO]
    assert [query for (_, _, query, _, _) in loopback.requests] == queries


def test_a_server_ignoring_skip_is_not_read_forever(loopback):
    loopback.routes[PALANTIR] = Reply.json(_postings())

    result = _source(3).fetch(_company(loopback.url))

    assert len(loopback.requests) == 2
    assert [posting.external_id for posting in result.postings] == [PARIS, LONDON, PALO_ALTO]
    assert result.complete is False
    assert result.errors == [f"{loopback.url}{PALANTIR} repeated earlier postings at skip=2; stopped reading"]


def test_a_posting_withdrawn_while_the_list_is_read_closes_nothing(loopback):
    # given a list of three read two at a time, whose first posting is withdrawn after the first page
    postings = _postings()
    paged = _paged(postings)

    def answer(method, path, query, body):
        reply = paged(method, path, query, body)
        if parse_qs(query)["skip"] == ["0"]:
            del postings[0]
        return reply

    loopback.routes[PALANTIR] = answer

    # when it is read: the second page starts one posting later than the first one ended (read without the
    # overlap, skip=2, it would have held nothing and Palo Alto would have been closed)
    result = _source(2).fetch(_company(loopback.url))

    # then the shift is noticed, and the result says it may not be the whole list, so the scrape closes nothing
    assert [posting.external_id for posting in result.postings] == [PARIS, LONDON, PALO_ALTO]
    assert result.complete is False
    assert result.errors == [f"{loopback.url}{PALANTIR} changed while it was read (at skip=1); closing nothing this time"]


@pytest.mark.parametrize(
    "url, site",
    [
        ("https://jobs.lever.co/palantir", "palantir"),
        (f"https://jobs.lever.co/palantir/{LONDON}/apply", "palantir"),
        ("https://jobs.eu.lever.co/leverdemo-8", "leverdemo-8"),
        ("https://api.lever.co/v0/postings/palantir?mode=json", "palantir"),
        ("https://jobs.lever.co/", ""),
        ("https://lever.co.example.com/palantir", ""),
        ("https://help.lever.co/hc/en-us", ""),  # Lever's own site
        ("https://www.palantir.com/careers/", ""),
    ],
)
def test_params_from_url(url, site):
    assert LeverSource.params_from_url(url).get("board_token", "") == site


@pytest.mark.parametrize(
    "url, api_base",
    [
        ("https://jobs.eu.lever.co/leverdemo-8", EU_API_BASE),
        ("https://jobs.lever.co/palantir", "https://api.lever.co"),
        ("https://www.palantir.com/careers/", "https://api.lever.co"),
    ],
)
def test_api_base_follows_the_instance_of_the_careers_url(url, api_base):
    # A URL that names no EU site leaves the adapter's default, the global API.
    assert LeverSource.params_from_url(url).get("api_base", DEFAULT_API_BASE) == api_base
