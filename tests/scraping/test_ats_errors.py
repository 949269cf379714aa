"""The cases the ATS adapters share, each run against every adapter it applies to: a listing that answers an
HTTP error, an endpoint nothing listens on, an answer without the listing, a listing with one malformed entry,
a listing of junk, a later page of the listing that fails, and where the board comes from: the source parameters,
else the careers URL, else an error naming the fix.

Each adapter is set up as its own tests set it up (their unsaved company, listing path and answers); what only one
adapter does stays in that adapter's tests."""
import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

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
from tests.builders import FIXTURES, ats_answer, closed_port_url, greenhouse_board
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
from scraping.sources.declared import dig
from tests.scraping.test_declared import KINDS
from tests.scraping.test_declared_more import MORE_KINDS
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
# The kinds described as data; their listings carry a fixed query (Comeet's token, Manatal's page size).
DECLARED = [(Adapter(kind.kind, kind.source, kind.company, kind.listing, r"(\?\S*)?"), kind) for kind in KINDS + MORE_KINDS]


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
        *(_case(adapter, Reply(status=404, body="Not Found")) for adapter, _ in DECLARED),
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
    "adapter", [_case(ASHBY), _case(GREENHOUSE), _case(LEVER), _case(PERSONIO), _case(SMARTRECRUITERS), _case(WORKABLE),
                *(_case(adapter) for adapter, _ in DECLARED)]
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
        *(_case(adapter, {"error": "Not found"}, f"{adapter.source.vendor} answered without a list of postings")
          for adapter, _ in DECLARED),
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
        *(_case(adapter, kind.listing_answer, kind.rows, (0, kind.id_key), len(dig(kind.listing_answer(), kind.rows)
                if kind.rows else kind.listing_answer()) - 1, r"job \S+: malformed \(ValueError\('no usable id.*")
          for adapter, kind in DECLARED),
    ],
)
def test_a_malformed_entry_is_reported_and_makes_the_result_incomplete(
    loopback, adapter, answer, entries, broken, kept, error
):
    # given the adapter's tests' listing (its `entries` list, or the answer itself), one entry lacking a field it needs
    listing = answer()
    index, field = broken
    del (dig(listing, entries) if entries else listing)[index][field]
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
        *(_case(adapter, "https://acme-robotics.example/careers", {"api_base", *dict(kind.params)},
                rf"needs source parameter\(s\) {kind.param}; .+, or use a careers URL") for adapter, kind in DECLARED),
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


def _at(path: str, reply: Reply) -> Callable:
    """Serves `reply` at `path`, the listing, and nothing else."""

    def serve(loopback) -> None:
        loopback.routes[path] = reply

    return serve


def _count(result, loopback) -> int:
    return len(result.postings)


def _first_url(result, loopback) -> str:
    return result.postings[0].url


def _count_and_paths(result, loopback) -> tuple[int, list[str]]:
    """How many postings, and the path of every request."""
    return len(result.postings), [path for (_, path, _, _, _) in loopback.requests]


def _count_and_first_path(result, loopback) -> tuple[int, str]:
    """How many postings, and the path of the first request (the listing's; details follow it)."""
    return len(result.postings), loopback.requests[0][1]


def _count_and_site(result, loopback) -> tuple[int, str | None]:
    """How many postings, and the site the first search asked for: Oracle names it in the query, not the path."""
    site = re.search(r"siteNumber=([^,]*),", loopback.hits(test_oracle.SEARCH)[0][2])
    return len(result.postings), site and site.group(1)


ORACLE_CX_7 = "https://fa-exyn-saasfaprod1.fa.ocs.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_7"


@pytest.mark.parametrize(
    "adapter, careers_url, kept, serve, outcome, expected",
    [
        _case(ASHBY, f"https://jobs.ashbyhq.com/ramp/{test_ashby.SECURITY_ENGINEER}", {"api_base"},
              _at(test_ashby.RAMP, Reply.json(test_ashby._board())), _count, 3),
        _case(GREENHOUSE, "https://job-boards.greenhouse.io/catawiki/jobs/6954117", {"api_base"},
              _at(test_greenhouse.CATAWIKI_JOBS, Reply.json(greenhouse_board())), _count, 50),
        _case(LEVER, f"https://jobs.lever.co/palantir/{test_lever.LONDON}", {"api_base"},
              _at(test_lever.PALANTIR, Reply.json(test_lever._postings())), _count, 3),
        # The site is in the search's query, not its path: the query shows which site was read.
        _case(ORACLE, ORACLE_CX_7, {"base"},
              lambda loopback: test_oracle._serve(loopback, test_oracle._requisitions(1)), _count_and_site,
              (1, "CX_7")),
        # The feed's path names no account, but the links are built from it: on the board's .de host, whatever
        # host the careers URL had.
        _case(PERSONIO, "https://acme-robotics.jobs.personio.com/job/1834171?language=en", {"api_base"},
              _at("/xml", test_personio._xml((FIXTURES / test_personio.FIXTURE).read_text(encoding="utf-8"))),
              _first_url, f"{test_personio.BOARD}/job/1834171"),
        _case(SMARTRECRUITERS, "https://jobs.smartrecruiters.com/WesternDigital/744000141229015-intern-data-science",
              {"api_base"}, lambda loopback: test_smartrecruiters._serve(loopback, test_smartrecruiters._entries()),
              _count, 3),
        _case(WORKABLE, "https://apply.workable.com/acme-robotics/j/5F1A2B3C4D/", {"api_base"},
              _at(test_workable.ACME_JOBS, Reply.json(ats_answer(test_workable.FIXTURE.removeprefix("ats/")))),
              _count, 4),
        # Both tenant and site come from the careers URL.
        _case(WORKDAY, "https://synchronyfinancial.wd5.myworkdayjobs.com/en-US/University", {"base"},
              lambda loopback: test_workday._serve(loopback, test_workday._summaries(3)), _count, 3),
        *(_case(adapter, kind.careers_url, {"api_base", *dict(kind.params)},
                _at(kind.listing, Reply.json(kind.listing_answer())),
                _count_and_first_path, (len(dig(kind.listing_answer(), kind.rows) if kind.rows else kind.listing_answer()),
                                        kind.listing)) for adapter, kind in DECLARED),
    ],
)
def test_the_board_comes_from_the_careers_url_when_not_given(
    loopback, adapter, careers_url, kept, serve, outcome, expected
):
    # given a careers URL naming the board (often one job's page on it), and of the source parameters only the
    # `kept` ones (where to ask: the loopback)
    serve(loopback)
    company = adapter.company(loopback.url)
    company.careers_url = careers_url
    company.source_params = {name: value for name, value in company.source_params.items() if name in kept}

    # when
    result = adapter.source().fetch(company)

    # then that board was read (`outcome` is what shows it)
    assert outcome(result, loopback) == expected


@pytest.mark.parametrize(
    "adapter, given, careers_url, serve, outcome, expected",
    [
        _case(ASHBY, {"board_token": "ramp-eng"}, "https://jobs.ashbyhq.com/ramp",
              _at("/posting-api/job-board/ramp-eng", Reply.json(test_ashby._board())), _count_and_paths,
              (3, ["/posting-api/job-board/ramp-eng"])),
        _case(LEVER, {"board_token": "palantir-eu"}, "https://jobs.lever.co/palantir",
              _at("/v0/postings/palantir-eu", Reply.json(test_lever._postings())), _count_and_paths,
              (3, ["/v0/postings/palantir-eu"])),
        _case(ORACLE, {"site": "CX_1"}, ORACLE_CX_7,
              lambda loopback: test_oracle._serve(loopback, test_oracle._requisitions(1)), _count_and_site,
              (1, "CX_1")),
        _case(SMARTRECRUITERS, {"board_token": "WesternDigital"},
              "https://careers.smartrecruiters.com/WesternDigitalJapan",
              lambda loopback: test_smartrecruiters._serve(loopback, test_smartrecruiters._entries()),
              _count_and_first_path, (3, test_smartrecruiters.POSTINGS)),
    ],
)
def test_the_parameter_wins_over_the_careers_url(loopback, adapter, given, careers_url, serve, outcome, expected):
    # given source parameters naming one board, `given`, and a careers URL naming another
    serve(loopback)
    company = adapter.company(loopback.url)
    company.source_params = {**company.source_params, **given}
    company.careers_url = careers_url

    # when
    result = adapter.source().fetch(company)

    # then the parameter's board was read (`outcome` is what shows it)
    assert outcome(result, loopback) == expected


ALL = [ASHBY, GREENHOUSE, LEVER, ORACLE, PERSONIO, RECRUITEE, SMARTRECRUITERS, WORKABLE, WORKDAY,
       *(adapter for adapter, _ in DECLARED)]
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


def _lever_second_page_cut_short(loopback) -> LeverSource:
    postings = test_lever._postings()
    cut_short = json.dumps(postings[1:])[:500]  # the connection dropped
    pages = {"0": Reply.json(postings[:2]), "1": Reply(body=cut_short, headers={"Content-Type": "application/json"})}
    loopback.routes[test_lever.PALANTIR] = lambda method, path, query, body: pages[parse_qs(query)["skip"][0]]
    return test_lever._source(2)


def _oracle_second_page_refused(loopback) -> OracleSource:
    test_oracle._serve(loopback, test_oracle._requisitions(30))
    search = loopback.routes[test_oracle.SEARCH]
    loopback.routes[test_oracle.SEARCH] = lambda method, path, query, body: (
        Reply(status=400, body="Bad Request") if test_oracle._asked_offset(query) else search(method, path, query, body)
    )
    return OracleSource()


def _smartrecruiters_second_page_cut_short(loopback) -> SmartRecruitersSource:
    entries, page = test_smartrecruiters._entries(), test_smartrecruiters._page
    cut_short = json.dumps(page(entries[2:], offset=2, limit=2, total=3))[:100]  # the connection dropped
    pages = {
        "0": Reply.json(page(entries[:2], limit=2, total=3)),
        "2": Reply(body=cut_short, headers={"Content-Type": "application/json"}),
    }
    test_smartrecruiters._serve(loopback, entries)
    loopback.routes[test_smartrecruiters.POSTINGS] = lambda method, path, query, body: pages[
        parse_qs(query)["offset"][0]
    ]
    return test_smartrecruiters._source(2)


def _workday_second_page_refused(loopback) -> WorkdaySource:
    test_workday._serve(loopback, test_workday._summaries(25))
    search = loopback.routes[test_workday.SEARCH]
    loopback.routes[test_workday.SEARCH] = lambda method, path, query, body: (
        Reply(status=400, body="Bad Request") if json.loads(body)["offset"] else search(method, path, query, body)
    )
    return WorkdaySource()


@pytest.mark.parametrize(
    "adapter, second_page_fails, match",
    [
        # A page cut short is invalid JSON; a refused page, an HTTP error: both fail the whole listing.
        _case(LEVER, _lever_second_page_cut_short, r"/v0/postings/palantir did not return valid JSON"),
        _case(ORACLE, _oracle_second_page_refused, "answered HTTP 400$"),
        _case(SMARTRECRUITERS, _smartrecruiters_second_page_cut_short,
              r"/v1/companies/WesternDigital/postings did not return valid JSON"),
        _case(WORKDAY, _workday_second_page_refused, "answered HTTP 400$"),
    ],
)
def test_a_failing_later_page_is_a_source_error_before_any_detail_is_asked(
    loopback, adapter, second_page_fails, match
):
    # Half a listing must not pass for all of it: a partial run would close the postings it missed.
    # given a listing of two pages or more whose second page fails (`second_page_fails` returns the source to read
    # it with: a small page size where the adapter's own would hold the whole listing)
    source = second_page_fails(loopback)

    with pytest.raises(SourceError, match=match):
        source.fetch(adapter.company(loopback.url))
    # and nothing was asked beyond the listing: no detail before the listing is whole (Lever has no details)
    assert {path for (_, path, _, _, _) in loopback.requests} == {adapter.listing}
