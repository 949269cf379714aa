"""GreenhouseSource against a loopback server answering with real Greenhouse job-board API responses."""
import json

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources import SourceError
from scraping.sources.greenhouse import GreenhouseSource
from tests.builders import greenhouse_board
from tests.servers import Reply

CATAWIKI_JOBS = "/v1/boards/catawiki/jobs"


def _company(api_base: str, token: str = "catawiki") -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name=f"{token.title()} (test)",
        careers_url=f"https://boards.greenhouse.io/{token}",
        source_kind=SourceKind.GREENHOUSE,
        source_params={"board_token": token, "api_base": api_base},
    )


def test_board_with_content_becomes_postings(loopback, settings):
    # given
    loopback.routes[CATAWIKI_JOBS] = Reply.json(greenhouse_board())

    # when
    result = GreenhouseSource().fetch(_company(loopback.url))

    # then every job is a posting and the API was asked for the content, as us
    assert (result.complete, result.errors, len(result.postings)) == (True, [], 50)
    assert len({posting.external_id for posting in result.postings}) == 50
    [(_, _, query, _, headers)] = loopback.hits(CATAWIKI_JOBS)
    assert query == "content=true"
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT


def test_posting_fields_are_mapped(loopback):
    loopback.routes[CATAWIKI_JOBS] = Reply.json(greenhouse_board())

    postings = {posting.external_id: posting for posting in GreenhouseSource().fetch(_company(loopback.url)).postings}

    android = postings["6954117"]
    assert android.url == "https://job-boards.greenhouse.io/catawiki/jobs/6954117"
    assert android.origin == "ats"
    assert android.fields == {
        "title": "Android Developer",
        "company": "Catawiki",
        "locations": [{"name": "Lisbon, Portugal"}],
        "department": "Engineering",
        "date_posted": "2025-06-05",
    }


def test_description_is_unescaped_exactly_one_level(loopback):
    loopback.routes[CATAWIKI_JOBS] = Reply.json(greenhouse_board())

    postings = {posting.external_id: posting for posting in GreenhouseSource().fetch(_company(loopback.url)).postings}

    android = postings["6954117"]
    assert android.description_html.startswith('<div class="content-intro"><p>At Catawiki, every day brings')
    assert "Lady Gaga's Jumpsuit</a>" in android.description_html
    # The API sends "&amp;nbsp;": one level down that is the entity, which a second unescape would destroy.
    assert "we proudly live by our core values:&nbsp;</p>" in android.description_html
    assert "&lt;" not in android.description_html
    assert android.text.startswith(
        "Android Developer\n\nLisbon, Portugal\n\nAt Catawiki, every day brings the extraordinary!"
    )
    assert "<" not in android.text and "&nbsp;" not in android.text


def test_list_without_content_gives_title_and_location(loopback, fixture_text):
    loopback.routes["/v1/boards/stripe/jobs"] = Reply(
        body=fixture_text("ats/greenhouse_stripe_jobs_list.json"), headers={"Content-Type": "application/json"}
    )

    result = GreenhouseSource().fetch(_company(loopback.url, token="stripe"))

    assert result.complete
    assert [(p.external_id, p.fields["title"], p.fields["locations"]) for p in result.postings] == [
        ("7954688", "Account Executive, AI Sales (Grower)", [{"name": "San Francisco, CA"}]),
        ("8023928", "Account Executive, Bridge", [{"name": "London"}]),
        ("8077887", "Account Executive, Bridge", [{"name": "SF, NYC, SEA, CHI"}]),
    ]
    first = result.postings[0]
    assert (first.text, first.description_html) == ("Account Executive, AI Sales (Grower)\n\nSan Francisco, CA", "")
    assert first.url == "https://stripe.com/jobs/search?gh_jid=7954688"
    assert "department" not in first.fields


def test_malformed_job_is_reported_and_makes_the_result_incomplete(loopback):
    board = greenhouse_board()
    del board["jobs"][3]["id"]
    loopback.routes[CATAWIKI_JOBS] = Reply.json(board)

    result = GreenhouseSource().fetch(_company(loopback.url))

    assert len(result.postings) == 49
    assert result.complete is False
    assert len(result.errors) == 1 and "malformed" in result.errors[0]


def test_invalid_json_is_a_source_error(loopback):
    truncated = json.dumps(greenhouse_board())[:5000]
    loopback.routes[CATAWIKI_JOBS] = Reply(body=truncated, headers={"Content-Type": "application/json"})

    with pytest.raises(SourceError, match="did not return valid JSON"):
        GreenhouseSource().fetch(_company(loopback.url))


def test_token_comes_from_the_careers_url_when_not_given(loopback):
    loopback.routes[CATAWIKI_JOBS] = Reply.json(greenhouse_board())
    company = _company(loopback.url)
    company.careers_url = "https://job-boards.greenhouse.io/catawiki/jobs/6954117"
    company.source_params = {"api_base": loopback.url}

    assert len(GreenhouseSource().fetch(company).postings) == 50


@pytest.mark.parametrize(
    "url, token",
    [
        ("https://boards.greenhouse.io/catawiki", "catawiki"),
        ("https://job-boards.greenhouse.io/catawiki/jobs/6954117", "catawiki"),
        ("https://job-boards.eu.greenhouse.io/monzo/jobs/7966820?gh_jid=7966820", "monzo"),
        ("https://boards.greenhouse.io/embed/job_board?for=stripe&b=https%3A%2F%2Fstripe.com", "stripe"),
        ("https://boards.greenhouse.io/embed/job_app?for=stripe&token=8026689", "stripe"),
        ("https://boards-api.greenhouse.io/v1/boards/catawiki/jobs?content=true", "catawiki"),
        ("https://stripe.com/jobs/search?gh_jid=7954688", ""),
        ("https://greenhouse.io.example.com/catawiki", ""),
        ("https://boards.greenhouse.io/", ""),
    ],
)
def test_params_from_url(url, token):
    assert GreenhouseSource.params_from_url(url) == ({"board_token": token} if token else {})
