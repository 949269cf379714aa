"""The second set of kinds described as data (Polymer, ADP Workforce Now, Eightfold, iCIMS Career Sites, UKG Pro,
Phenom) against loopback servers answering with the real answers under fixtures/ats/real (recorded by others;
provenance in MANIFEST-c.tsv). UKG Pro and Phenom POST their listing: the body each page sends is checked.

`MORE_KINDS` joins test_declared.KINDS in test_ats_errors.py's shared cases."""
import json
from dataclasses import replace

import pytest

from jobscraper.models import SourceKind
from scraping.detect import detect_from_url
from scraping.sources import SOURCES
from scraping.sources.declared import dig
from scraping.sources.phenom import PhenomSource
from tests.scraping.test_declared import Kind, _fetch, _real
from tests.servers import Reply

ADP_CID, ADP_CC = "7120c628-221c-4769-b7e7-8ab11b78b67f", "9200879253113_2"
ADP_LIST = "/mascsr/default/careercenter/public/events/staffing/v1/job-requisitions"
UKG_BOARD = "/BAY1006BML/JobBoard/0669eed3-5441-4f8e-a7b1-c5df596a4dfe"
PHENOM_ANSWER = "phenom/cisco_widgets_refine_search_2of1313.json"



class PhenomKind(Kind):
    def listing_answer(self):
        """Cisco's answer made whole: its count, nested in `refineSearch`, set to the 2 hits its recorder kept."""
        answer = _real(self.answer)
        answer["refineSearch"]["totalHits"] = 2
        return answer


MORE_KINDS = [
    # Polymer's list answer is kept in its recorder's wrapper, whose `items` is the answer's own key (its `details`
    # beside it is the recorder's, and is not read).
    Kind(SourceKind.POLYMER, "organization", "renjoy", "/v1/hire/organizations/renjoy/jobs",
         "polymer/lumion_renjoy_list_items_wrapped.json", "items", "id", "https://jobs.polymer.co/renjoy"),
    Kind(SourceKind.ADP, "cid", ADP_CID, ADP_LIST, "adp/adp_wfn_job_requisitions.json", "jobRequisitions", "itemID",
         f"https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html?cid={ADP_CID}&ccId={ADP_CC}",
         (("ccId", ADP_CC),)),
    Kind(SourceKind.EIGHTFOLD, "tenant", "albemarle", "/api/apply/v2/jobs", "eightfold/albemarle_apply_v2_jobs_2of59.json",
         "positions", "id", "https://albemarle.eightfold.ai/careers?domain=albemarle.com", (("domain", "albemarle.com"),),
         whole={"count": 2}),
    Kind(SourceKind.ICIMS_JIBE, "host", "careers.garmin.com", "/api/jobs", "icims/garmin_jibe_api_jobs_3of5.json",
         "jobs", "data", "https://careers.garmin.com/api/jobs", whole={"totalCount": 3, "count": 3}),
    Kind(SourceKind.UKG, "tenant", "BAY1006BML", f"{UKG_BOARD}/JobBoardView/LoadSearchResults",
         "ukg/baylorgenetics_load_search_results.json", "opportunities", "Id",
         f"https://recruiting2.ultipro.com{UKG_BOARD}/", (("board", "0669eed3-5441-4f8e-a7b1-c5df596a4dfe"),)),
    PhenomKind(SourceKind.PHENOM, "host", "careers.cisco.com", "/widgets", PHENOM_ANSWER, "refineSearch.data.jobs",
               "jobId", "https://careers.cisco.com/global/en/search-results", (("country", "global"), ("lang", "en"))),
]
BY_KIND = {kind.kind: kind for kind in MORE_KINDS}


@pytest.mark.parametrize("kind", MORE_KINDS, ids=lambda kind: kind.kind)
def test_every_posting_of_a_real_listing_arrives_with_its_fields(loopback, kind):
    # given a real listing made whole (its count set to the rows the recorder kept); details answer 404
    answer = kind.listing_answer()

    result, postings = _fetch(loopback, kind, answer)

    assert len(postings) == len(dig(answer, kind.rows)) and result.errors == []
    for posting in postings.values():
        assert posting.fields["title"] and "\n" not in posting.fields["title"]
        assert posting.url.startswith("http") and posting.fields["locations"] and posting.fields["date_posted"]


def test_polymer_reads_pay_workplace_and_type_and_the_detail(loopback):
    kind = BY_KIND[SourceKind.POLYMER]
    _, postings = _fetch(loopback, kind)
    lumion, renjoy = postings["40212"], postings["41195"]
    assert (lumion.fields["remote"], lumion.fields["employment_type"]) == ("onsite", "full_time")
    assert lumion.url == "https://jobs.lumion.ai/40212" and "salary_min" not in lumion.fields
    assert {key: renjoy.fields[key] for key in ("remote", "employment_type", "salary_min", "salary_max",
                                                "salary_currency", "salary_period", "date_posted")} == {
        "remote": "remote", "employment_type": "contract", "salary_min": 1200, "salary_max": 1400,
        "salary_currency": "USD", "salary_period": "month", "date_posted": "2026-09-18"}
    assert renjoy.fields["locations"] == [{"name": "San Pedro Sula, HN", "city": "San Pedro Sula", "country": "HN"}]
    assert [request[2] for request in loopback.requests][:1] == ["page=1&per_page=50"]

    # Cedar's row with its detail: thousands written "170K", and the description
    cedar = _real("polymer/cedar_list_and_detail_wrapped.json")
    loopback.routes["/v1/hire/organizations/cedar/jobs"] = Reply.json({"items": cedar["items"]})
    loopback.routes["/v1/hire/organizations/cedar/jobs/38850"] = Reply.json(cedar["details"]["38850"])
    company = kind.company(loopback.url)
    company.source_params["organization"] = "cedar"
    posting = kind.source().fetch(company).postings[0]
    assert (posting.fields["salary_min"], posting.fields["salary_max"], posting.fields["salary_period"]) == (
        170000, 220000, "year")
    assert posting.detail_missing == "" and "Help reinvent how housing" in posting.text


def test_adp_reads_each_requisition_detail_and_pages_by_skip(loopback):
    kind = BY_KIND[SourceKind.ADP]
    loopback.routes[f"{ADP_LIST}/9205234334470_1"] = Reply.json(_real("adp/adp_wfn_job_requisition_detail_pruned.json"))

    result, postings = _fetch(loopback, kind)

    detailed = postings["9205234334470_1"]
    assert detailed.detail_missing == "" and "Summary" in detailed.text
    assert detailed.fields["locations"] == [{"name": "US", "country": "US"}]
    assert detailed.fields["date_posted"] == "2026-09-10"
    assert postings["9205231141781_1"].detail_missing.endswith("answered HTTP 404")
    assert postings["9205231141781_1"].url == (f"{loopback.url}/mascsr/default/mdf/recruitment/recruitment.html"
                                               f"?cid={ADP_CID}&ccId={ADP_CC}&lang=en_US&jobId=9205231141781_1")
    listing = loopback.hits(ADP_LIST)[0][2]
    assert f"cid={ADP_CID}" in listing and "%24skip=0" in listing and "%24top=100" in listing
    assert loopback.hits(f"{ADP_LIST}/9205234334470_1")[0][2] == f"cid={ADP_CID}&ccId={ADP_CC}&lang=en_US"


def test_eightfold_counts_what_it_lists_and_reads_details(loopback):
    # given Albemarle's page as recorded: 2 of the 59 it counts; the second page answers none
    kind = BY_KIND[SourceKind.EIGHTFOLD]
    first = _real(kind.answer)
    loopback.routes[kind.listing] = lambda method, path, query, body: Reply.json(
        first if "start=0" in query else {"positions": [], "count": 59})
    loopback.routes[f"{kind.listing}/1099556324897"] = Reply.json(_real("eightfold/albemarle_apply_v2_job_pruned.json"))

    result, postings = _fetch(loopback, kind, complete=False)

    assert result.errors == ["the listing gave 2 of the 59 postings it counted"]
    environmental = postings["1099556324897"]
    assert "Be an essential element" in environmental.text and environmental.fields["date_posted"] == "2026-09-24"
    assert environmental.url == "https://albemarle.eightfold.ai/careers/job/1099556324897"
    assert postings["1099556190478"].fields["remote"] == "onsite"
    assert postings["1099556190478"].fields["department"] == "Manufacturing"
    assert all("domain=albemarle.com" in query for (_, _, query, _, _) in loopback.requests)


def test_jibe_listing_short_of_its_total_is_incomplete(loopback):
    # given Garmin's first page as recorded: 3 of the 5 it counts, the next page empty
    kind = BY_KIND[SourceKind.ICIMS_JIBE]
    first = _real(kind.answer)
    loopback.routes[kind.listing] = lambda method, path, query, body: Reply.json(
        first if "page=1" in query else {"jobs": [], "totalCount": 5, "count": 5})

    result, postings = _fetch(loopback, kind, complete=False)

    assert result.errors == ["the listing gave 3 of the 5 postings it counted"]
    dive = postings["18490"]
    assert [place["name"] for place in dive.fields["locations"]] == ["Olathe, Kansas", "Cary, North Carolina, US"]
    assert dive.url == "https://careers.garmin.com/jobs/18490?lang=en-us"
    assert (dive.fields["company"], dive.fields["department"]) == ("Garmin International, Inc.", "Engineering")
    assert "Qualifications [redacted" in dive.text


def test_ukg_posts_its_search_and_reads_workplace_and_type(loopback):
    kind = BY_KIND[SourceKind.UKG]

    _, postings = _fetch(loopback, kind)

    ((method, _, _, body, _),) = loopback.requests
    search = json.loads(body)["opportunitySearch"]
    assert method == "POST" and (search["Skip"], search["Top"], search["QueryString"]) == (0, 50, "")
    remote, office = postings["69d553eb-7b6b-4176-a082-58ecb897204b"], postings["13b5978c-3aee-44cd-8c13-bcb56ab16705"]
    assert (remote.fields["remote"], remote.fields["employment_type"]) == ("remote", "full_time")
    assert remote.fields["locations"] == [{"name": "United States"}]
    assert office.fields["remote"] == "onsite"
    assert office.fields["locations"] == [{"name": "Houston, TX, United States", "city": "Houston", "region": "TX"}]
    assert office.url == f"{loopback.url}{UKG_BOARD}/OpportunityDetail?opportunityId=13b5978c-3aee-44cd-8c13-bcb56ab16705"


def test_phenom_pages_by_from_and_stops_short_of_its_total(loopback):
    # given Cisco's refineSearch as recorded, 2 of the 1313 hits it counts, read 2 a page; the second page has none
    kind = BY_KIND[SourceKind.PHENOM]
    first = _real(kind.answer)
    loopback.routes[kind.listing] = lambda method, path, query, body: Reply.json(
        first if json.loads(body)["from"] == 0 else {"refineSearch": {"totalHits": 1313, "data": {"jobs": []}}})
    two_a_page = type("TwoAPage", (PhenomSource,), {"kind": "", "api": replace(PhenomSource.api, page_size=2)})

    result = two_a_page().fetch(kind.company(loopback.url))
    postings = {posting.external_id: posting for posting in result.postings}

    assert result.complete is False and result.errors == ["the listing gave 2 of the 1313 postings it counted"]
    bodies = [json.loads(body) for (_, _, _, body, _) in loopback.requests]
    assert [(body["from"], body["size"], body["lang"], body["country"], body["ddoKey"]) for body in bodies] == [
        (0, 2, "en_global", "global", "refineSearch"), (2, 2, "en_global", "global", "refineSearch")]
    quality = postings["2011157"]
    assert {key: quality.fields[key] for key in ("remote", "employment_type", "date_posted", "department")} == {
        "remote": "hybrid", "employment_type": "full_time", "date_posted": "2026-07-29",
        "department": "Supply Chain and Manufacturing Ops"}
    assert postings["2006930"].fields["remote"] == "onsite"
    assert quality.url == f"{loopback.url}/global/en/job/2011157"


@pytest.mark.parametrize("url, kind, params, posting_id", [
    ("https://jobs.polymer.co/renjoy/41195", "polymer", {"organization": "renjoy"}, "41195"),
    ("https://api.polymer.co/v1/hire/organizations/cedar/jobs", "polymer", {"organization": "cedar"}, ""),
    (f"https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html?cid={ADP_CID}&ccId={ADP_CC}"
     "&jobId=9205234334470_1&lang=en_US", "adp", {"cid": ADP_CID, "ccId": ADP_CC}, "9205234334470_1"),
    ("https://albemarle.eightfold.ai/careers/job/1099556324897?domain=albemarle.com", "eightfold",
     {"tenant": "albemarle", "domain": "albemarle.com"}, "1099556324897"),
    ("https://caci.eightfold.ai/careers", "eightfold", {"tenant": "caci"}, ""),
    ("https://careers.garmin.com/api/jobs?page=2", "icims_jibe", {"host": "careers.garmin.com"}, ""),
    (f"https://recruiting2.ultipro.com{UKG_BOARD}/OpportunityDetail?opportunityId=69d553eb-7b6b-4176-a082-58ecb897204b",
     "ukg", {"tenant": "BAY1006BML", "board": "0669eed3-5441-4f8e-a7b1-c5df596a4dfe"},
     "69d553eb-7b6b-4176-a082-58ecb897204b"),
    (f"https://recruiting.ultipro.com{UKG_BOARD}/", "ukg", {"tenant": "BAY1006BML",
     "board": "0669eed3-5441-4f8e-a7b1-c5df596a4dfe", "api_base": "https://recruiting.ultipro.com"}, ""),
    ("https://careers.cisco.com/global/en/job/2011157/Quality-Engineer", "phenom",
     {"host": "careers.cisco.com", "country": "global", "lang": "en"}, "2011157"),
])
def test_careers_urls_detect_the_kind_and_name_the_posting(url, kind, params, posting_id):
    detection = detect_from_url(url)
    assert (detection.kind, detection.params) == (kind, params)
    assert SOURCES[kind].posting_id_from_url(url) == posting_id


@pytest.mark.parametrize("url", [
    "https://polymer.co/", "https://www.adp.com/careers", "https://workforcenow.adp.com/theapp/login.html",
    "https://eightfold.ai/careers", "https://careers.garmin.com/jobs/19975", "https://www.ultipro.com/",
    "https://recruiting2.ultipro.com/BAY1006BML/JobBoard/not-a-board/", "https://careers.cisco.com/",
    "https://www.example.com/US/en/search-results", "https://careers-garmin.icims.com/jobs/19975/login",
])
def test_vendor_sites_and_other_pages_are_no_boards(url):
    assert detect_from_url(url) is None
