"""SmartRecruitersSource against a loopback server answering with real SmartRecruiters posting API responses."""
from urllib.parse import parse_qs

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources.smartrecruiters import SmartRecruitersSource
from tests.builders import ats_answer
from tests.servers import Reply

POSTINGS = "/v1/companies/WesternDigital/postings"
EHS_MANAGER, DATA_SCIENCE_INTERN, FIRMWARE_INTERN = "744000141247940", "744000141229015", "744000141229499"
HARDWARE_INTERN = "744000140949875"  # the real detail's posting
# What a detail has beyond its list entry (compare the real list's entries with the real detail).
DETAIL_ONLY_KEYS = {"jobId", "creator", "postingUrl", "applyUrl", "referralUrl", "jobAd", "compensation", "active"}


def _entries() -> list[dict]:
    """The real list's three postings (Fujisawa, Bayan Lepas, Petaling Jaya)."""
    return ats_answer("smartrecruiters_westerndigital_postings_list.json")["content"]


def _detail() -> dict:
    return ats_answer("smartrecruiters_westerndigital_posting_detail.json")


def _page(entries: list, *, offset: int = 0, limit: int = 100, total: int | None = None) -> dict:
    """A list page in the API's envelope, as the real list is."""
    total = len(entries) if total is None else total
    return {"offset": offset, "limit": limit, "totalFound": total, "content": entries}


def _paged(entries: list):
    """A route answering `offset`/`limit` over `entries` the way SmartRecruiters pages its list."""

    def answer(method, path, query, body):
        asked = parse_qs(query)
        offset, limit = int(asked["offset"][0]), int(asked["limit"][0])
        return Reply.json(_page(entries[offset : offset + limit], offset=offset, limit=limit, total=len(entries)))

    return answer


def _serve(loopback, entries: list, details: dict | None = None) -> None:
    """The list, paged, and a detail for every entry.

    The real detail belongs to a posting not in the real list, so the other entries' details are the
    entries themselves: a detail repeats its list entry's fields, and these have no job ad to add.
    """
    loopback.routes[POSTINGS] = _paged(entries)
    for entry in entries:
        loopback.routes[f"{POSTINGS}/{entry['id']}"] = Reply.json(entry)
    for posting_id, reply in (details or {}).items():
        loopback.routes[f"{POSTINGS}/{posting_id}"] = reply


def _company(api_base: str, identifier: str = "WesternDigital") -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name="Western Digital (test)",
        careers_url=f"https://careers.smartrecruiters.com/{identifier}",
        source_kind=SourceKind.SMARTRECRUITERS,
        source_params={"board_token": identifier, "api_base": api_base},
    )


def _source(page_size: int) -> SmartRecruitersSource:
    source = SmartRecruitersSource()
    source.page_size = page_size
    return source


def test_detail_fields_are_mapped(loopback, settings):
    # given a list holding the real detail's posting, as a list entry, and the real detail
    detail = _detail()
    entry = {key: value for key, value in detail.items() if key not in DETAIL_ONLY_KEYS}
    loopback.routes[POSTINGS] = Reply.json(_page([entry]))
    loopback.routes[f"{POSTINGS}/{HARDWARE_INTERN}"] = Reply.json(detail)

    # when
    result = SmartRecruitersSource().fetch(_company(loopback.url))

    # then
    assert (result.complete, result.errors) == (True, [])
    [posting] = result.postings
    assert posting.external_id == HARDWARE_INTERN
    assert posting.evidence == {"requisition_id": "REF34107R"}  # the job's reference number
    assert posting.url == (
        "https://jobs.smartrecruiters.com/WesternDigital/744000140949875-summer-2027-intern-hardware-engineering"
    )
    assert posting.origin == "ats"
    assert posting.fields == {
        "title": "Summer 2027 Intern - Hardware Engineering",
        "company": "Western Digital",
        "locations": [{"name": "San Jose, CA, United States", "city": "San Jose", "region": "CA", "country": "US"}],
        "remote": "hybrid",
        "employment_type": "internship",
        "seniority": "intern",
        "salary_min": 34.0,
        "salary_max": 47.0,
        "salary_currency": "USD",
        "salary_period": "hour",
        "date_posted": "2026-07-31",
    }
    sections = detail["jobAd"]["sections"]
    assert posting.description_html == "\n".join(
        f"<h2>{section['title']}</h2>{section['text']}"
        for section in (
            sections["companyDescription"],
            sections["jobDescription"],
            sections["qualifications"],
            sections["additionalInformation"],
        )
    )
    assert posting.text.startswith(
        "Summer 2027 Intern - Hardware Engineering\n\nSan Jose, CA, United States\n\nCompany Description\n\n"
        "WD is building the infrastructure behind the AI-driven data economy."
    )
    assert "Qualifications\n\nRequired:\n\n- Currently pursuing" in posting.text
    assert [(path, query) for (_, path, query, _, _) in loopback.requests] == [
        (POSTINGS, "limit=100&offset=0"),
        (f"{POSTINGS}/{HARDWARE_INTERN}", ""),
    ]
    assert {headers["User-Agent"] for (*_, headers) in loopback.requests} == {settings.SCRAPE_USER_AGENT}


def test_list_entries_are_mapped(loopback):
    _serve(loopback, _entries())

    result = SmartRecruitersSource().fetch(_company(loopback.url))

    assert (result.complete, result.errors) == (True, [])
    postings = {posting.external_id: posting for posting in result.postings}
    assert list(postings) == [EHS_MANAGER, DATA_SCIENCE_INTERN, FIRMWARE_INTERN]
    # "Associate" spans two of our seniority levels, so it is left for the extractor.
    assert postings[EHS_MANAGER].fields == {
        "title": "環境・安全衛生マネージャー (Environmental Health & Safety Manager)",
        "company": "Western Digital",
        "locations": [{"name": "Fujisawa, Kanagawa, Japan", "city": "Fujisawa", "region": "Kanagawa", "country": "JP"}],
        "remote": "onsite",
        "employment_type": "full_time",
        "date_posted": "2026-08-03",
    }
    assert postings[DATA_SCIENCE_INTERN].fields["seniority"] == "intern"
    assert postings[EHS_MANAGER].evidence == {"requisition_id": "REF33122V"}
    assert postings[DATA_SCIENCE_INTERN].fields["employment_type"] == "internship"
    assert postings[EHS_MANAGER].text == (
        "環境・安全衛生マネージャー (Environmental Health & Safety Manager)\n\nFujisawa, Kanagawa, Japan"
    )


def test_pages_follow_total_found(loopback):
    # The real list has three postings; the route pages them by offset/limit as SmartRecruiters does.
    _serve(loopback, _entries())

    result = _source(2).fetch(_company(loopback.url))

    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == [EHS_MANAGER, DATA_SCIENCE_INTERN, FIRMWARE_INTERN]
    assert [query for (_, _, query, _, _) in loopback.hits(POSTINGS)] == ["limit=2&offset=0", "limit=2&offset=2"]
    assert len(loopback.requests) == 2 + 3  # two list pages, one detail per posting


def test_listing_that_changes_while_paging_is_incomplete(loopback):
    # Between the two pages the first posting is withdrawn: the second page starts one posting later,
    # so the third posting is never listed and must not be closed.
    entries = _entries()
    pages = [Reply.json(_page(entries[:2], limit=2, total=3)), Reply.json(_page([], offset=2, limit=2, total=2))]
    _serve(loopback, entries)
    loopback.routes[POSTINGS] = pages

    result = _source(2).fetch(_company(loopback.url))

    assert [posting.external_id for posting in result.postings] == [EHS_MANAGER, DATA_SCIENCE_INTERN]
    assert result.complete is False
    assert result.errors == ["the listing gave 2 of the 3 postings it counted"]


def test_listing_shorter_than_announced_is_incomplete(loopback):
    _serve(loopback, _entries())
    loopback.routes[POSTINGS] = Reply.json(_page(_entries(), total=4))

    result = SmartRecruitersSource().fetch(_company(loopback.url))

    assert len(result.postings) == 3
    assert result.complete is False
    assert result.errors == ["the listing gave 3 of the 4 postings it counted"]


@pytest.mark.parametrize(
    "reply, error",
    [
        # Withdrawn between the list and its detail: the next run's list says whether it is gone
        (Reply.json({"message": "Posting not found"}, status=404), "answered HTTP 404"),
        (Reply.json([]), "answered without a posting"),
    ],
)
def test_a_posting_whose_detail_fails_is_kept_from_its_list_entry(loopback, reply, error):
    _serve(loopback, _entries(), details={DATA_SCIENCE_INTERN: reply})

    result = SmartRecruitersSource().fetch(_company(loopback.url))

    assert [posting.external_id for posting in result.postings] == [EHS_MANAGER, DATA_SCIENCE_INTERN, FIRMWARE_INTERN]
    assert (result.complete, result.errors) == (True, [])
    kept = result.postings[1]
    assert kept.detail_missing == f"{loopback.url}{POSTINGS}/{DATA_SCIENCE_INTERN} {error}"
    assert kept.fields["title"] == next(entry["name"] for entry in _entries() if entry["id"] == DATA_SCIENCE_INTERN)


def test_a_malformed_detail_is_replaced_by_the_list_entry(loopback):
    _serve(loopback, _entries(), details={FIRMWARE_INTERN: Reply.json({**_entries()[2], "jobAd": "<p>Firmware</p>"})})

    result = SmartRecruitersSource().fetch(_company(loopback.url))

    assert [posting.external_id for posting in result.postings] == [EHS_MANAGER, DATA_SCIENCE_INTERN, FIRMWARE_INTERN]
    assert result.complete is True
    assert result.postings[2].detail_missing.startswith("malformed detail (AttributeError(")


@pytest.mark.parametrize(
    "url, identifier",
    [
        ("https://careers.smartrecruiters.com/WesternDigital", "WesternDigital"),
        ("https://jobs.smartrecruiters.com/WesternDigital/744000141229015-intern-data-science", "WesternDigital"),
        ("https://api.smartrecruiters.com/v1/companies/WesternDigital/postings?limit=100", "WesternDigital"),
        # Apply buttons open the one-click form, whose path names the company after /company/.
        ("https://jobs.smartrecruiters.com/oneclick-ui/company/WesternDigital/publication/3f5a", "WesternDigital"),
        ("https://careers.smartrecruiters.com/", ""),
        ("https://smartrecruiters.com.example.org/WesternDigital", ""),
        ("https://www.westerndigital.com/company/careers", ""),
    ],
)
def test_params_from_url(url, identifier):
    assert SmartRecruitersSource.params_from_url(url).get("board_token", "") == identifier
