"""Page kinds whose page embeds its postings as JSON: Zoho Recruit (a hidden input's value), Paylocity
(`window.pageData`) and JOIN (Next.js `__NEXT_DATA__`), against loopback servers answering with the real pages under
fixtures/ats/real (recorded by others and cut by them; provenance in MANIFEST-c.tsv). Where a test changes a real page
(a count made whole, its jobs split over two pages) or makes one of its own (an error case), a comment says so."""
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from jobscraper.models import Company, SourceKind
from scraping.detect import detect_from_url
from scraping.sources import SOURCES, SourceError
from tests.servers import Reply

REAL = Path(__file__).parent.parent / "fixtures" / "ats" / "real"
UNITED_IMAGING = "d527ad39-680d-45fa-9178-38a81898aec2"
NEXT_DATA_RE = re.compile(r'(<script id="__NEXT_DATA__" type="application/json">)(.*)(</script>)', re.S)


def _real(relative: str) -> str:
    return (REAL / relative).read_text(encoding="utf-8")


@dataclass(frozen=True)
class PageKind:
    kind: str
    params: tuple
    listing: str  # the listing page's path on the test server
    page: str  # the real page, under fixtures/ats/real
    careers_url: str

    def company(self, api_base: str) -> Company:
        """An unsaved company: the source only reads its fields, so these tests need no database."""
        return Company(name=f"{self.kind} (test)", careers_url=self.careers_url, source_kind=self.kind,
                       source_params={**dict(self.params), "api_base": api_base})


ZOHO = PageKind(SourceKind.ZOHO_RECRUIT, (("tenant", "biotech"), ("portal", "Careers")), "/jobs/Careers",
                "zohorecruit/pscbiotech_careers_jobs_input_3of50.html", "https://biotech.zohorecruit.com/jobs/Careers")
PAYLOCITY = PageKind(SourceKind.PAYLOCITY, (("company", UNITED_IMAGING),), f"/Recruiting/Jobs/All/{UNITED_IMAGING}",
                     "paylocity/unitedimaging_jobs_all_pagedata_3.html",
                     f"https://recruiting.paylocity.com/Recruiting/Jobs/All/{UNITED_IMAGING}")
JOIN = PageKind(SourceKind.JOIN, (("company", "bexio"),), "/companies/bexio",
                "join/bexio_company_page_next_data_5of8.html", "https://join.com/companies/bexio")
KINDS = [ZOHO, PAYLOCITY, JOIN]


def _join_page(change) -> str:
    """bexio's real page with `change(jobs)` applied to its props.pageProps.initialState.jobs, written back."""
    page = _real(JOIN.page)
    data = json.loads(NEXT_DATA_RE.search(page)[2])
    change(data["props"]["pageProps"]["initialState"]["jobs"])
    return NEXT_DATA_RE.sub(lambda match: match[1] + json.dumps(data) + match[3], page)


def _whole(jobs: dict):
    # The recorded page holds 5 of bexio's 8 jobs; its count is set to the 5 it holds, so that it is a whole listing.
    jobs["pagination"].update(total=len(jobs["items"]), pageCount=1)


def _page_of(kind: PageKind) -> str:
    return _join_page(_whole) if kind is JOIN else _real(kind.page)


def _fetch(loopback, kind: PageKind, page: str | None = None, *, complete=True):
    loopback.routes.setdefault(kind.listing, Reply.html(_page_of(kind) if page is None else page))
    result = SOURCES[kind.kind]().fetch(kind.company(loopback.url))
    assert result.complete is complete, result.errors
    return result, {posting.external_id: posting for posting in result.postings}


def _asked(loopback) -> list[tuple[str, str]]:
    return [(path, query) for (_, path, query, _, _) in loopback.requests if path != "/robots.txt"]


@pytest.mark.parametrize("kind, count", [pytest.param(ZOHO, 3, id="zoho_recruit"),
                                         pytest.param(PAYLOCITY, 3, id="paylocity"), pytest.param(JOIN, 5, id="join")])
def test_every_posting_of_a_real_page_arrives(loopback, kind, count):
    result, postings = _fetch(loopback, kind)

    assert len(postings) == count and result.errors == []
    for posting in postings.values():
        assert posting.fields["title"] and "\n" not in posting.fields["title"]
        assert posting.url.startswith(loopback.url) and posting.fields["date_posted"].startswith("2026-")
    assert _asked(loopback)[0][0] == kind.listing


def test_a_zoho_page_holding_fifty_postings_is_read_in_part(loopback):
    # given the real page's first posting repeated to the 50 a page was seen to hold, each with its own id (test-made)
    first = re.search(r"\[(\{.*?\}), \{", _real(ZOHO.page).replace("&#34;", '"'))[1]
    postings = [{**json.loads(first), "id": str(474128000070000000 + n)} for n in range(50)]
    page = f'<html><body><input type="hidden" id="jobs" value="{html.escape(json.dumps(postings))}"></body></html>'

    result, read = _fetch(loopback, ZOHO, page, complete=False)

    assert len(read) == 50 and result.errors[0].endswith(
        "shows more postings than it lists and does not count them; stopped reading")


def test_zoho_recruit_reads_the_postings_its_hidden_input_holds(loopback):
    _, postings = _fetch(loopback, ZOHO)

    assert list(postings) == ["474128000070267033", "474128000070306003", "474128000070156567"]
    engineer, manager, mdr = postings.values()
    assert engineer.url == f"{loopback.url}/jobs/Careers/474128000070267033"
    assert {key: engineer.fields.get(key) for key in ("title", "locations", "employment_type", "date_posted",
                                                       "remote")} == {
        "title": "Project Engineer", "employment_type": "full_time", "date_posted": "2026-10-01", "remote": None,
        # "United States" is a country's name, not its code: kept in the place's name only
        "locations": [{"name": "Boulder, Colorado, United States", "city": "Boulder", "region": "Colorado"}]}
    assert "PSC Biotech provides the life sciences" in engineer.text
    assert (manager.fields["title"], manager.fields["remote"], manager.fields["date_posted"]) == (
        "Product Manager II", "remote", "2026-10-05")
    assert "locations" not in manager.fields and "Adaptive Compliance Engine\u2122" in manager.text
    assert (mdr.fields["employment_type"], mdr.fields["remote"]) == ("contract", "remote")
    assert _asked(loopback) == [("/jobs/Careers", "")]


def test_paylocity_reads_page_data_with_its_teaser_as_the_text(loopback):
    _, postings = _fetch(loopback, PAYLOCITY)

    assert list(postings) == ["4463447", "4526053", "4525257"]
    sales, marketing, service = postings.values()
    assert sales.url == f"{loopback.url}/Recruiting/Jobs/Details/4463447"
    assert {key: sales.fields[key] for key in ("title", "locations", "remote", "date_posted")} == {
        "title": "Product Sales Specialist - Digital Radiography (DR)", "remote": "remote",
        "date_posted": "2026-09-22", "locations": [{"name": "West Coast region", "country": "US"}]}
    assert sales.text.endswith("Who we are?United Imaging is a leading global medical device developer and supplier "
                               "with a diversified portfo") and sales.description_html == ""
    # United Imaging hides the marketing job's place (ShouldDisplayLocation false): none is given
    assert "locations" not in marketing.fields
    assert service.fields["locations"] == [{"name": "Pittsburg, PA", "city": "Pittsburg", "region": "PA",
                                            "country": "US"}]
    assert service.fields["title"] == "Customer Service Engineer (CT/MRI/PET-CT/X-ray/ANGIO)"
    assert "department" not in service.fields  # HiringDepartment is null on every recorded job


def test_join_reads_each_job_with_its_page_url_place_and_category(loopback):
    _, postings = _fetch(loopback, JOIN)

    assert list(postings) == ["16789521", "16318714", "16788654", "16573865", "16407817"]
    supporter = postings["16318714"]
    # its page is named by its idParam, whose number is not the job's id
    assert supporter.url == f"{loopback.url}/companies/bexio/16738632-junior-1st-level-supporter-w-m-d-80-100"
    assert {key: supporter.fields.get(key) for key in ("title", "locations", "remote", "department", "date_posted",
                                                        "employment_type")} == {
        "title": "Junior 1st Level Supporter (w/m/d) 80-100%", "remote": "onsite", "department": "Customer Service",
        "date_posted": "2026-06-17", "employment_type": None,  # "Employee" says neither full nor part time
        "locations": [{"name": "Rapperswil-Jona, Switzerland", "city": "Rapperswil-Jona", "country": "CH"}]}
    assert postings["16789521"].fields["department"] == "IT"
    assert postings["16789521"].url == f"{loopback.url}/companies/bexio/16789521-ai-engineer-m-w-d-80-100"
    assert _asked(loopback) == [("/companies/bexio", "page=1")]


def test_join_pages_by_page_until_its_total(loopback):
    # given bexio's real page split in two: its first 3 jobs on page 1, the other 2 on page 2, the count set to 5
    def first(jobs):
        jobs["items"] = jobs["items"][:3]
        jobs["pagination"].update(total=5, pageCount=2)

    def second(jobs):
        jobs["items"] = jobs["items"][3:]
        jobs["pagination"].update(total=5, pageCount=2, page=2)

    pages = {"page=1": _join_page(first), "page=2": _join_page(second)}
    loopback.routes[JOIN.listing] = lambda method, path, query, body: Reply.html(pages[query])

    result, postings = _fetch(loopback, JOIN)

    assert len(postings) == 5 and result.errors == []
    assert _asked(loopback) == [("/companies/bexio", "page=1"), ("/companies/bexio", "page=2")]


def test_join_listing_short_of_its_total_is_incomplete(loopback):
    # given bexio's page as recorded (5 of the 8 it counts); its page 2 is test-made: no jobs, the same count
    empty = _join_page(lambda jobs: jobs.update(items=[]))
    loopback.routes[JOIN.listing] = lambda method, path, query, body: Reply.html(
        _real(JOIN.page) if query == "page=1" else empty)

    result, postings = _fetch(loopback, JOIN, complete=False)

    assert result.errors == ["the listing gave 5 of the 8 postings it counted"]
    assert len(postings) == 5


def test_join_page_that_ignores_its_page_parameter_is_read_once_and_incomplete(loopback):
    # given bexio's page as recorded (5 of 8) answered whatever page is asked: the second page repeats the first
    result, postings = _fetch(loopback, JOIN, _real(JOIN.page), complete=False)

    assert result.errors == [f"a page of {loopback.url}/companies/bexio listed no posting not seen before; "
                             "stopped reading"]
    assert len(postings) == 5 and len(_asked(loopback)) == 2


def test_join_states_the_pay_it_shows():
    # given a recorded job with pay added in the shape JOIN's public API writes it (amounts in cents; the recorder
    # pruned the page's amounts): this row is test-made from the real one
    page = _real(JOIN.page)
    row = json.loads(NEXT_DATA_RE.search(page)[2])["props"]["pageProps"]["initialState"]["jobs"]["items"][0]
    paid = {**row, "salaryAmountFrom": {"amount": 7500000, "currency": "CHF"},
            "salaryAmountTo": {"amount": 9000000, "currency": "CHF"}}
    source = SOURCES[SourceKind.JOIN]()

    assert {key: value for key, value in source.posting(paid).fields.items() if key.startswith("salary")} == {
        "salary_min": 75000, "salary_max": 90000, "salary_currency": "CHF", "salary_period": "year"}
    hidden = {**paid, "settings": {"showSalary": False}}
    assert not any(key.startswith("salary") for key in source.posting(hidden).fields)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.kind)
def test_a_missing_board_is_a_source_error(loopback, kind):
    loopback.routes[kind.listing] = Reply.html("<html><body>Not Found</body></html>", status=404)

    with pytest.raises(SourceError, match="answered HTTP 404"):
        SOURCES[kind.kind]().fetch(kind.company(loopback.url))
    assert [path for path, _ in _asked(loopback)] == [kind.listing]


# Test-made pages: the kind's page without its data, or with data that is not what the kind reads.
@pytest.mark.parametrize("kind, page, vendor", [
    pytest.param(ZOHO, "<html><body><p>This career site is not available.</p></body></html>", "Zoho Recruit",
                 id="zoho-no-input"),
    pytest.param(ZOHO, '<html><body><input type="hidden" id="jobs" value="{&#34;error&#34;: &#34;x&#34;}">'
                 "</body></html>", "Zoho Recruit", id="zoho-object"),
    pytest.param(ZOHO, '<html><body><input type="hidden" id="jobs" value="[{&#34;id&#34;: "></body></html>',
                 "Zoho Recruit", id="zoho-cut-json"),
    pytest.param(PAYLOCITY, "<html><body><script>window.other = {};</script></body></html>", "Paylocity",
                 id="paylocity-no-page-data"),
    pytest.param(PAYLOCITY, '<html><body><script>window.pageData = {"Jobs": null};</script></body></html>',
                 "Paylocity", id="paylocity-jobs-null"),
    pytest.param(JOIN, "<html><body><h1>bexio</h1></body></html>", "JOIN", id="join-no-next-data"),
    pytest.param(JOIN, '<html><body><script id="__NEXT_DATA__" type="application/json">'
                 '{"props": {"pageProps": {"statusCode": 404}}}</script></body></html>', "JOIN", id="join-no-jobs"),
])
def test_a_page_without_its_postings_is_a_source_error_naming_the_vendor(loopback, kind, page, vendor):
    with pytest.raises(SourceError, match=rf"^{kind.kind} \(test\): {vendor} answered without a list of postings"):
        _fetch(loopback, kind, page)


# Test-made pages whose data lists no posting and states no count: nothing is closed on their word.
@pytest.mark.parametrize("kind, page", [
    pytest.param(ZOHO, '<html><body><input type="hidden" id="jobs" value="[]"></body></html>', id="zoho"),
    pytest.param(PAYLOCITY, '<html><body><script>window.pageData = {"Jobs": []};</script></body></html>',
                 id="paylocity"),
])
def test_a_page_listing_nothing_without_a_count_is_an_error(loopback, kind, page):
    with pytest.raises(SourceError, match="lists no posting where its postings are listed.*nothing is closed"):
        _fetch(loopback, kind, page)


def test_a_join_page_counting_no_jobs_is_an_empty_complete_listing(loopback):
    # given bexio's page with its jobs taken out and its count set to 0 (test-made from the real page)
    result, postings = _fetch(loopback, JOIN, _join_page(lambda jobs: (jobs.update(items=[]),
                                                                      jobs["pagination"].update(total=0))))
    assert postings == {} and result.errors == []


@pytest.mark.parametrize("url, kind, params, posting_id", [
    ("https://biotech.zohorecruit.com/jobs/Careers/474128000070267033/Project-Engineer", "zoho_recruit",
     {"tenant": "biotech", "portal": "Careers"}, "474128000070267033"),
    ("https://biotech.zohorecruit.com/jobs/Careers", "zoho_recruit", {"tenant": "biotech", "portal": "Careers"}, ""),
    # regional sites, as public career links show them, are read where they are
    ("https://tickbird.zohorecruit.eu/jobs/Careers", "zoho_recruit",
     {"tenant": "tickbird", "portal": "Careers", "api_base": "https://tickbird.zohorecruit.eu"}, ""),
    ("https://flydocs.zohorecruit.in/jobs/Careers/61915000010176003/Customer-Experience-Tier-1?source=flydocsWebsite",
     "zoho_recruit", {"tenant": "flydocs", "portal": "Careers", "api_base": "https://flydocs.zohorecruit.in"},
     "61915000010176003"),
    ("https://konnecthub.zohorecruit.com.au/jobs/Careers", "zoho_recruit",
     {"tenant": "konnecthub", "portal": "Careers", "api_base": "https://konnecthub.zohorecruit.com.au"}, ""),
    ("https://tru.zohorecruit.ca/jobs/Careers", "zoho_recruit",
     {"tenant": "tru", "portal": "Careers", "api_base": "https://tru.zohorecruit.ca"}, ""),
    ("https://geeksoftconsulting.zohorecruit.eu/jobs/Current-Openings/1321000014924545", "zoho_recruit",
     {"tenant": "geeksoftconsulting", "portal": "Current-Openings",
      "api_base": "https://geeksoftconsulting.zohorecruit.eu"}, "1321000014924545"),
    (f"https://recruiting.paylocity.com/recruiting/jobs/All/{UNITED_IMAGING}/United-Imaging", "paylocity",
     {"company": UNITED_IMAGING}, ""),
    (f"https://recruiting.paylocity.com/Recruiting/Jobs/All/{UNITED_IMAGING.upper()}", "paylocity",
     {"company": UNITED_IMAGING}, ""),
    # a job's URL shows its number, not the idParam's (see test_join_reads_each_job_...): it names no posting
    ("https://join.com/companies/bexio/16738632-junior-1st-level-supporter-w-m-d-80-100", "join",
     {"company": "bexio"}, ""),
    ("https://www.join.com/companies/bexio", "join", {"company": "bexio"}, ""),
])
def test_careers_urls_detect_the_kind_and_name_the_posting(url, kind, params, posting_id):
    detection = detect_from_url(url)
    assert (detection.kind, detection.params) == (kind, params)
    assert SOURCES[kind].posting_id_from_url(url) == posting_id


@pytest.mark.parametrize("url", [
    "https://www.zoho.com/recruit/", "https://www.zohorecruit.com/jobs/Careers", "https://biotech.zohorecruit.com/",
    "https://biotech.zohorecruit.com/recruit/portal/login", "https://biotech.zohorecruit.com.evil.example/jobs/Careers",
    "https://biotech.zohorecruit.co/jobs/Careers",
    "https://www.paylocity.com/", "https://recruiting.paylocity.com/Recruiting/Jobs/Details/4463447",
    "https://recruiting.paylocity.com/Recruiting/Jobs/All/not-a-guid",
    f"https://recruiting.paylocity.com.evil.example/Recruiting/Jobs/All/{UNITED_IMAGING}",
    "https://join.com/", "https://join.com/jobs", "https://join.com.evil.example/companies/bexio",
    "https://bexio.join.com/companies/bexio",
])
def test_vendor_sites_and_look_alikes_are_no_boards(url):
    assert detect_from_url(url) is None
