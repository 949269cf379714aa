"""company_scrape on real PostgreSQL: new / changed / unchanged / closed / reopened, failures and partial runs."""
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from jobscraper.models import Company, Job, ScrapeRun, SourceKind
from jobscraper.services import company_save
from scraping.services import company_scrape
from tests.builders import greenhouse_board, greenhouse_company
from tests.scraping.pages import careers_listing
from tests.servers import Reply

pytestmark = pytest.mark.django_db

JOBS_PATH = "/v1/boards/catawiki/jobs"
CHANGED_ID = "6954117"  # Android Developer
REMOVED_ID = "7310362"
ADDED_PARAGRAPH = "&lt;p&gt;From September the whole team works a four-day week.&lt;/p&gt;"


def _board(*, changed: str = "", removed: str = "", malformed: str = "") -> dict:
    """The real Catawiki board, with one job's content changed, one job gone, one job missing its id."""
    board = greenhouse_board()
    jobs = []
    for job in board["jobs"]:
        job_id = str(job["id"])
        if job_id == removed:
            continue
        if job_id == changed:
            job = dict(job, content=job["content"] + ADDED_PARAGRAPH)
        if job_id == malformed:
            job = {key: value for key, value in job.items() if key != "id"}
        jobs.append(job)
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


def _counts(run: ScrapeRun) -> tuple:
    run.refresh_from_db()
    return run.status, run.found, run.new, run.changed, run.unchanged, run.closed, run.reopened


def _extracted():
    """What the extraction stage leaves behind, so the next scrape starts from settled jobs."""
    Job.objects.update(extraction_state=Job.ExtractionState.DONE, extracted_hash=F("content_hash"))


def test_successive_scrapes_track_new_changed_closed_and_reopened(loopback):
    company = greenhouse_company(loopback.url)

    # when the board is scraped for the first time
    loopback.routes[JOBS_PATH] = Reply.json(_board())
    first = company_scrape(company=company)

    # then every posting is a new, open job handed on for extraction
    assert _counts(first.run) == ("succeeded", 50, 50, 0, 0, 0, 0)
    assert (first.run.error, first.run.finished_at is not None) == ("", True)
    jobs = Job.objects.filter(company=company)
    assert sorted(first.job_ids) == sorted(jobs.values_list("pk", flat=True))
    assert set(jobs.values_list("status", "extraction_state", "source_origin")) == {("open", "pending", "ats")}
    assert jobs.get(external_id=CHANGED_ID).title == "Android Developer"
    _extracted()
    removed_seen_at = jobs.get(external_id=REMOVED_ID).last_seen_at

    # when one posting's content changes and another disappears
    loopback.routes[JOBS_PATH] = Reply.json(_board(changed=CHANGED_ID, removed=REMOVED_ID))
    second = company_scrape(company=company)

    # then only the changed job goes back to extraction and the missing one is closed
    assert _counts(second.run) == ("succeeded", 49, 0, 1, 48, 1, 0)
    changed = jobs.get(external_id=CHANGED_ID)
    assert changed.extraction_state == Job.ExtractionState.PENDING
    assert "four-day week" in changed.raw_content and "four-day week" in changed.description_html
    assert second.job_ids == [changed.pk]
    removed = jobs.get(external_id=REMOVED_ID)
    assert (removed.status, removed.closed_at is not None, removed.last_seen_at) == ("closed", True, removed_seen_at)
    assert jobs.open().count() == 49
    _extracted()

    # when the removed posting comes back unchanged
    loopback.routes[JOBS_PATH] = Reply.json(_board(changed=CHANGED_ID))
    third = company_scrape(company=company)

    # then it is reopened, with nothing to extract again
    assert _counts(third.run) == ("succeeded", 50, 0, 0, 49, 0, 1)
    removed.refresh_from_db()
    assert (removed.status, removed.closed_at, removed.extraction_state) == ("open", None, "done")
    assert third.job_ids == []
    assert jobs.count() == 50
    assert ScrapeRun.objects.filter(company=company).count() == 3


def _job_rows_written() -> int:
    """Job rows this transaction (the test's) has updated so far, as PostgreSQL counts them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'jobscraper_job'")
        return cursor.fetchone()[0]


def test_postings_seen_again_as_stored_write_no_job_row_only_their_sighting(loopback):
    company = greenhouse_company(loopback.url)
    loopback.routes[JOBS_PATH] = Reply.json(_board())
    company_scrape(company=company)
    _extracted()
    jobs = Job.objects.filter(company=company)
    Job.objects.filter(external_id=REMOVED_ID).update(extraction_state=Job.ExtractionState.PENDING)  # interrupted
    before = {job.pk: job for job in jobs.select_related("sighting")}

    # when the board is read again: one posting's evidence (its requisition id) changed, the rest as they were
    board = _board()
    [moved] = [job for job in board["jobs"] if str(job["id"]) == CHANGED_ID]
    moved["requisition_id"] = "REQ-MOVED-1"
    loopback.routes[JOBS_PATH] = Reply.json(board)
    written = _job_rows_written()
    again = company_scrape(company=company)
    written = _job_rows_written() - written

    # then every job was seen, the unchanged ones written nowhere but their last-seen time (their row's update time,
    # which any save moves, stays), the one whose evidence changed stored with it, and the interrupted one goes on
    assert _counts(again.run) == ("succeeded", 50, 0, 0, 50, 0, 0)
    after = {job.pk: job for job in jobs.select_related("sighting")}
    assert all(after[pk].last_seen_at > job.last_seen_at for pk, job in before.items())
    evidence = jobs.get(external_id=CHANGED_ID)
    assert evidence.updated_at > before[evidence.pk].updated_at
    assert "REQ-MOVED-1" in str(evidence.source_data)
    untouched = [pk for pk, job in before.items() if pk != evidence.pk and after[pk].updated_at == job.updated_at]
    assert len(untouched) == 49 and written == 1  # PostgreSQL's count: one job row written, the evidence's
    assert again.job_ids == [jobs.get(external_id=REMOVED_ID).pk]


def test_failing_source_is_recorded_and_closes_nothing(loopback):
    company = greenhouse_company(loopback.url)
    loopback.routes[JOBS_PATH] = Reply.json(_board())
    company_scrape(company=company)

    loopback.routes[JOBS_PATH] = Reply.json({"error": "Internal Server Error"}, status=500)
    outcome = company_scrape(company=company)

    assert _counts(outcome.run) == ("failed", 0, 0, 0, 0, 0, 0)
    assert outcome.run.error == f"{loopback.url}{JOBS_PATH} answered HTTP 500"
    assert outcome.run.finished_at is not None
    assert outcome.job_ids == []
    assert Job.objects.filter(company=company).open().count() == 50


def test_partial_fetch_closes_nothing(loopback):
    company = greenhouse_company(loopback.url)
    loopback.routes[JOBS_PATH] = Reply.json(_board())
    company_scrape(company=company)

    # given a listing that lacks one posting and has another it cannot read
    loopback.routes[JOBS_PATH] = Reply.json(_board(removed=REMOVED_ID, malformed=CHANGED_ID))
    outcome = company_scrape(company=company)

    assert _counts(outcome.run) == ("partial", 48, 0, 0, 48, 0, 0)
    assert "malformed" in outcome.run.error
    assert Job.objects.filter(company=company).open().count() == 50
    assert Job.objects.get(company=company, external_id=REMOVED_ID).closed_at is None


def test_career_page_with_a_dead_job_link_closes_nothing(loopback, fixture_text):
    # given a career page whose listing links to two real job pages
    loopback.routes["/jobs/external-affairs-france"] = Reply.html(
        fixture_text("html/frag_anthropic_external_affairs_france.html")
    )
    loopback.routes["/jobs/senior-ml-ops-engineer"] = Reply.html(
        fixture_text("html/frag_greenhouse_greenhouse_senior_mlops_engineer.html")
    )
    loopback.routes["/careers"] = Reply.html(
        careers_listing(
            ("/jobs/external-affairs-france", "External Affairs, France"),
            ("/jobs/senior-ml-ops-engineer", "Senior ML Ops Engineer"),
        )
    )
    company = company_save(
        company=Company(
            name="Northwind Labs",
            careers_url=f"{loopback.url}/careers",
            source_kind=SourceKind.CAREER_PAGE,
            source_params={"job_link_pattern": "^/jobs/"},
        )
    )
    first = company_scrape(company=company)
    assert _counts(first.run) == ("succeeded", 2, 2, 0, 0, 0, 0)

    # when one job page starts answering 404
    del loopback.routes["/jobs/senior-ml-ops-engineer"]
    second = company_scrape(company=company)

    # then the run is partial, says which page failed, and the job stays open
    assert _counts(second.run) == ("partial", 1, 0, 0, 1, 0, 0)
    assert second.run.error.startswith(f"{loopback.url}/jobs/senior-ml-ops-engineer: ")
    assert "HTTP 404" in second.run.error
    assert Job.objects.filter(company=company).open().count() == 2
    assert set(Job.objects.values_list("title", flat=True)) == {"External Affairs, France", "Senior ML Ops Engineer"}


def _etagged_career_page(loopback, fixture_text) -> Company:
    """A company whose listing (sent with an ETag, 304 to it after) links to two real job pages."""
    loopback.routes["/jobs/external-affairs-france"] = Reply.html(
        fixture_text("html/frag_anthropic_external_affairs_france.html")
    )
    loopback.routes["/jobs/senior-ml-ops-engineer"] = Reply.html(
        fixture_text("html/frag_greenhouse_greenhouse_senior_mlops_engineer.html")
    )
    listing = careers_listing(
        ("/jobs/external-affairs-france", "External Affairs, France"),
        ("/jobs/senior-ml-ops-engineer", "Senior ML Ops Engineer"),
    )
    loopback.routes["/careers"] = [
        Reply(body=listing, headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'}),
        Reply(status=304),
    ]
    return company_save(
        company=Company(
            name="Northwind Labs",
            careers_url=f"{loopback.url}/careers",
            source_kind=SourceKind.CAREER_PAGE,
            source_params={"job_link_pattern": "^/jobs/"},
        )
    )


def _job_page_hits(loopback) -> int:
    return sum(1 for request in loopback.requests if request[1].startswith("/jobs/"))


def test_unchanged_listing_costs_one_304_and_keeps_every_job_seen(loopback, fixture_text):
    # given a career page read whole once, one of its jobs left pending by an interrupted extraction
    company = _etagged_career_page(loopback, fixture_text)
    first = company_scrape(company=company)
    _extracted()
    pending = Job.objects.get(title="Senior ML Ops Engineer")
    Job.objects.filter(pk=pending.pk).update(extraction_state=Job.ExtractionState.PENDING)
    seen_before = dict(Job.objects.values_list("pk", "sighting__seen_at"))

    # when it is scraped again and its listing answers 304
    second = company_scrape(company=company)

    # then no job page was read again, every open job was seen, none closed, and the pending one goes on
    assert _counts(first.run) == ("succeeded", 2, 2, 0, 0, 0, 0)
    assert _counts(second.run) == ("succeeded", 2, 0, 0, 2, 0, 0)
    assert (first.run.listing_unchanged, second.run.listing_unchanged) == (False, True)
    assert _job_page_hits(loopback) == 2
    assert second.job_ids == [pending.pk]
    assert all(job.last_seen_at > seen_before[job.pk] for job in Job.objects.all())
    assert Job.objects.open().count() == 2


def test_job_pages_are_read_again_once_the_full_read_interval_has_passed(loopback, fixture_text, settings):
    # given a career page read whole once, whose listing then answers 304
    company = _etagged_career_page(loopback, fixture_text)
    company_scrape(company=company)

    # when its last full read is older than SCRAPE_FULL_READ_INTERVAL
    settings.SCRAPE_FULL_READ_INTERVAL = 3600
    ScrapeRun.objects.update(started_at=F("started_at") - timedelta(hours=2))
    second = company_scrape(company=company)

    # then every job page was read again
    assert (second.run.listing_unchanged, _job_page_hits(loopback)) == (False, 4)
    assert _counts(second.run) == ("succeeded", 2, 0, 0, 2, 0, 0)


def test_job_pages_are_read_again_after_the_company_was_edited(loopback, fixture_text):
    # given a career page read whole once, whose listing then answers 304
    company = _etagged_career_page(loopback, fixture_text)
    company_scrape(company=company)

    # when the operator edits the company (a new pattern may find other postings on the same listing)
    company.source_params = {"job_link_pattern": "^/jobs/senior"}
    company_save(company=company)
    second = company_scrape(company=company)

    # then the listing was read whole again under the new pattern
    assert (second.run.listing_unchanged, _job_page_hits(loopback)) == (False, 3)
    assert _counts(second.run) == ("succeeded", 1, 0, 0, 1, 1, 0)


def test_scraping_the_same_board_twice_creates_each_job_once(loopback):
    company = greenhouse_company(loopback.url)
    loopback.routes[JOBS_PATH] = Reply.json(_board())

    company_scrape(company=company)
    again = company_scrape(company=company)

    assert _counts(again.run) == ("succeeded", 50, 0, 0, 50, 0, 0)
    assert Job.objects.filter(company=company).count() == 50
    # Jobs never routed by the first run are still pending, so they are handed on again.
    assert sorted(again.job_ids) == sorted(Job.objects.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_concurrent_scrapes_of_one_company_create_each_job_once(loopback):
    # given a board that answers only when both scrapes have asked, so their upserts overlap
    board = _board()
    both_asked = threading.Barrier(2, timeout=30)

    def answer_together(method, path, query, body):
        both_asked.wait()
        return Reply.json(board)

    loopback.routes[JOBS_PATH] = answer_together
    company = greenhouse_company(loopback.url)

    def scrape():
        try:
            company_scrape(company=Company.objects.get(pk=company.pk))
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=scrape) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then each posting was inserted by exactly one of them and found unchanged by the other
    runs = list(ScrapeRun.objects.filter(company=company))
    assert [(run.status, run.error, run.found) for run in runs] == [("succeeded", "", 50)] * 2
    assert (sum(run.new for run in runs), sum(run.unchanged for run in runs)) == (50, 50)
    assert Job.objects.filter(company=company).count() == 50


def test_a_run_its_killed_worker_left_running_ends_failed_at_the_next_scrape(loopback):
    # given a run a killed worker left "running" an hour ago, and one started a moment ago by another worker
    company = greenhouse_company(loopback.url)
    loopback.routes[JOBS_PATH] = Reply.json(_board())
    stale = ScrapeRun.objects.create(company=company, started_at=timezone.now() - timedelta(hours=1))
    live = ScrapeRun.objects.create(company=company)

    # when the company is scraped again
    company_scrape(company=company)

    # then the stale run ended failed, saying why; the live one is left to its worker
    stale.refresh_from_db()
    live.refresh_from_db()
    assert (stale.status, stale.finished_at is not None) == ("failed", True)
    assert stale.error.startswith("interrupted: the worker stopped before the run finished")
    assert live.status == "running"


CONTROLS = "\x00\x01\x07\x1b\x7f\u202e\u2066"


def _with_controls(value):
    """Every string in a JSON value with control characters and bidi overrides inside it."""
    if isinstance(value, str):
        return value[:1] + CONTROLS + value[1:] + "\x00"
    if isinstance(value, dict):
        return {key: _with_controls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_controls(item) for item in value]
    return value


def test_a_board_answer_with_controls_in_every_field_is_stored_cleaned(loopback):
    # given a board whose every job carries NUL, other controls and bidi overrides in each of its strings
    board = greenhouse_board()
    clean_titles = sorted(" ".join(job["title"].split()) for job in board["jobs"])  # titles are stored on one line
    board["jobs"] = [_with_controls(job) for job in board["jobs"]]
    loopback.routes[JOBS_PATH] = Reply.json(board)

    # when it is scraped into PostgreSQL (whose text and jsonb refuse NUL)
    outcome = company_scrape(company=greenhouse_company(loopback.url))

    # then no job is lost or failed, and each is stored with what it said, the controls dropped
    assert _counts(outcome.run) == ("succeeded", 50, 50, 0, 0, 0, 0)
    assert sorted(Job.objects.values_list("source_data__title", flat=True)) == clean_titles
    for job in Job.objects.all():
        stored = repr([job.external_id, job.source_url, job.raw_content, job.description_html, job.source_data])
        assert not any(character in stored for character in CONTROLS), stored[:200]
        assert job.raw_content and job.source_data.get("locations")


def test_a_posting_with_a_lone_surrogate_in_its_json_is_stored(loopback):
    # given a board whose first job's title carries a JSON escape of a lone surrogate, which PostgreSQL refuses
    board = _board()
    board["jobs"][0] = dict(board["jobs"][0], title="Android Developer \ud800")
    loopback.routes[JOBS_PATH] = Reply.json(board)

    # when it is scraped
    outcome = company_scrape(company=greenhouse_company(loopback.url))

    # then every job is stored, that one with the replacement character in the surrogate's place
    assert _counts(outcome.run) == ("succeeded", 50, 50, 0, 0, 0, 0)
    assert Job.objects.filter(title="Android Developer \ufffd").count() == 1
