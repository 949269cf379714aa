"""OracleSource against a loopback server answering with Oracle Recruiting Cloud requisition searches and details."""
import re
from urllib.parse import unquote

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources.oracle import OracleSource, posting_from_requisition
from tests.builders import FIXTURES, ats_answer
from tests.servers import Reply

SEARCH = "/hcmRestApi/resources/latest/recruitingCEJobRequisitions"
DETAILS = "/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails"
# The detail is a real American Express requisition; the search answer listing it is written by us after
# Oracle's documented format (see tests/fixtures/ORIGIN.tsv).
SEARCH_ANSWER = ats_answer("oracle_orc_amex_requisitions_search.json")
DETAIL_ANSWER = ats_answer("oracle_orc_amex_requisition.json")
LISTED = SEARCH_ANSWER["items"][0]["requisitionList"][0]
DETAIL = DETAIL_ANSWER["items"][0]
AMEX_TITLE = DETAIL["Title"]


def _company(base: str) -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name="American Express (test)",
        careers_url="https://www.americanexpress.com/en-us/careers/",
        source_kind=SourceKind.ORACLE,
        source_params={"base": base, "site": "CX_1"},
    )


def _requisitions(count: int) -> list[dict]:
    """`count` search entries built from the real requisition, each with its own Id."""
    return [{**LISTED, "Id": str(26011990 + number)} for number in range(count)]


def _asked_offset(query: str) -> int:
    return int(re.search(r"offset=(\d+)", query).group(1))


def _asked_id(query: str) -> str:
    return re.search(r'Id="([^"]+)"', unquote(query)).group(1)


def _serve(loopback, requisitions: list[dict], *, total: int | None = None) -> None:
    """Answer the search a page of 25 at a time and each requisition's detail: the real one, re-identified."""

    def search(method, path, query, body):
        offset = _asked_offset(query)
        item = {
            **SEARCH_ANSWER["items"][0],
            "Offset": offset,
            "TotalJobsCount": len(requisitions) if total is None else total,
            "requisitionList": requisitions[offset : offset + 25],
        }
        return Reply.json({**SEARCH_ANSWER, "items": [item]})

    def details(method, path, query, body):
        return Reply.json({**DETAIL_ANSWER, "items": [{**DETAIL, "Id": _asked_id(query)}]})

    loopback.routes[SEARCH] = search
    loopback.routes[DETAILS] = details


def test_search_and_details_become_postings(loopback, settings):
    # given the search answer and the real detail, both served unchanged
    loopback.routes[SEARCH] = Reply.json(SEARCH_ANSWER)
    loopback.routes[DETAILS] = Reply.json(DETAIL_ANSWER)

    # when
    result = OracleSource().fetch(_company(loopback.url))

    # then one search and one detail request, in the candidate-experience format, as us
    assert (result.complete, result.errors, [p.external_id for p in result.postings]) == (True, [], ["26011990"])
    [(method, _, query, _, headers)] = loopback.hits(SEARCH)
    assert (method, query) == (
        "GET",
        "onlyData=true&expand=requisitionList.secondaryLocations"
        "&finder=findReqs;siteNumber=CX_1,limit=25,offset=0,sortBy=POSTING_DATES_DESC",
    )
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT
    [(method, _, query, _, _)] = loopback.hits(DETAILS)
    assert (method, unquote(query)) == (
        "GET",
        'expand=all&onlyData=true&finder=ById;Id="26011990",siteNumber=CX_1',
    )


def test_requisition_fields_are_mapped(loopback):
    loopback.routes[SEARCH] = Reply.json(SEARCH_ANSWER)
    loopback.routes[DETAILS] = Reply(
        body=(FIXTURES / "ats" / "oracle_orc_amex_requisition.json").read_bytes(),
        headers={"Content-Type": "application/json"},
    )

    [posting] = OracleSource().fetch(_company(loopback.url)).postings

    assert posting.url == f"{loopback.url}/hcmUI/CandidateExperience/en/sites/CX_1/job/26011990"
    assert posting.origin == "ats"
    assert posting.fields == {
        "title": AMEX_TITLE,
        "locations": [{"name": "Phoenix, AZ, United States", "country": "US"}],
        "remote": "hybrid",
        "employment_type": "full_time",
        "department": "Credit & Fraud Risk",
        "date_posted": "2025-09-04",
    }
    # The detail's sections in the order of Oracle's own page: the role, then the company.
    sections = [DETAIL[key] for key in ("ExternalDescriptionStr", "ExternalResponsibilitiesStr",
                                        "ExternalQualificationsStr", "CorporateDescriptionStr",
                                        "OrganizationDescriptionStr")]
    assert posting.description_html == "\n".join(sections)
    assert posting.text.startswith(f"{AMEX_TITLE}\n\nPhoenix, AZ, United States\n\nBusiness Unit/Role Specific Info")
    assert "How will you make an impact in this role?" in posting.text
    assert "Minimum Qualifications" in posting.text
    assert "<" not in posting.text and "&nbsp;" not in posting.text


def test_detail_values_win_and_secondary_locations_are_kept():
    # Values a detail and a search may carry beyond the fixtures' (ours): the detail's wins where both have one.
    listed = {
        **LISTED,
        "secondaryLocations": [
            {"Name": "Sunrise, FL, United States", "CountryCode": "US", "GeographyId": 300000002169544},
            {"Name": "Phoenix, AZ, United States", "CountryCode": "US", "GeographyId": 300000002185366},
        ],
    }
    detail = {
        **DETAIL,
        "ExternalPostedStartDate": "2025-09-05T14:02:11+00:00",
        "WorkplaceTypeCode": "ORA_ON_SITE",
        "WorkplaceType": "Sur site",
        "JobSchedule": "Part time",
        "Department": "Global Risk & Compliance",
    }

    posting = posting_from_requisition(listed, detail, url="https://example.org/job/26011990")

    assert posting.fields["locations"] == [
        {"name": "Phoenix, AZ, United States", "country": "US"},
        {"name": "Sunrise, FL, United States", "country": "US"},
    ]
    assert posting.fields["date_posted"] == "2025-09-05"
    assert posting.fields["remote"] == "onsite"
    assert posting.fields["employment_type"] == "part_time"
    assert posting.fields["department"] == "Global Risk & Compliance"
    assert posting.text.startswith(f"{AMEX_TITLE}\n\nPhoenix, AZ, United States; Sunrise, FL, United States\n\n")


def test_search_is_read_page_by_page_until_its_count(loopback):
    _serve(loopback, _requisitions(51))

    result = OracleSource().fetch(_company(loopback.url))

    assert (result.complete, result.errors, len(result.postings)) == (True, [], 51)
    assert [_asked_offset(query) for _, _, query, _, _ in loopback.hits(SEARCH)] == [0, 25, 50]
    assert len(loopback.hits(DETAILS)) == 51
    assert result.postings[50].external_id == "26012040"


def test_listing_short_of_its_count_is_incomplete(loopback):
    _serve(loopback, _requisitions(30), total=31)

    result = OracleSource().fetch(_company(loopback.url))

    assert (result.complete, len(result.postings)) == (False, 30)
    assert result.errors == ["the listing gave 30 of the 31 requisitions it counted"]


def test_a_requisition_whose_detail_fails_is_kept_from_its_search_row(loopback):
    _serve(loopback, _requisitions(3))
    details = loopback.routes[DETAILS]
    loopback.routes[DETAILS] = lambda method, path, query, body: (
        Reply(status=404, body="Not Found")
        if _asked_id(query) == "26011991"
        else details(method, path, query, body)
    )

    result = OracleSource().fetch(_company(loopback.url))

    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == ["26011990", "26011991", "26011992"]
    row_only = result.postings[1]
    assert "recruitingCEJobRequisitionDetails?" in row_only.detail_missing
    assert row_only.detail_missing.endswith("answered HTTP 404")
    # what the search row gives: title, place, date
    assert (row_only.fields["title"], row_only.fields["date_posted"]) == (LISTED["Title"], LISTED["PostedDate"][:10])
    assert row_only.fields["locations"][0]["name"] == LISTED["PrimaryLocation"]


def test_a_requisition_no_longer_on_record_but_listed_is_kept_from_its_search_row(loopback):
    _serve(loopback, _requisitions(2))
    details = loopback.routes[DETAILS]
    loopback.routes[DETAILS] = lambda method, path, query, body: (
        Reply.json({"items": [], "count": 0, "hasMore": False, "limit": 25, "offset": 0})
        if _asked_id(query) == "26011990"
        else details(method, path, query, body)
    )

    result = OracleSource().fetch(_company(loopback.url))

    assert (result.complete, [posting.external_id for posting in result.postings]) == (True, ["26011990", "26011991"])
    assert result.postings[0].detail_missing.endswith("answered without the requisition")


def test_a_malformed_detail_is_replaced_by_the_search_row(loopback):
    _serve(loopback, _requisitions(2))
    loopback.routes[DETAILS] = Reply.json({"items": [{**DETAIL, "Title": ["not", "a", "title"]}]})

    result = OracleSource().fetch(_company(loopback.url))

    assert (result.complete, len(result.postings)) == (True, 2)
    assert result.postings[0].detail_missing.startswith("malformed detail (AttributeError(")
    assert result.postings[0].fields["title"] == LISTED["Title"]


@pytest.mark.parametrize(
    "url, params",
    [
        (
            "https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1",
            {"base": "https://eeho.fa.us2.oraclecloud.com", "site": "CX_1"},
        ),
        (
            "https://jpmc.fa.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1001/job/210775238?utm_source=x",
            {"base": "https://jpmc.fa.oraclecloud.com", "site": "CX_1001"},
        ),
        (
            "https://edbz.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/fr-CA/sites/CX/requisitions",
            {"base": "https://edbz.fa.us2.oraclecloud.com", "site": "CX"},
        ),
        ("https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/", {}),
        ("https://careers.example.com/en/sites/CX_1001/job/2506217", {}),
        ("https://www.americanexpress.com/en-us/careers/", {}),
    ],
)
def test_params_from_url(url, params):
    assert OracleSource.params_from_url(url) == params
