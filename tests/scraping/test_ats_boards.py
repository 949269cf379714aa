"""Where an ATS adapter's board comes from, each case run against every adapter it applies to: the source parameters,
else the careers URL (often one job's page on the board), else an error naming the fix; a parameter wins over a
careers URL naming another board.

The adapters are set up in ats_adapters.py, as their own tests set them up; error answers and transport failures are
test_ats_errors.py's. What only one adapter does stays in that adapter's tests."""
import re
from collections.abc import Callable

import pytest

from scraping.sources import SourceError
from scraping.sources.declared import dig
from tests.builders import FIXTURES, ats_answer, greenhouse_board
from tests.scraping import (
    test_ashby,
    test_greenhouse,
    test_lever,
    test_oracle,
    test_personio,
    test_smartrecruiters,
    test_workable,
    test_workday,
)
from tests.scraping.ats_adapters import (
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

NEEDS_BOARD_TOKEN = r"needs source parameter\(s\) board_token; .+, or use a careers URL"
NEEDS_ACCOUNT = r"needs source parameter\(s\) account; .+, or use a careers URL"
NEEDS_SITE = r"needs source parameter\(s\) site; .+, or use a careers URL"


@pytest.mark.parametrize(
    "adapter, careers_url, kept, match",
    [
        case(ASHBY, "https://ramp.com/careers", {"api_base"}, NEEDS_BOARD_TOKEN),
        case(GREENHOUSE, "https://www.catawiki.com/en/careers", {"api_base"}, NEEDS_BOARD_TOKEN),
        case(LEVER, "https://www.palantir.com/careers/", {"api_base"}, NEEDS_BOARD_TOKEN),
        case(ORACLE, None, {"base"}, NEEDS_SITE),
        case(PERSONIO, "https://acme-robotics.example/careers", {"api_base"}, NEEDS_ACCOUNT),
        case(RECRUITEE, "https://www.acmelogistics.example/jobs", set(), "set source parameter subdomain"),
        case(SMARTRECRUITERS, "https://www.westerndigital.com/company/careers", {"api_base"}, NEEDS_BOARD_TOKEN),
        case(WORKABLE, "https://acme-robotics.example/careers", {"api_base"}, NEEDS_ACCOUNT),
        case(WORKDAY, None, {"base", "tenant"}, NEEDS_SITE),
        *(case(adapter, "https://acme-robotics.example/careers", {"api_base", *dict(kind.params)},
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
        case(ASHBY, f"https://jobs.ashbyhq.com/ramp/{test_ashby.SECURITY_ENGINEER}", {"api_base"},
              _at(test_ashby.RAMP, Reply.json(test_ashby._board())), _count, 3),
        case(GREENHOUSE, "https://job-boards.greenhouse.io/catawiki/jobs/6954117", {"api_base"},
              _at(test_greenhouse.CATAWIKI_JOBS, Reply.json(greenhouse_board())), _count, 50),
        case(LEVER, f"https://jobs.lever.co/palantir/{test_lever.LONDON}", {"api_base"},
              _at(test_lever.PALANTIR, Reply.json(test_lever._postings())), _count, 3),
        # The site is in the search's query, not its path: the query shows which site was read.
        case(ORACLE, ORACLE_CX_7, {"base"},
              lambda loopback: test_oracle._serve(loopback, test_oracle._requisitions(1)), _count_and_site,
              (1, "CX_7")),
        # The feed's path names no account, but the links are built from it: on the board's .de host, whatever
        # host the careers URL had.
        case(PERSONIO, "https://acme-robotics.jobs.personio.com/job/1834171?language=en", {"api_base"},
              _at("/xml", test_personio._xml((FIXTURES / test_personio.FIXTURE).read_text(encoding="utf-8"))),
              _first_url, f"{test_personio.BOARD}/job/1834171"),
        case(SMARTRECRUITERS, "https://jobs.smartrecruiters.com/WesternDigital/744000141229015-intern-data-science",
              {"api_base"}, lambda loopback: test_smartrecruiters._serve(loopback, test_smartrecruiters._entries()),
              _count, 3),
        case(WORKABLE, "https://apply.workable.com/acme-robotics/j/5F1A2B3C4D/", {"api_base"},
              _at(test_workable.ACME_JOBS, Reply.json(ats_answer(test_workable.FIXTURE.removeprefix("ats/")))),
              _count, 4),
        # Both tenant and site come from the careers URL.
        case(WORKDAY, "https://synchronyfinancial.wd5.myworkdayjobs.com/en-US/University", {"base"},
              lambda loopback: test_workday._serve(loopback, test_workday._summaries(3)), _count, 3),
        *(case(adapter, kind.careers_url, {"api_base", *dict(kind.params)},
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
        case(ASHBY, {"board_token": "ramp-eng"}, "https://jobs.ashbyhq.com/ramp",
              _at("/posting-api/job-board/ramp-eng", Reply.json(test_ashby._board())), _count_and_paths,
              (3, ["/posting-api/job-board/ramp-eng"])),
        case(LEVER, {"board_token": "palantir-eu"}, "https://jobs.lever.co/palantir",
              _at("/v0/postings/palantir-eu", Reply.json(test_lever._postings())), _count_and_paths,
              (3, ["/v0/postings/palantir-eu"])),
        case(ORACLE, {"site": "CX_1"}, ORACLE_CX_7,
              lambda loopback: test_oracle._serve(loopback, test_oracle._requisitions(1)), _count_and_site,
              (1, "CX_1")),
        case(SMARTRECRUITERS, {"board_token": "WesternDigital"},
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
