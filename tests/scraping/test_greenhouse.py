"""GreenhouseSource against a loopback server answering with real Greenhouse job-board API responses."""
import dataclasses
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
    assert query == "content=true&pay_transparency=true"
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


def test_a_posts_requisition_and_ats_job_are_kept_outside_the_content_hash(loopback):
    loopback.routes[CATAWIKI_JOBS] = Reply.json(greenhouse_board())

    postings = {posting.external_id: posting for posting in GreenhouseSource().fetch(_company(loopback.url)).postings}

    # Catawiki posts Greenhouse job 3196128 twice, as "Category Manager (Art)" and "Category Manager - eCommerce (Art)",
    # with no requisition; job 3194921 in Lisbon and in Spain, under requisition P-1075278086
    art, ecommerce = postings["7080954"], postings["7297706"]
    assert art.evidence == ecommerce.evidence == {"ats_job_id": "3196128"}
    assert postings["7077266"].evidence == {"requisition_id": "P-1075278086", "ats_job_id": "3194921"}
    assert dataclasses.replace(art, ats_job_id="").content_hash == art.content_hash


@pytest.mark.django_db
def test_the_ids_are_stored_in_the_jobs_source_data_and_kept_current_without_a_change(loopback):
    from extraction.services import extraction_request
    from scraping.services import company_scrape
    from tests.builders import greenhouse_company

    # given the board, its list stating (no) pay, so that no job's own request is asked
    board = greenhouse_board()
    for job in board["jobs"]:
        job["pay_input_ranges"] = []
    loopback.routes[CATAWIKI_JOBS] = Reply.json(board)
    company = greenhouse_company(loopback.url)

    company_scrape(company=company)
    job = company.jobs.get(external_id="7077266")
    assert job.source_data["evidence"] == {"requisition_id": "P-1075278086", "ats_job_id": "3194921"}
    assert job.source_data["title"] == "Classic Cars Expert (Spanish speaker) - Lisbon"
    # kept beside the fields the source gave, never named to an engine as one of them
    assert "evidence" not in extraction_request(job).known and job.source_fields["title"] == job.source_data["title"]

    # a job stored before the ids were kept gains them when seen again unchanged, and is not extracted again
    job.source_data.pop("evidence")
    job.save(update_fields=["source_data"])
    run = company_scrape(company=company).run
    job.refresh_from_db()
    assert (run.changed, run.unchanged, job.source_data["evidence"]["ats_job_id"]) == (0, 50, "3194921")


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


def test_invalid_json_is_a_source_error(loopback):
    truncated = json.dumps(greenhouse_board())[:5000]
    loopback.routes[CATAWIKI_JOBS] = Reply(body=truncated, headers={"Content-Type": "application/json"})

    with pytest.raises(SourceError, match="did not return valid JSON"):
        GreenhouseSource().fetch(_company(loopback.url))


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


# --- Pay: pay_input_ranges, from the list when it gives them, else from each new or changed job's own request -----
# The ranges' shape is Greenhouse's documented one ({"min_cents", "max_cents", "currency_type", "title", "blurb"});
# no recorded board answer with ranges was found, so the ranges below are written by us onto the real jobs.

US_PAY = [{"min_cents": 15000000, "max_cents": 19000000, "currency_type": "USD", "title": "Annual Salary", "blurb": ""},
          {"min_cents": 13500000, "max_cents": 17000000, "currency_type": "USD", "title": "Annual Salary", "blurb": ""}]


def _detail_routes(loopback, board: dict, pay: dict) -> None:
    """Each job's own answer: the job as the list gives it, with the ranges `pay` holds for it (none otherwise)."""
    for job in board["jobs"]:
        loopback.routes[f"{CATAWIKI_JOBS}/{job['id']}"] = Reply.json({**job, "pay_input_ranges": pay.get(job["id"], [])})


def _detail_hits(loopback) -> list[str]:
    return [path for _, path, _, _, _ in loopback.requests if path.startswith(f"{CATAWIKI_JOBS}/")]


def test_pay_ranges_are_one_span_in_their_currency():
    from scraping.sources.greenhouse import pay_fields

    assert pay_fields(US_PAY) == {"salary_min": 135000.0, "salary_max": 190000.0, "salary_currency": "USD",
                                  "salary_period": "year"}
    assert pay_fields([{"min_cents": 3000, "max_cents": 4500, "currency_type": "usd", "title": "Hourly Range"}]) == {
        "salary_min": 30.0, "salary_max": 45.0, "salary_currency": "USD", "salary_period": "hour"}
    # ranges in two currencies state no one span; nothing, or nonsense, is no pay
    assert pay_fields([*US_PAY, {"min_cents": 9000000, "max_cents": 11000000, "currency_type": "EUR"}]) == {}
    assert pay_fields([]) == pay_fields(None) == pay_fields("x") == pay_fields([{"min_cents": "a"}]) == {}


@pytest.mark.django_db
def test_pay_is_asked_of_new_and_changed_jobs_only(loopback):
    from scraping.services import company_scrape
    from tests.builders import greenhouse_company

    # given a board whose list states no pay, and a job whose own answer does
    board = greenhouse_board()
    paid = board["jobs"][0]["id"]
    loopback.routes[CATAWIKI_JOBS] = Reply.json(board)
    _detail_routes(loopback, board, {paid: US_PAY})
    company = greenhouse_company(loopback.url)

    # when it is scraped: every job is asked for its pay, once, with pay_transparency
    company_scrape(company=company)
    assert len(_detail_hits(loopback)) == 50
    assert {query for _, path, query, _, _ in loopback.requests if path.startswith(f"{CATAWIKI_JOBS}/")} == {
        "pay_transparency=true"}
    job = company.jobs.get(external_id=str(paid))
    assert (job.source_data["salary_min"], job.source_data["salary_max"]) == (135000.0, 190000.0)

    # when it is scraped again unchanged: no job is asked again, and the pay stays
    loopback.requests.clear()
    run = company_scrape(company=company).run
    assert (_detail_hits(loopback), run.changed, run.unchanged) == ([], 0, 50)

    # when one job changes: only it is asked
    board["jobs"][3]["title"] = "Senior " + board["jobs"][3]["title"]
    loopback.routes[CATAWIKI_JOBS] = Reply.json(board)
    loopback.requests.clear()
    company_scrape(company=company)
    assert _detail_hits(loopback) == [f"{CATAWIKI_JOBS}/{board['jobs'][3]['id']}"]
    job.refresh_from_db()
    assert job.source_data["salary_currency"] == "USD"


def test_pay_the_list_states_needs_no_request_and_a_failed_request_leaves_pay_out(loopback):
    board = greenhouse_board()
    board["jobs"][0]["pay_input_ranges"] = US_PAY[:1]
    loopback.routes[CATAWIKI_JOBS] = Reply.json(board)
    loopback.routes[f"{CATAWIKI_JOBS}/{board['jobs'][1]['id']}"] = Reply(status=500, body="down")

    result = GreenhouseSource().fetch(_company(loopback.url))

    # the list's pay is read without a request; the job whose request failed arrives without pay, nothing else lost
    postings = {posting.external_id: posting for posting in result.postings}
    assert (result.complete, result.errors, len(postings)) == (True, [], 50)
    assert postings[str(board["jobs"][0]["id"])].fields["salary_max"] == 190000.0
    assert f"{CATAWIKI_JOBS}/{board['jobs'][0]['id']}" not in _detail_hits(loopback)
    failed = postings[str(board["jobs"][1]["id"])]
    assert "salary_min" not in failed.fields and failed.fields["title"] and failed.detail_missing == ""


@pytest.mark.django_db
def test_pay_not_asked_within_the_runs_time_is_asked_next_run(loopback, monkeypatch):
    from scraping.services import company_scrape
    from tests.builders import greenhouse_company

    # given a large board's first read, whose time for pay requests is spent at once
    board = greenhouse_board()
    paid = board["jobs"][0]["id"]
    loopback.routes[CATAWIKI_JOBS] = Reply.json(board)
    _detail_routes(loopback, board, {paid: US_PAY})
    company = greenhouse_company(loopback.url)
    monkeypatch.setattr("scraping.sources.greenhouse.PAY_SECONDS", -1)

    # when it is scraped: every job is stored and open, none asked, each to be asked next run
    first = company_scrape(company=company).run
    assert (_detail_hits(loopback), first.new, first.status, first.closed) == ([], 50, "partial", 0)
    assert "pay not asked: this run's -1 s for pay requests were spent" in first.error
    assert set(company.jobs.values_list("content_hash", flat=True)) == {""}

    # when the next run has time: each job is asked once, and the run is whole
    monkeypatch.setattr("scraping.sources.greenhouse.PAY_SECONDS", 300)
    second = company_scrape(company=company).run
    assert (len(_detail_hits(loopback)), second.status, second.changed) == (50, "succeeded", 50)
    assert company.jobs.get(external_id=str(paid)).source_data["salary_max"] == 190000.0
