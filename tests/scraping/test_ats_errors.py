"""Error answers and transport failures, each case run against every ATS adapter it applies to: a listing that
answers an HTTP error, an endpoint nothing listens on, an answer without the listing, a listing with one malformed
entry, a listing of junk, and a later page of the listing that fails.

The adapters are set up in ats_adapters.py, as their own tests set them up; where the board comes from (source
parameters, careers URL) is test_ats_boards.py's. What only one adapter does stays in that adapter's tests."""
import copy
import json
import re
from urllib.parse import parse_qs

import pytest

from scraping.sources import SourceError
from scraping.sources.declared import dig
from scraping.sources.lever import LeverSource
from scraping.sources.oracle import OracleSource
from scraping.sources.smartrecruiters import SmartRecruitersSource
from scraping.sources.workday import WorkdaySource
from tests.builders import ats_answer, closed_port_url, greenhouse_board
from tests.scraping import (
    test_ashby,
    test_lever,
    test_oracle,
    test_recruitee,
    test_smartrecruiters,
    test_workable,
    test_workday,
)
from tests.scraping.ats_adapters import (
    ALL,
    ASHBY,
    DECLARED,
    GREENHOUSE,
    LEVER,
    ORACLE,
    PERSONIO,
    RECRUITEE,
    SMARTRECRUITERS,
    WORKABLE,
    WORKDAY,
    case,
)
from tests.servers import Reply


@pytest.mark.parametrize(
    "adapter, reply",
    [
        case(ASHBY, Reply(status=404, body="Not Found")),
        case(GREENHOUSE, Reply.json({"status": 500, "error": "Internal Server Error"}, status=500)),
        # Lever answers an unknown site with 404 and a JSON error.
        case(LEVER, Reply.json({"ok": False, "error": "Document not found"}, status=404)),
        case(ORACLE, Reply(status=404, body="Not Found")),
        # Personio answers an unknown account with an HTML "Page not found" and status 404.
        case(PERSONIO, Reply.html("<html><body><h1>Page not found</h1></body></html>", status=404)),
        case(RECRUITEE, Reply(status=404, body="Not Found")),
        case(SMARTRECRUITERS, Reply.json({"message": "Company not found"}, status=404)),
        case(WORKABLE, Reply.json({"error": "Not found"}, status=404)),
        case(WORKDAY, Reply(status=404, body="Not Found")),
        *(case(adapter, Reply(status=404, body="Not Found")) for adapter, _ in DECLARED),
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
    "adapter", [case(ASHBY), case(GREENHOUSE), case(LEVER), case(PERSONIO), case(SMARTRECRUITERS), case(WORKABLE),
                *(case(adapter) for adapter, _ in DECLARED)]
)
def test_closed_port_is_a_source_error(adapter):
    base = closed_port_url()

    with pytest.raises(SourceError, match=r"could not be fetched: ConnectError") as caught:
        adapter.fetch(base)
    assert str(caught.value).startswith(f"{base}{adapter.listing} ")


@pytest.mark.parametrize(
    "adapter, answer, message",
    [
        case(ASHBY, {"apiVersion": "1"}, "Ashby answered without a 'jobs' list"),
        case(GREENHOUSE, {"status": 404, "error": "Job board not found"}, "Greenhouse answered without a 'jobs' list"),
        case(LEVER, {"ok": False, "error": "Document not found"}, "Lever answered without a list of postings"),
        case(ORACLE, {"items": [], "count": 0, "hasMore": False}, "Oracle answered without a requisition list",
              note="no-items"),
        case(ORACLE, {"items": [{"TotalJobsCount": 3}]}, "Oracle answered without a requisition list",
              note="no-list"),
        case(ORACLE, {"title": "Bad Request", "status": "400", "o:errorDetails": []},
              "Oracle answered without a requisition list", note="error"),
        case(RECRUITEE, {"error": "Not found"}, "Recruitee answered without an 'offers' list"),
        case(SMARTRECRUITERS, {"content": test_smartrecruiters._entries()},
              "SmartRecruiters answered without 'content' and 'totalFound'"),
        case(WORKABLE, {"name": "Acme Robotics"}, "Workable answered without a 'jobs' list"),
        case(WORKDAY, {"errorCode": "S22", "message": "Site not found"},
              "Workday answered without a 'jobPostings' list", note="no-list"),
        case(WORKDAY, {"jobPostings": []}, "Workday answered without a total", note="no-total"),
        *(case(adapter, {"error": "Not found"}, f"{adapter.source.vendor} answered without a list of postings")
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
        case(ASHBY, test_ashby._board, "jobs", (1, "id"), [test_ashby.ANDROID_INTERN, test_ashby.MOBILE_ENGINEER],
              r"job \?: malformed \(KeyError\('id'\).*"),
        case(GREENHOUSE, greenhouse_board, "jobs", (3, "id"), 49, r".*malformed.*"),
        case(LEVER, test_lever._postings, None, (1, "id"), [test_lever.PARIS, test_lever.PALO_ALTO],
              r"job \?: malformed \(KeyError\('id'\).*"),
        case(RECRUITEE, lambda: copy.deepcopy(test_recruitee.ANSWER), "offers", (1, "id"), ["1843201", "1843512"],
              r"job \?: malformed \(KeyError\('id'\)\)"),
        case(WORKABLE, lambda: ats_answer(test_workable.FIXTURE.removeprefix("ats/")), "jobs", (2, "shortcode"), 3,
              r"job \?: malformed \(KeyError\('shortcode'\)\).*"),
        *(case(adapter, kind.listing_answer, kind.rows, (0, kind.id_key), len(dig(kind.listing_answer(), kind.rows)
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
        case(LEVER, _lever_second_page_cut_short, r"/v0/postings/palantir did not return valid JSON"),
        case(ORACLE, _oracle_second_page_refused, "answered HTTP 400$"),
        case(SMARTRECRUITERS, _smartrecruiters_second_page_cut_short,
              r"/v1/companies/WesternDigital/postings did not return valid JSON"),
        case(WORKDAY, _workday_second_page_refused, "answered HTTP 400$"),
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
