"""Closing only what is really gone: the sudden-drop guard, its confirmation by an operator or a second run, expiry
dates, and the reason every closed job gives. A real Greenhouse board (50 postings) on loopback."""
import copy
from datetime import date, timedelta

import pytest

from jobscraper.models import Job, ScrapeRun
from scraping.closing import run_closures_confirm
from scraping.services import company_scrape
from jobscraper.models import Company, SourceKind
from jobscraper.services import company_save
from tests.builders import ats_answer, greenhouse_board, greenhouse_company
from tests.servers import Reply

pytestmark = pytest.mark.django_db

ROUTE = "/v1/boards/catawiki/jobs"


@pytest.fixture
def board(loopback):
    """The company, scraped once from the whole board: 50 open jobs. Serve another answer with board.serve(...)."""
    whole = greenhouse_board()

    def serve(jobs):
        loopback.routes[ROUTE] = Reply.json({"jobs": jobs, "meta": {"total": len(jobs)}})

    serve(whole["jobs"])
    company = greenhouse_company(loopback.url)
    company_scrape(company=company)
    assert Job.objects.open().filter(company=company).count() == 50
    return type("Board", (), {"company": company, "jobs": whole["jobs"], "serve": staticmethod(serve)})


def _scrape(company) -> ScrapeRun:
    return company_scrape(company=company).run


def _open_ids(company) -> set[str]:
    return set(Job.objects.open().filter(company=company).values_list("external_id", flat=True))


def _ids(jobs) -> set[str]:
    return {str(job["id"]) for job in jobs}


def test_a_few_postings_gone_from_a_complete_listing_are_closed_with_their_reason(board):
    board.serve(board.jobs[3:])

    run = _scrape(board.company)

    assert (run.status, run.closed, run.held_closures) == ("succeeded", 3, [])
    assert run.closing == "closed 3: gone from the listing"
    gone = Job.objects.filter(external_id__in=_ids(board.jobs[:3]))
    assert {(job.status, job.close_reason) for job in gone} == {("closed", "gone")}
    assert _open_ids(board.company) == _ids(board.jobs[3:])


@pytest.mark.parametrize("left", [10, 0], ids=["board shrinks by 80%", "200 with an empty list"])
def test_a_sudden_drop_closes_nothing_and_holds_the_closures(board, left):
    board.serve(board.jobs[:left])

    run = _scrape(board.company)

    assert (run.status, run.closed) == ("suspicious", 0)
    assert len(run.held_closures) == 50 - left
    assert f"no longer shows {50 - left} of the company's 50 open jobs" in run.closing
    assert _open_ids(board.company) == _ids(board.jobs)


def test_an_operator_confirms_the_held_closures_except_jobs_seen_since(board):
    board.serve(board.jobs[:10])
    suspicious = _scrape(board.company)
    # a posting the drop hid is listed again before the operator looks, by a run that did not read the listing whole
    unreadable = {key: value for key, value in board.jobs[12].items() if key != "id"}
    board.serve(board.jobs[:11] + [unreadable])
    assert _scrape(board.company).status == "partial"
    suspicious.refresh_from_db()

    closed = run_closures_confirm(run=suspicious, by="ops")

    assert closed == 39
    assert _open_ids(board.company) == _ids(board.jobs[:11])
    assert set(Job.objects.filter(status="closed").values_list("close_reason", flat=True)) == {"confirmed"}
    suspicious.refresh_from_db()
    assert (suspicious.status, suspicious.held_closures, suspicious.closed) == ("succeeded", [], 39)
    assert "ops confirmed; closed 39, 1 seen again since or already closed" in suspicious.closing


def test_a_second_complete_run_that_agrees_confirms_the_drop(board):
    board.serve(board.jobs[:10])
    first = _scrape(board.company)

    second = _scrape(board.company)

    assert (first.status, second.status, second.closed) == ("suspicious", "succeeded", 40)
    assert "as run" in second.closing and "agreeing confirms" in second.closing
    assert _open_ids(board.company) == _ids(board.jobs[:10])
    first.refresh_from_db()
    assert first.held_closures == [] and f"confirmed by run {second.pk}" in first.closing


def test_a_second_run_missing_other_jobs_holds_again(board):
    board.serve(board.jobs[:10])
    _scrape(board.company)
    board.serve(board.jobs[10:20])

    run = _scrape(board.company)

    assert (run.status, run.closed) == ("suspicious", 0)
    assert _open_ids(board.company) == _ids(board.jobs)


@pytest.mark.parametrize(
    "answer, status",
    [
        (Reply(body='{"jobs": [{"id": 1, "title": "Data Eng', headers={"Content-Type": "application/json"}), "failed"),
        (Reply.html("<html><body><h1>We'll be back soon</h1></body></html>"), "failed"),
        (Reply(status=503, body="maintenance"), "failed"),
    ],
    ids=["truncated JSON", "an HTML error page with status 200", "503"],
)
def test_a_listing_that_cannot_be_read_closes_nothing(board, loopback, settings, answer, status):
    settings.SCRAPE_MAX_ATTEMPTS = 1
    loopback.routes[ROUTE] = answer

    run = _scrape(board.company)

    assert (run.status, run.closed) == (status, 0)
    assert run.error
    assert _open_ids(board.company) == _ids(board.jobs)


def test_a_partial_listing_says_why_it_closed_nothing(board):
    jobs = copy.deepcopy(board.jobs[:40])
    jobs[5].pop("id")  # one posting the adapter cannot read: the listing is not whole

    run = _scrape_with(board, jobs)

    assert (run.status, run.closed) == ("partial", 0)
    assert run.closing == "closed nothing: the listing was not read whole"
    assert _open_ids(board.company) == _ids(board.jobs)


def _scrape_with(board, jobs) -> ScrapeRun:
    board.serve(jobs)
    return _scrape(board.company)


def test_a_posting_past_its_close_date_is_closed_as_expired_and_stays_closed_while_listed(loopback):
    # given a Recruitee board whose first offer closed yesterday (its close_at), though the board still lists it
    answer = ats_answer("recruitee_acmelogistics_offers.json")
    for offer in answer["offers"]:
        offer["close_at"] = None
    yesterday = date.today() - timedelta(days=1)
    answer["offers"][0]["close_at"] = f"{yesterday.isoformat()} 21:59:59 UTC"
    loopback.routes["/api/offers/"] = Reply.json(answer)
    company = company_save(company=Company(
        name="Acme Logistics (test)", careers_url="https://acmelogistics.recruitee.com/",
        source_kind=SourceKind.RECRUITEE, source_params={"api_base": loopback.url},
    ))

    # when it is scraped twice
    first, again = _scrape(company), _scrape(company)

    # then the offer is stored, closed as expired, once: listed again it is neither reopened nor closed again
    job = Job.objects.get(external_id=str(answer["offers"][0]["id"]))
    assert (job.status, job.close_reason, job.valid_through) == ("closed", "expired", yesterday)
    assert (first.closed, first.closing) == (1, "closed 1: expired (valid-through date passed)")
    assert (again.closed, again.reopened, again.closing) == (0, 0, "")
    assert job.changes.filter(kind="closed").count() == 1
    assert Job.objects.open().filter(company=company).count() == 2
