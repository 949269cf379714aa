"""The kinds described as data (scraping/sources/declared.py) against loopback servers answering with the real answers
under fixtures/ats/real (recorded by others; provenance in MANIFEST-c.tsv): every listed posting arrives with what the
answer states, pages are followed, and a listing read in part says so.

`KINDS` is also read by ats_adapters.py, whose shared cases (test_ats_errors.py, test_ats_boards.py) run against these kinds."""
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from jobscraper.models import Company, SourceKind
from scraping.detect import detect_from_url
from scraping.sources import SOURCES
from scraping.sources.declared import pay_text
from tests.servers import Reply

REAL = Path(__file__).parent.parent / "fixtures" / "ats" / "real"


def _real(relative: str):
    return json.loads((REAL / relative).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Kind:
    """A kind as the shared cases need it: its board `param` named `board`, listed at `listing` on a test server, a
    real `answer` whose `rows` (a key, or "" for the answer itself) lists postings that need `id_key`."""

    kind: str
    param: str
    board: str
    listing: str
    answer: str
    rows: str
    id_key: str
    careers_url: str  # a board URL naming `board`
    params: tuple = ()  # further parameters the kind needs
    whole: dict | None = None  # what makes the recorded answer a whole listing (Manatal's: 3 of 33, a next page)

    @property
    def source(self):
        return SOURCES[self.kind]

    def company(self, api_base: str) -> Company:
        """An unsaved company: the source only reads its fields, so these tests need no database."""
        return Company(name=f"{self.kind} {self.board} (test)", careers_url=self.careers_url, source_kind=self.kind,
                       source_params={self.param: self.board, "api_base": api_base, **dict(self.params)})

    def listing_answer(self):
        return {**_real(self.answer), **self.whole} if self.whole else _real(self.answer)


KINDS = [
    Kind(SourceKind.TEAMTAILOR, "company", "slaterconsult", "/jobs.json", "teamtailor/slaterconsult_jobs_json_feed_4.json",
         "items", "_jobposting", "https://slaterconsult.teamtailor.com/jobs"),
    Kind(SourceKind.RIPPLING, "board", "portside", "/platform/api/ats/v1/board/portside/jobs",
         "rippling/portside_board_jobs_4.json", "", "uuid", "https://ats.rippling.com/portside/jobs"),
    Kind(SourceKind.GEM, "board", "resprop", "/job_board/v0/resprop/job_posts/", "gem/resprop_job_board_4.json", "",
         "id", "https://jobs.gem.com/resprop"),
    Kind(SourceKind.PINPOINT, "company", "trilongroup", "/postings.json", "pinpoint/trilongroup_postings_3.json",
         "data", "id", "https://trilongroup.pinpointhq.com/"),
    Kind(SourceKind.BREEZY, "company", "highlights-healthcare", "/json",
         "breezy/highlights_healthcare_vanguard_ip_json_4.json", "", "id", "https://highlights-healthcare.breezy.hr/"),
    Kind(SourceKind.MANATAL, "company", "manatal", "/api/v1.0/c/manatal/jobs/",
         "manatal/manatal_careers_page_jobs_3of33.json", "results", "hash", "https://www.careers-page.com/manatal/",
         whole={"count": 3, "next": None}),
    Kind(SourceKind.BAMBOOHR, "tenant", "demo", "/careers/list", "bamboohr/demo_careers_list.json", "result", "id",
         "https://demo.bamboohr.com/careers"),
    Kind(SourceKind.COMEET, "uid", "91.001", "/careers-api/2.0/company/91.001/positions",
         "comeet/aquasec_careers_api_positions.json", "", "uid",
         "https://www.comeet.com/jobs/aquasec/91.001/engineering-platform-manager/CD.86E", (("token", "T0KEN"),)),
]
BY_KIND = {kind.kind: kind for kind in KINDS}


def _fetch(loopback, kind: Kind, answer=None, *, complete=True):
    loopback.routes.setdefault(kind.listing, Reply.json(kind.listing_answer() if answer is None else answer))
    result = kind.source().fetch(kind.company(loopback.url))
    assert result.complete is complete, result.errors
    return result, {posting.external_id: posting for posting in result.postings}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.kind)
def test_every_posting_of_a_real_listing_arrives_on_one_line(loopback, kind):
    # given a real listing; the kinds with details answer them 404 (their own tests serve them)
    answer = kind.listing_answer()
    rows = answer[kind.rows] if kind.rows else answer

    result, postings = _fetch(loopback, kind)

    assert len(postings) == len(rows) and result.errors == []
    for posting in postings.values():
        assert posting.fields["title"] and "\n" not in posting.fields["title"]
        assert posting.url.startswith("http")


def test_teamtailor_follows_next_url_and_reads_the_jobposting(loopback):
    # given Lovisa's first page, whose next_url (moved to the loopback) leads to Slater Consult's as a second page
    kind = BY_KIND[SourceKind.TEAMTAILOR]
    first = _real("teamtailor/lovisacareers_jobs_json_feed_salary_1.json")
    next_url = urlsplit(first["next_url"])
    first["next_url"] = f"{loopback.url}/jobs.json?{next_url.query}"
    pages = {"": first, "page=2&per_page=100": kind.listing_answer()}
    loopback.routes[kind.listing] = lambda method, path, query, body: Reply.json(pages[query])

    result, postings = _fetch(loopback, kind)

    assert sorted(postings) == ["5583037", "6676516", "8305651", "8312455", "8461370"]
    lovisa = postings["8461370"]
    assert lovisa.url == "https://lovisacareers.teamtailor.com/jobs/8461370-vendeur-euse-en-cdd-35h"
    assert {key: lovisa.fields[key] for key in ("salary_min", "salary_max", "salary_currency", "salary_period")} == {
        "salary_min": 12.31, "salary_max": 12.31, "salary_currency": "EUR", "salary_period": "hour"}
    assert lovisa.fields["locations"][0]["city"] == "Nice" and lovisa.fields["date_posted"] == "2026-09-28"
    assert [place["country"] for place in postings["8312455"].fields["locations"]] == ["DK", "PL"]


def test_a_next_page_on_another_host_is_not_asked_and_the_listing_is_incomplete(loopback):
    # given Lovisa's page as recorded: its next_url is on lovisacareers.teamtailor.com, not where the list was asked
    kind = BY_KIND[SourceKind.TEAMTAILOR]

    result, postings = _fetch(loopback, kind, _real("teamtailor/lovisacareers_jobs_json_feed_salary_1.json"),
                              complete=False)

    assert list(postings) == ["8461370"]
    assert result.errors == ["the next page is on another host "
                             "(https://lovisacareers.teamtailor.com/jobs.json?page=2&per_page=100); stopped reading"]
    assert [path for (_, path, _, _, _) in loopback.requests] == [kind.listing]


def test_a_listing_giving_fewer_postings_than_it_counts_is_incomplete(loopback):
    # given BambooHR's imec list, cut by its recorder to 3 of the 4 it counts
    kind = BY_KIND[SourceKind.BAMBOOHR]
    loopback.routes[kind.listing] = Reply.json(_real("bamboohr/imec_careers_list_3of4.json"))
    loopback.routes["/careers/97/detail"] = Reply.json(_real("bamboohr/imec_careers_detail_pruned.json"))

    result, postings = _fetch(loopback, kind, complete=False)

    assert result.errors == ["the listing gave 3 of the 4 postings it counted"]
    # the one detail held gives the description; the others are built from their rows, their details unread
    assert "MUST RESIDE IN ILLINOIS" in postings["97"].text and postings["97"].detail_missing == ""
    assert postings["97"].fields["locations"] == [{"name": "Chicago, Illinois, United States", "city": "Chicago",
                                                   "region": "Illinois"}]
    assert postings["98"].detail_missing.endswith("answered HTTP 404")
    assert postings["98"].url == f"{loopback.url}/careers/98"


def test_manatal_pages_by_next_and_its_count(loopback):
    # given Manatal's page as recorded (3 of 33) with its next page moved to the loopback, answering the rest empty
    kind = BY_KIND[SourceKind.MANATAL]
    first = _real(kind.answer)
    first["next"] = f"{loopback.url}{kind.listing}?page=2&page_size=100"
    loopback.routes[kind.listing] = lambda method, path, query, body: Reply.json(
        first if query == "page_size=100" else {"count": 33, "next": None, "previous": None, "results": []})

    result, postings = _fetch(loopback, kind, complete=False)

    assert result.errors == ["the listing gave 3 of the 33 postings it counted"]
    assert len(postings) == 3 and [path for (_, path, _, _, _) in loopback.requests] == [kind.listing] * 2
    assert postings["QW3VVV8W"].url == f"{loopback.url}/manatal/job/QW3VVV8W"
    assert postings["QW3VVV8W"].fields["locations"][0]["city"] == "Bangkok"


def test_rippling_reads_each_job_detail_and_keeps_the_row_when_one_fails(loopback):
    kind = BY_KIND[SourceKind.RIPPLING]
    marketing = "f7008ce4-5157-4ba9-b75b-ed2a6448b579"
    loopback.routes[f"{kind.listing}/{marketing}"] = Reply.json(_real("rippling/portside_job_detail.json"))

    result, postings = _fetch(loopback, kind)

    detailed = postings[marketing]
    assert detailed.detail_missing == "" and detailed.fields["employment_type"] == "full_time"
    assert detailed.fields["remote"] == "remote" and detailed.fields["date_posted"] == "2026-06-12"
    assert detailed.fields["company"] == "Portside, Inc." and detailed.description_html
    canada = postings["6830240a-8bcc-40f9-9067-2b287a12dc71"]
    assert canada.detail_missing and "remote" not in canada.fields
    assert canada.fields["locations"] == [{"name": "Canada"}]


def test_structured_fields_as_each_answer_states_them(loopback):
    _, pinpoint = _fetch(loopback, BY_KIND[SourceKind.PINPOINT])
    assert {key: pinpoint["471854"].fields.get(key) for key in ("remote", "employment_type", "salary_min",
                                                                "salary_period", "department")} == {
        "remote": "remote", "employment_type": "full_time", "salary_min": 150000.0, "salary_period": "year",
        "department": "Electrical/Energy"}
    assert pinpoint["492852"].fields["salary_period"] == "hour"
    # the requisition and the job a posting is a post of (its own id is another)
    assert pinpoint["547475"].evidence == {"requisition_id": "9723", "ats_job_id": "551205"}

    _, gem = _fetch(loopback, BY_KIND[SourceKind.GEM])
    first = gem["am9icG9zdDpaJBaZcGVWELLEr9w75z1P"]
    assert len(first.fields["locations"]) == 9 and first.fields["remote"] == "onsite"
    assert first.fields["date_posted"] == "2026-02-04" and "ResProp Management" in first.text
    assert first.evidence == {"requisition_id": "R3989", "ats_job_id": "am9iOmf1tMCGR-TWIeFFcN0fBKw"}

    _, breezy = _fetch(loopback, BY_KIND[SourceKind.BREEZY])
    assert breezy["4e5454ff973b"].fields["remote"] == "remote" and "remote" not in breezy["9b5dbab30b78"].fields
    assert (breezy["9b5dbab30b78"].fields["salary_min"], breezy["9b5dbab30b78"].fields["salary_max"]) == (95000, 115000)
    assert "salary_currency" not in breezy["9b5dbab30b78"].fields  # "$" names no one currency

    _, comeet = _fetch(loopback, BY_KIND[SourceKind.COMEET])
    assert [comeet[uid].fields.get("remote") for uid in ("CD.86E", "23.669", "52.E59")] == ["hybrid", "onsite", "remote"]
    assert loopback.requests[-1][2] == "token=T0KEN"


def test_bamboohr_details_state_date_pay_and_type():
    source = SOURCES[SourceKind.BAMBOOHR]()
    openings = _real("bamboohr/4thdimension_350org_detail_jobopenings_wrapped.json")
    row = {"id": "335"}
    posting = source.posting({**row, **openings["4thdimension:335"]})
    assert posting.url == "https://4thdimension.bamboohr.com/careers/335"
    assert {key: posting.fields.get(key) for key in ("employment_type", "salary_min", "salary_max", "salary_currency",
                                                      "date_posted")} == {
        "employment_type": "full_time", "salary_min": 24500, "salary_max": 26500, "salary_currency": "GBP",
        "date_posted": "2026-09-10"}
    temporary = source.posting({"id": "63", **openings["350:63"]})
    assert temporary.fields["employment_type"] == "temporary"
    assert temporary.fields["locations"][0]["city"] == "Washington"


@pytest.mark.parametrize("text, expected", [
    ("$95,000 – $115,000 / year", {"salary_min": 95000, "salary_max": 115000, "salary_period": "year"}),
    ("£28,090", {"salary_min": 28090, "salary_max": 28090, "salary_currency": "GBP"}),
    ("1,200 - 1,400 USD a month", {"salary_min": 1200, "salary_max": 1400, "salary_currency": "USD"}),
    ("", {}), (None, {}), ("Competitive", {}), ("10 - 20 - 30", {}),
])
def test_pay_text(text, expected):
    assert pay_text(text) == expected


@pytest.mark.parametrize("url, kind, params, posting_id", [
    ("https://lovisacareers.teamtailor.com/jobs/8461370-vendeur-euse", "teamtailor", {"company": "lovisacareers"},
     "8461370"),
    ("https://ats.rippling.com/portside/jobs/f7008ce4-5157-4ba9-b75b-ed2a6448b579", "rippling", {"board": "portside"},
     "f7008ce4-5157-4ba9-b75b-ed2a6448b579"),
    ("https://ats.rippling.com/embed/portside/jobs", "rippling", {"board": "portside"}, ""),
    ("https://api.rippling.com/platform/api/ats/v1/board/portside/jobs", "rippling", {"board": "portside"}, ""),
    ("https://jobs.gem.com/resprop/am9icG9zdDpaJBaZcGVWELLEr9w75z1P", "gem", {"board": "resprop"},
     "am9icG9zdDpaJBaZcGVWELLEr9w75z1P"),
    ("https://api.gem.com/job_board/v0/resprop/job_posts/", "gem", {"board": "resprop"}, ""),
    ("https://trilongroup.pinpointhq.com/en/postings/6547427b-f71c-4ab8-9023-8b519a110616", "pinpoint",
     {"company": "trilongroup"}, ""),
    ("https://highlights-healthcare.breezy.hr/p/9b5dbab30b78-bilingual-board", "breezy",
     {"company": "highlights-healthcare"}, "9b5dbab30b78"),
    ("https://www.careers-page.com/cube-dev/job/63X78V5R", "manatal", {"company": "cube-dev"}, "63X78V5R"),
    ("https://www.careers-page.com/api/v1.0/c/manatal/jobs/?page=2", "manatal", {"company": "manatal"}, ""),
    ("https://4thdimension.bamboohr.com/careers/331", "bamboohr", {"tenant": "4thdimension"}, "331"),
    ("https://www.comeet.com/jobs/aquasec/91.001/engineering-platform-manager/CD.86E", "comeet", {"uid": "91.001"},
     "CD.86E"),
])
def test_careers_urls_detect_the_kind_and_name_the_posting(url, kind, params, posting_id):
    detection = detect_from_url(url)
    assert (detection.kind, detection.params) == (kind, params)
    assert SOURCES[kind].posting_id_from_url(url) == posting_id


@pytest.mark.parametrize("url", [
    "https://www.teamtailor.com/en/", "https://www.rippling.com/careers", "https://www.gem.com/", "https://breezy.hr/",
    "https://www.bamboohr.com/careers", "https://www.pinpointhq.com/", "https://slaterconsult.teamtailor.com.evil.example/",
])
def test_vendor_sites_and_look_alikes_are_no_boards(url):
    assert detect_from_url(url) is None
