"""The error cases the ATS adapters share, each run against every adapter it applies to: a listing that answers an
HTTP error, an endpoint nothing listens on, an answer without the listing, a listing with one malformed entry,
a listing of junk, and a company that names no board.

Each adapter is set up as its own tests set it up (their unsaved company and listing path); what only one adapter
does wrong stays in that adapter's tests."""
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from jobscraper.models import Company
from scraping.sources import SourceError
from scraping.sources.ashby import AshbySource
from scraping.sources.greenhouse import GreenhouseSource
from scraping.sources.lever import LeverSource
from scraping.sources.oracle import OracleSource
from scraping.sources.personio import PersonioSource
from scraping.sources.recruitee import RecruiteeSource
from scraping.sources.smartrecruiters import SmartRecruitersSource
from scraping.sources.workable import WorkableSource
from scraping.sources.workday import WorkdaySource
from tests.builders import ats_answer, closed_port_url, greenhouse_board
from tests.scraping import (
    test_ashby,
    test_greenhouse,
    test_lever,
    test_oracle,
    test_personio,
    test_recruitee,
    test_smartrecruiters,
    test_workable,
    test_workday,
)
from tests.servers import Reply


@dataclass(frozen=True)
class Adapter:
    """`company(base)` is the adapter's tests' unsaved company, whose board is listed at `listing` on `base`;
    `listing_query` matches what follows that path in the listing's URL as errors name it."""

    name: str
    source: type
    company: Callable[[str], Company]
    listing: str
    listing_query: str = ""

    def fetch(self, base: str):
        return self.source().fetch(self.company(base))

    def listing_url(self, base: str) -> str:
        """A pattern of the listing's URL as errors name it."""
        return re.escape(f"{base}{self.listing}") + self.listing_query


ASHBY = Adapter("ashby", AshbySource, test_ashby._company, test_ashby.RAMP)
GREENHOUSE = Adapter("greenhouse", GreenhouseSource, test_greenhouse._company, test_greenhouse.CATAWIKI_JOBS)
LEVER = Adapter("lever", LeverSource, test_lever._company, test_lever.PALANTIR)
ORACLE = Adapter("oracle", OracleSource, test_oracle._company, test_oracle.SEARCH, r"\?onlyData=true\S*")
PERSONIO = Adapter("personio", PersonioSource, test_personio._company, "/xml")
RECRUITEE = Adapter("recruitee", RecruiteeSource, test_recruitee._company, test_recruitee.OFFERS)
SMARTRECRUITERS = Adapter(
    "smartrecruiters", SmartRecruitersSource, test_smartrecruiters._company, test_smartrecruiters.POSTINGS
)
WORKABLE = Adapter("workable", WorkableSource, test_workable._company, test_workable.ACME_JOBS)
WORKDAY = Adapter("workday", WorkdaySource, test_workday._company, test_workday.SEARCH)


def _case(adapter: Adapter, *values, note: str = ""):
    return pytest.param(adapter, *values, id=f"{adapter.name}-{note}" if note else adapter.name)



@pytest.mark.parametrize(
    "adapter, reply",
    [
        _case(ASHBY, Reply(status=404, body="Not Found")),
        _case(GREENHOUSE, Reply.json({"status": 500, "error": "Internal Server Error"}, status=500)),
        # Lever answers an unknown site with 404 and a JSON error.
        _case(LEVER, Reply.json({"ok": False, "error": "Document not found"}, status=404)),
        _case(ORACLE, Reply(status=404, body="Not Found")),
        # Personio answers an unknown account with an HTML "Page not found" and status 404.
        _case(PERSONIO, Reply.html("<html><body><h1>Page not found</h1></body></html>", status=404)),
        _case(RECRUITEE, Reply(status=404, body="Not Found")),
        _case(SMARTRECRUITERS, Reply.json({"message": "Company not found"}, status=404)),
        _case(WORKABLE, Reply.json({"error": "Not found"}, status=404)),
        _case(WORKDAY, Reply(status=404, body="Not Found")),
    ],
)
def test_listing_answering_an_http_error_is_a_source_error(loopback, adapter, reply):
    # given an unknown board, or a failing server
    loopback.routes[adapter.listing] = reply

    # when
    with pytest.raises(SourceError) as caught:
        adapter.fetch(loopback.url)

    # then the error names the listing and its status, and nothing was asked beyond the listing (no detail)
    assert re.fullmatch(f"{adapter.listing_url(loopback.url)} answered HTTP {reply.status}", str(caught.value))
    assert {path for (_, path, _, _, _) in loopback.requests} == {adapter.listing}


@pytest.mark.parametrize(
    "adapter", [_case(ASHBY), _case(GREENHOUSE), _case(LEVER), _case(PERSONIO), _case(SMARTRECRUITERS), _case(WORKABLE)]
)
def test_closed_port_is_a_source_error(adapter):
    base = closed_port_url()

    with pytest.raises(SourceError, match=r"could not be fetched: ConnectError") as caught:
        adapter.fetch(base)
    assert str(caught.value).startswith(f"{base}{adapter.listing} ")


@pytest.mark.parametrize(
    "adapter, answer, message",
    [
        _case(ASHBY, {"apiVersion": "1"}, "Ashby answered without a 'jobs' list"),
        _case(GREENHOUSE, {"status": 404, "error": "Job board not found"}, "Greenhouse answered without a 'jobs' list"),
        _case(LEVER, {"ok": False, "error": "Document not found"}, "Lever answered without a list of postings"),
        _case(ORACLE, {"items": [], "count": 0, "hasMore": False}, "Oracle answered without a requisition list",
              note="no-items"),
        _case(ORACLE, {"items": [{"TotalJobsCount": 3}]}, "Oracle answered without a requisition list",
              note="no-list"),
        _case(ORACLE, {"title": "Bad Request", "status": "400", "o:errorDetails": []},
              "Oracle answered without a requisition list", note="error"),
        _case(RECRUITEE, {"error": "Not found"}, "Recruitee answered without an 'offers' list"),
        _case(SMARTRECRUITERS, {"content": test_smartrecruiters._entries()},
              "SmartRecruiters answered without 'content' and 'totalFound'"),
        _case(WORKABLE, {"name": "Acme Robotics"}, "Workable answered without a 'jobs' list"),
        _case(WORKDAY, {"errorCode": "S22", "message": "Site not found"},
              "Workday answered without a 'jobPostings' list", note="no-list"),
        _case(WORKDAY, {"jobPostings": []}, "Workday answered without a total", note="no-total"),
    ],
)
def test_answer_without_the_listing_is_a_source_error(loopback, adapter, answer, message):
    loopback.routes[adapter.listing] = Reply.json(answer)
    company = adapter.company(loopback.url)

    with pytest.raises(SourceError) as caught:
        adapter.source().fetch(company)
    assert str(caught.value).startswith(f"{company.name}: {message}")


@pytest.mark.parametrize(
    "adapter, answer, entries, broken, kept, error",
    [
        _case(ASHBY, test_ashby._board, "jobs", (1, "id"), [test_ashby.ANDROID_INTERN, test_ashby.MOBILE_ENGINEER],
              r"job \?: malformed \(KeyError\('id'\).*"),
        _case(GREENHOUSE, greenhouse_board, "jobs", (3, "id"), 49, r".*malformed.*"),
        _case(LEVER, test_lever._postings, None, (1, "id"), [test_lever.PARIS, test_lever.PALO_ALTO],
              r"job \?: malformed \(KeyError\('id'\).*"),
        _case(RECRUITEE, lambda: copy.deepcopy(test_recruitee.ANSWER), "offers", (1, "id"), ["1843201", "1843512"],
              r"job \?: malformed \(KeyError\('id'\)\)"),
        _case(WORKABLE, lambda: ats_answer(test_workable.FIXTURE.removeprefix("ats/")), "jobs", (2, "shortcode"), 3,
              r"job \?: malformed \(KeyError\('shortcode'\)\).*"),
    ],
)
def test_a_malformed_entry_is_reported_and_makes_the_result_incomplete(
    loopback, adapter, answer, entries, broken, kept, error
):
    # given the adapter's tests' listing (its `entries` list, or the answer itself), one entry lacking a field it needs
    listing = answer()
    index, field = broken
    del (listing[entries] if entries else listing)[index][field]
    loopback.routes[adapter.listing] = Reply.json(listing)

    # when
    result = adapter.fetch(loopback.url)

    # then the others are postings (`kept`: their ids in order, or how many), and the one is the only error
    ids = [posting.external_id for posting in result.postings]
    assert (ids if isinstance(kept, list) else len(ids)) == kept
    assert result.complete is False
    assert len(result.errors) == 1 and re.fullmatch(error, result.errors[0], flags=re.DOTALL), result.errors


NEEDS_BOARD_TOKEN = r"needs source parameter\(s\) board_token; .+, or use a careers URL"
NEEDS_ACCOUNT = r"needs source parameter\(s\) account; .+, or use a careers URL"
NEEDS_SITE = r"needs source parameter\(s\) site; .+, or use a careers URL"


@pytest.mark.parametrize(
    "adapter, careers_url, kept, match",
    [
        _case(ASHBY, "https://ramp.com/careers", {"api_base"}, NEEDS_BOARD_TOKEN),
        _case(GREENHOUSE, "https://www.catawiki.com/en/careers", {"api_base"}, NEEDS_BOARD_TOKEN),
        _case(LEVER, "https://www.palantir.com/careers/", {"api_base"}, NEEDS_BOARD_TOKEN),
        _case(ORACLE, None, {"base"}, NEEDS_SITE),
        _case(PERSONIO, "https://acme-robotics.example/careers", {"api_base"}, NEEDS_ACCOUNT),
        _case(RECRUITEE, "https://www.acmelogistics.example/jobs", set(), "set source parameter subdomain"),
        _case(SMARTRECRUITERS, "https://www.westerndigital.com/company/careers", {"api_base"}, NEEDS_BOARD_TOKEN),
        _case(WORKABLE, "https://acme-robotics.example/careers", {"api_base"}, NEEDS_ACCOUNT),
        _case(WORKDAY, None, {"base", "tenant"}, NEEDS_SITE),
    ],
)
def test_no_board_anywhere_names_the_fix(loopback, adapter, careers_url, kept, match):
    # given a careers URL that names no board (a company's own site; None: the adapter's tests' own, which is one),
    # and of the source parameters only the `kept` ones
    company = adapter.company(loopback.url)
    company.careers_url = careers_url or company.careers_url
    company.source_params = {name: value for name, value in company.source_params.items() if name in kept}

    with pytest.raises(SourceError, match=match):
        adapter.source().fetch(company)
    assert loopback.requests == []


ALL = [ASHBY, GREENHOUSE, LEVER, ORACLE, PERSONIO, RECRUITEE, SMARTRECRUITERS, WORKABLE, WORKDAY]
JUNK = {
    "truncated JSON": (Reply(body='{"jobs": [{"id": 1, "title": "Data Eng', headers={"Content-Type": "application/json"}),
                       r"did not return valid (JSON|XML)"),
    "an HTML page with status 200": (Reply.html("<html><body><h1>Maintenance</h1></body></html>"),
                                     r"did not return (valid JSON|a Personio job feed)"),
    "10 MB of junk": (Reply(body=b"\x8f<" * (5 * 1024 * 1024 + 1), headers={"Content-Type": "application/json"}),
                      r"is refused: larger than 10,485,760 bytes"),
}


@pytest.mark.parametrize("junk", sorted(JUNK))
@pytest.mark.parametrize("adapter", ALL, ids=lambda adapter: adapter.name)
def test_a_listing_of_junk_is_a_source_error_naming_it(loopback, adapter, junk):
    reply, reason = JUNK[junk]
    loopback.routes[adapter.listing] = reply

    with pytest.raises(SourceError, match=reason) as caught:
        adapter.fetch(loopback.url)
    assert re.match(adapter.listing_url(loopback.url), str(caught.value)), str(caught.value)
