"""WorkdaySource against a loopback server answering with real Workday CXS search and detail responses."""
import copy
import json

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources.workday import WorkdaySource, posting_from_detail
from tests.builders import FIXTURES, ats_answer
from tests.servers import Reply

SITE = "/wday/cxs/synchronyfinancial/University"
SEARCH = f"{SITE}/jobs"
SEARCH_BODY = {"appliedFacets": {}, "limit": 20, "offset": 0, "searchText": ""}
# A real search answer (4 postings of one tenant) and a real detail (Synchrony's), as the API sent them.
LISTING = ats_answer("workday_jobs_list.json")
DETAIL = ats_answer("workday_synchrony_job_detail.json")
SYNCHRONY_PATH = "/job/Stamford-Hub/BLP-Intern---Technology_2601695-1"


def _company(base: str) -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name="Synchrony (test)",
        careers_url="https://www.synchrony.com/careers",
        source_kind=SourceKind.WORKDAY,
        source_params={"base": base, "tenant": "synchronyfinancial", "site": "University"},
    )


def _detail_for(summary: dict) -> dict:
    """The real Synchrony detail, retitled and re-identified as `summary`, so each listed posting has its own."""
    detail = copy.deepcopy(DETAIL)
    detail["jobPostingInfo"].update(
        title=summary["title"],
        jobPostingId=summary["externalPath"].rsplit("/", 1)[-1],
        externalUrl=f"https://synchronyfinancial.wd5.myworkdayjobs.com/University{summary['externalPath']}",
    )
    return detail


def _summaries(count: int) -> list[dict]:
    """`count` search entries built from the real ones, each with its own path."""
    real = LISTING["jobPostings"]
    return [
        {**real[number % len(real)], "externalPath": f"{real[number % len(real)]['externalPath']}-{number}"}
        for number in range(count)
    ]


def _serve(loopback, summaries: list[dict], *, total: int | None = None) -> None:
    """Answer the search a page at a time (the total only on the first page, as Workday does) and each
    listed path with its detail."""

    def search(method, path, query, body):
        asked = json.loads(body)
        page = summaries[asked["offset"] : asked["offset"] + asked["limit"]]
        count = len(summaries) if total is None else total
        return Reply.json({**LISTING, "total": count if asked["offset"] == 0 else 0, "jobPostings": page})

    loopback.routes[SEARCH] = search
    for summary in summaries:
        loopback.routes[f"{SITE}{summary['externalPath']}"] = Reply.json(_detail_for(summary))


def _detail_requests(loopback) -> list[str]:
    return [path for method, path, *_ in loopback.requests if method == "GET"]


def test_search_and_details_become_postings(loopback, settings):
    # given the real search answer, served unchanged
    loopback.routes[SEARCH] = Reply.json(LISTING)
    for summary in LISTING["jobPostings"]:
        loopback.routes[f"{SITE}{summary['externalPath']}"] = Reply.json(_detail_for(summary))

    # when
    result = WorkdaySource().fetch(_company(loopback.url))

    # then one search and one detail request per posting, as us
    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == [
        "Quantitative-Researcher-Intern--Summer-2027_R1505",
        "Quantitative-Developer-Intern--Summer-2027_R1506",
        "Quantitative-Researcher_R1066-5",
        "Quantitative-Developer_R1433",
    ]
    [(method, _, _, body, headers)] = loopback.hits(SEARCH)
    assert (method, json.loads(body)) == ("POST", SEARCH_BODY)
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT
    assert _detail_requests(loopback) == [f"{SITE}{summary['externalPath']}" for summary in LISTING["jobPostings"]]


def test_detail_fields_are_mapped(loopback):
    # given a search listing Synchrony's posting, and its real detail served byte for byte
    summary = {"title": "BLP Intern – Technology", "externalPath": SYNCHRONY_PATH, "locationsText": "Stamford Hub"}
    loopback.routes[SEARCH] = Reply.json({"total": 1, "jobPostings": [summary]})
    loopback.routes[f"{SITE}{SYNCHRONY_PATH}"] = Reply(
        body=(FIXTURES / "ats" / "workday_synchrony_job_detail.json").read_bytes(),
        headers={"Content-Type": "application/json"},
    )

    [posting] = WorkdaySource().fetch(_company(loopback.url)).postings

    assert posting.external_id == "BLP-Intern---Technology_2601695-1"
    assert posting.evidence == {"requisition_id": "2601695"}  # the requisition this posting is one of
    assert posting.url == f"https://synchronyfinancial.wd5.myworkdayjobs.com/University{SYNCHRONY_PATH}"
    assert posting.origin == "ats"
    assert posting.fields == {
        "title": "BLP Intern – Technology",
        "company": "Synchrony Bank",
        "locations": [{"name": "Stamford Hub", "country": "US"}],
        "employment_type": "full_time",
        "date_posted": "2026-06-16",
    }
    assert posting.description_html == DETAIL["jobPostingInfo"]["jobDescription"]
    assert posting.text.startswith(
        "BLP Intern – Technology\n\nStamford Hub\n\nBusiness Leadership Program Internship Overview:"
    )
    assert "<" not in posting.text


@pytest.mark.parametrize(
    "remote_type, remote", [("Remote", "remote"), ("Hybrid", "hybrid"), ("On-site", "onsite"), ("Flexible", None)]
)
def test_remote_type_and_additional_locations_are_mapped(remote_type, remote):
    # The real detail has neither field: they are added here as other tenants send them, the primary
    # location repeated among the additional ones.
    detail = copy.deepcopy(DETAIL)
    detail["jobPostingInfo"].update(remoteType=remote_type, additionalLocations=["Chicago Hub", "Stamford Hub"])

    posting = posting_from_detail(detail)

    assert posting.fields["locations"] == [{"name": "Stamford Hub", "country": "US"}, {"name": "Chicago Hub"}]
    assert posting.fields.get("remote") == remote
    assert posting.text.startswith("BLP Intern – Technology\n\nStamford Hub; Chicago Hub\n\n")


def test_search_is_read_page_by_page_until_the_first_pages_total(loopback):
    summaries = _summaries(41)
    _serve(loopback, summaries)

    result = WorkdaySource().fetch(_company(loopback.url))

    # 41 postings are three pages of 20; later pages say "total": 0, which must not end the walk
    assert (result.complete, result.errors, len(result.postings)) == (True, [], 41)
    assert [json.loads(body)["offset"] for _, _, _, body, _ in loopback.hits(SEARCH)] == [0, 20, 40]
    assert len(_detail_requests(loopback)) == 41


def test_posting_seen_on_two_pages_counts_once(loopback):
    summaries = _summaries(21)

    def search(method, path, query, body):
        # A posting added while we walk pushes the last of page one onto page two.
        offset = json.loads(body)["offset"]
        page = summaries[:20] if offset == 0 else summaries[19:]
        return Reply.json({"total": 21 if offset == 0 else 0, "jobPostings": page})

    _serve(loopback, summaries)
    loopback.routes[SEARCH] = search

    result = WorkdaySource().fetch(_company(loopback.url))

    assert (result.complete, len(result.postings), len(_detail_requests(loopback))) == (True, 21, 21)


def test_listing_short_of_its_total_is_incomplete(loopback):
    _serve(loopback, _summaries(4), total=5)

    result = WorkdaySource().fetch(_company(loopback.url))

    assert (result.complete, len(result.postings)) == (False, 4)
    assert result.errors == ["the listing gave 4 of the 5 postings it counted"]


def test_a_posting_whose_detail_fails_is_kept_from_its_search_row(loopback):
    # given a search of 4 postings, the detail of the second answering 404
    summaries = _summaries(4)
    _serve(loopback, summaries)
    loopback.routes[f"{SITE}{summaries[1]['externalPath']}"] = Reply(status=404, body="Not Found")

    result = WorkdaySource().fetch(_company(loopback.url))

    # then the listing is whole and every posting is there; the second says what its row gives and why
    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == [
        "Quantitative-Researcher-Intern--Summer-2027_R1505-0",
        "Quantitative-Developer-Intern--Summer-2027_R1506-1",
        "Quantitative-Researcher_R1066-5-2",
        "Quantitative-Developer_R1433-3",
    ]
    row_only = result.postings[1]
    assert row_only.detail_missing.endswith(f"{SITE}{summaries[1]['externalPath']} answered HTTP 404")
    assert row_only.fields == {"title": summaries[1]["title"], "locations": [{"name": summaries[1]["locationsText"]}]}
    assert row_only.url == f"{loopback.url}/University{summaries[1]['externalPath']}"
    assert [posting.detail_missing for posting in result.postings].count("") == 3


def test_a_posting_whose_detail_is_malformed_is_kept_from_its_search_row(loopback):
    summaries = _summaries(2)
    _serve(loopback, summaries)
    loopback.routes[f"{SITE}{summaries[0]['externalPath']}"] = Reply.json({"hiringOrganization": {"name": "Synchrony"}})

    result = WorkdaySource().fetch(_company(loopback.url))

    assert (result.complete, len(result.postings)) == (True, 2)
    assert result.postings[0].detail_missing == "malformed detail (KeyError('jobPostingInfo'))"


def test_search_entry_without_a_path_makes_the_result_incomplete(loopback):
    summaries = _summaries(2)
    _serve(loopback, summaries)
    loopback.routes[SEARCH] = Reply.json({"total": 3, "jobPostings": [*summaries, {"title": "Hidden"}]})

    result = WorkdaySource().fetch(_company(loopback.url))

    assert (result.complete, len(result.postings)) == (False, 2)
    assert result.errors == ["listed a posting without externalPath: {'title': 'Hidden'}"]


ACME = "https://acme.wd5.myworkdayjobs.com"


@pytest.mark.parametrize(
    "url, params",
    [
        ("https://acme.wd5.myworkdayjobs.com/en-US/External", (ACME, "acme", "External")),
        ("https://acme.wd5.myworkdayjobs.com/External", (ACME, "acme", "External")),
        ("https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/External/jobs", (ACME, "acme", "External")),
        (
            f"https://synchronyfinancial.wd5.myworkdayjobs.com/University{SYNCHRONY_PATH}",
            ("https://synchronyfinancial.wd5.myworkdayjobs.com", "synchronyfinancial", "University"),
        ),
        (
            "https://modernatx.wd1.myworkdayjobs.com/fr-CA/M_tx?q=intern",
            ("https://modernatx.wd1.myworkdayjobs.com", "modernatx", "M_tx"),
        ),
        (
            "https://wd3.myworkdaysite.com/en-US/recruiting/brevanhoward/BH_ExternalCareers",
            ("https://wd3.myworkdaysite.com", "brevanhoward", "BH_ExternalCareers"),
        ),
        ("https://acme.wd5.myworkdayjobs.com/en-US", None),
        ("https://wd3.myworkdaysite.com/en-US/brevanhoward", None),
        ("https://myworkdayjobs.com.example.com/External", None),
        ("https://www.synchrony.com/careers", None),
    ],
)
def test_params_from_url(url, params):
    expected = dict(zip(("base", "tenant", "site"), params)) if params else {}
    assert WorkdaySource.params_from_url(url) == expected


# --- A site past Workday's count cap -------------------------------------------------------------------------------

FAMILIES = {"fam-eng": "Engineering", "fam-ops": "Operations", "fam-sales": "Sales"}


def _capped_site(loopback, monkeypatch, *, count: int, cap: int, facets: bool = True) -> list[dict]:
    """A site of `count` postings whose search counts at most `cap` and reads no further, as Workday's does at
    2,000; its first answer lists a job-family facet (and a location group, as real sites do). Details are not
    served: postings come from their rows."""
    monkeypatch.setattr("scraping.sources.workday.TOTAL_CAP", cap)
    family_ids = list(FAMILIES)
    summaries = [{**row, "family": family_ids[number % 3]} for number, row in enumerate(_summaries(count))]

    def search(method, path, query, body):
        asked = json.loads(body)
        chosen = asked["appliedFacets"].get("jobFamilyGroup")
        matching = [row for row in summaries if not chosen or row["family"] in chosen]
        visible = matching[:cap]
        page = visible[asked["offset"]: asked["offset"] + asked["limit"]]
        answer = {"total": min(len(matching), cap) if asked["offset"] == 0 else 0,
                  "jobPostings": [{key: value for key, value in row.items() if key != "family"} for row in page]}
        if facets and asked["offset"] == 0:
            answer["facets"] = [
                {"facetParameter": "locationMainGroup", "values": [{"descriptor": "Locations", "values": []}]},
                {"facetParameter": "jobFamilyGroup", "descriptor": "Job Category", "values": [
                    {"descriptor": name, "id": value_id, "count": sum(row["family"] == value_id for row in matching)}
                    for value_id, name in FAMILIES.items()]},
            ]
        return Reply.json(answer)

    loopback.routes[SEARCH] = search
    return summaries


def test_a_site_past_the_count_cap_is_read_whole_through_a_facet(loopback, monkeypatch):
    summaries = _capped_site(loopback, monkeypatch, count=75, cap=40)

    result = WorkdaySource().fetch(_company(loopback.url))

    assert (result.complete, result.errors) == (True, [])
    assert len(result.postings) == 75
    assert {posting.external_id for posting in result.postings} == {
        row["externalPath"].rsplit("/", 1)[-1] for row in summaries
    }


def test_a_site_past_the_count_cap_that_no_facet_splits_is_partial(loopback, monkeypatch):
    _capped_site(loopback, monkeypatch, count=75, cap=40, facets=False)

    result = WorkdaySource().fetch(_company(loopback.url))

    assert (result.complete, len(result.postings)) == (False, 40)
    assert result.errors == [
        "Synchrony (test): Workday counts at most 40 postings and none of the facets it lists splits the search "
        "below that: the first 40 were read, and the listing counts as partial"
    ]
