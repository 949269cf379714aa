"""Sites that misbehave, scraped by a real scrape worker: not one live job closed, not one listed posting dropped.

Each company is scraped once whole, then again while its site misbehaves one way. Greenhouse boards (bench's
synthetic boards) and Workday sites (the real search rows and detail of tests/fixtures/ats, re-identified)."""
import copy
import json

import pytest

from jobscraper.models import Company, Job, ScrapeRun, SourceKind
from jobscraper.services import company_save
from tests.builders import ats_answer, greenhouse_company
from tests.polling import wait_for
from tests.faults.harness import SCRAPE_TASK, boards_with_references, report, serve_boards
from tests.servers import Reply

pytestmark = [pytest.mark.faults, pytest.mark.celery]

WORKDAY_ROWS = ats_answer("workday_jobs_list.json")["jobPostings"]
WORKDAY_DETAIL = ats_answer("workday_synchrony_job_detail.json")
WORKDAY_CAP = 2000  # postings Workday counts at most (scraping.sources.workday.TOTAL_CAP)


class WorkdaySite:
    """A Workday career site on the loopback server: a paged search of `count` postings in three job families,
    counted up to `cap` as Workday counts, with a real detail for each."""

    def __init__(self, server, tenant: str, count: int):
        self.server, self.tenant, self.facets, self.broken_page = server, tenant, True, None
        self.api = f"/wday/cxs/{tenant}/External"
        self.rows = []
        for number in range(count):
            row = copy.deepcopy(WORKDAY_ROWS[number % len(WORKDAY_ROWS)])
            row["externalPath"] = f"{row['externalPath']}-{tenant}-{number}"
            row["title"] = f"{row['title']} {number}"
            self.rows.append({**row, "family": f"family-{number % 3}"})
            detail = copy.deepcopy(WORKDAY_DETAIL)
            path_id = row["externalPath"].rsplit("/", 1)[-1]
            detail["jobPostingInfo"].update(title=row["title"], jobPostingId=path_id,
                                            externalUrl=f"https://{tenant}.example/External{row['externalPath']}")
            server.routes[f"{self.api}{row['externalPath']}"] = Reply.json(detail)
        server.routes[f"{self.api}/jobs"] = self._search

    def _search(self, method, path, query, body):
        asked = json.loads(body)
        if asked["offset"] == self.broken_page:
            return Reply(status=500, body="Internal Server Error")
        chosen = asked["appliedFacets"].get("jobFamilyGroup")
        matching = [row for row in self.rows if not chosen or row["family"] in chosen][:WORKDAY_CAP]
        page = matching[asked["offset"]: asked["offset"] + asked["limit"]]
        answer = {"total": len(matching) if asked["offset"] == 0 else 0,
                  "jobPostings": [{key: value for key, value in row.items() if key != "family"} for row in page]}
        if self.facets and asked["offset"] == 0:
            answer["facets"] = [{"facetParameter": "jobFamilyGroup", "values": [
                {"descriptor": f"Family {index}", "id": f"family-{index}",
                 "count": sum(row["family"] == f"family-{index}" for row in matching)} for index in range(3)]}]
        return Reply.json(answer)

    def company(self) -> Company:
        return company_save(company=Company(
            name=f"{self.tenant} (faults)", careers_url=f"https://{self.tenant}.wd5.myworkdayjobs.com/External",
            source_kind=SourceKind.WORKDAY,
            source_params={"base": self.server.url, "tenant": self.tenant, "site": "External"},
        ))


def _scrape(broker, company: Company) -> ScrapeRun:
    """Scrape the company through the worker and wait for the run to finish."""
    runs = ScrapeRun.objects.filter(company=company)
    before = runs.count()
    broker.send_task(SCRAPE_TASK, args=[company.pk], queue="scrape")
    wait_for(lambda: runs.exclude(status="running").count() > before, timeout=180, message=f"a scrape of {company}")
    return runs.order_by("-started_at", "-pk").first()


def _open(company) -> set[str]:
    return set(Job.objects.open().filter(company=company).values_list("external_id", flat=True))


def test_misbehaving_sites_close_no_live_job_and_drop_no_posting(loopback, fault_workers, broker):
    fault_workers(["scrape"], SCRAPE_MAX_ATTEMPTS=2, SCRAPE_RETRY_MAX_WAIT=0.1)
    boards = boards_with_references(postings=80, companies=4)
    serve_boards(loopback, boards)
    truncated, empty, error_page, shrinking = [
        greenhouse_company(loopback.url, token=token, name=f"{token} (faults)") for token in boards
    ]
    paged, detail = WorkdaySite(loopback, "paged", 100), WorkdaySite(loopback, "detail", 30)
    capped = WorkdaySite(loopback, "capped", WORKDAY_CAP + 50)
    sites = {"paged": paged, "detail": detail, "capped": capped}
    workday = {name: site.company() for name, site in sites.items()}
    whole = {}
    for company in [truncated, empty, error_page, shrinking, *workday.values()]:
        first = _scrape(broker, company)
        whole[company.pk] = _open(company)
        assert first.status == "succeeded" and first.closed == 0, (company, first.error)
    assert len(whole[workday["capped"].pk]) == WORKDAY_CAP + 50  # read whole past the cap, through the facet

    # when each site misbehaves its way
    board = {company.pk: boards[company.source_params["board_token"]] for company in (truncated, empty, error_page,
                                                                                     shrinking)}
    route = "/v1/boards/{}/jobs".format
    loopback.routes[route(truncated.source_params["board_token"])] = Reply(
        body=json.dumps(board[truncated.pk])[:5000], headers={"Content-Type": "application/json"})
    loopback.routes[route(empty.source_params["board_token"])] = Reply.json({"jobs": [], "meta": {"total": 0}})
    loopback.routes[route(error_page.source_params["board_token"])] = Reply.html(
        "<html><body><h1>Service temporarily unavailable</h1></body></html>")
    kept = board[shrinking.pk]["jobs"][:4]
    loopback.routes[route(shrinking.source_params["board_token"])] = Reply.json(
        {"jobs": kept, "meta": {"total": len(kept)}})
    paged.broken_page = 40  # the search's page 3 of 5 answers 500, every time
    broken_detail = detail.rows[7]["externalPath"]
    loopback.routes[f"{detail.api}{broken_detail}"] = Reply(status=500, body="Internal Server Error")
    capped.facets = False  # the cap can no longer be split: only the first 2,000 are read

    runs = {company.name: _scrape(broker, company)
            for company in [truncated, empty, error_page, shrinking, *workday.values()]}

    # then not one job closed, not one listed posting lost
    counts = {name: f"{run.status}, closed {run.closed}, held {len(run.held_closures)}" for name, run in runs.items()}
    line = report("misbehaving sites", "7 ways, one company each, after a whole first scrape", counts)
    for company in [truncated, empty, error_page, shrinking, *workday.values()]:
        assert _open(company) == whole[company.pk], (company.name, line)
        assert Job.objects.filter(company=company, status="closed").count() == 0, (company.name, line)
    assert [runs[company.name].status for company in (truncated, error_page)] == ["failed", "failed"], line
    assert runs[empty.name].status == runs[shrinking.name].status == "suspicious", line
    assert len(runs[shrinking.name].held_closures) == 16, line
    assert (runs[workday["paged"].name].status, runs[workday["capped"].name].status) == ("failed", "partial"), line
    # the posting whose detail failed is kept as it was stored, its run saying why
    run = runs[workday["detail"].name]
    assert run.status == "partial" and "kept without its detail" in run.error and run.closed == 0, line
    kept_job = Job.objects.get(company=workday["detail"], external_id=broken_detail.rsplit("/", 1)[-1])
    assert WORKDAY_DETAIL["jobPostingInfo"]["jobDescription"][:200] in kept_job.description_html
