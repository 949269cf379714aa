"""SAP SuccessFactors (RMK) and Avature, two kinds whose listing is a results page on the company's own host, against a
loopback server answering with the real pages under fixtures/ats/real (recorded and cut by others; provenance in
MANIFEST-c.tsv): every listed posting arrives with what its row states, pages are followed by the kind's offset to the
count the page states, and a page short of its count, a missing board or a page without its rows closes nothing.

Neither kind reads a posting's own page: no real one was recorded, so neither has a detail to test."""
import re
from pathlib import Path

import pytest

from jobscraper.models import Company, SourceKind
from scraping.detect import detect_from_html, detect_from_url
from scraping.sources import SOURCES, SourceError
from tests.servers import Reply

REAL = Path(__file__).parent.parent / "fixtures" / "ats" / "real"
CHIESI = (REAL / "successfactors" / "chiesi_rmk_search_results_3.html").read_text(encoding="utf-8")
UNIFI = (REAL / "avature" / "unifi_search_jobs_3of720.html").read_text(encoding="utf-8")
CHIESI_IDS = ["755919802", "1372996357", "1370202757"]
UNIFI_IDS = ["13788", "14732", "13312"]
SF_LISTING, AVATURE_LISTING = "/search/", "/careers/SearchJobs/"
# Test-made: a results page with neither rows nor a count, as a site that changed its markup would answer.
NO_ROWS = "<html><body><main><p>Something went wrong.</p></main></body></html>"


def _company(kind: str, api_base: str, **params) -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(name=f"{kind} (test)", careers_url="https://example.com/careers", source_kind=kind,
                   source_params={**params, "api_base": api_base})


def _fetch(loopback, kind: str, params: dict, *, complete=True):
    result = SOURCES[kind]().fetch(_company(kind, loopback.url, **params))
    assert result.complete is complete, result.errors
    return result, {posting.external_id: posting for posting in result.postings}


def _queries(loopback, path: str) -> list[str]:
    return [query for (_, requested, query, _, _) in loopback.requests if requested == path]


def _paged(pages: dict, key: str):
    """A route answering the page stated for the query's `key` (startrow, jobOffset); 404 for any other."""
    def answer(method, path, query, body):
        offset = dict(part.partition("=")[::2] for part in query.split("&")).get(key)
        return Reply.html(pages[offset]) if offset in pages else Reply(status=404, body="not found")

    return answer


def _renumbered(page: str, ids: list[str]) -> str:
    """The page with each posting's id changed (an id in its links gains a trailing 0): the same rows as other
    postings, for a second page."""
    for job_id in ids:
        page = page.replace(f"/{job_id}", f"/{job_id}0")
    return page


# --- SAP SuccessFactors -----------------------------------------------------------------------------------------

SF = {"host": "careers.chiesi.com"}


def test_successfactors_reads_every_row_of_the_real_search_page(loopback):
    # given Chiesi's search page as recorded: three rows, "Results 1 – 3 of 3"
    loopback.routes[SF_LISTING] = Reply.html(CHIESI)

    result, postings = _fetch(loopback, SourceKind.SUCCESSFACTORS, SF)

    assert list(postings) == CHIESI_IDS and result.errors == []
    assert _queries(loopback, SF_LISTING) == ["q=&startrow=0"]  # one page: its count is reached
    torun, cary, europe = (postings[job_id] for job_id in CHIESI_IDS)
    assert [posting.fields["title"] for posting in (torun, cary, europe)] == [
        "Medical Science Liaisons Manager", "Business Systems Analyst",
        "Clinical Project Manager, Global Rare Diseases"]
    # the row's link, on the host the page was asked from (here the loopback)
    assert cary.url == f"{loopback.url}/job/Cary%2C-NC-Business-Systems-Analyst-NC/1372996357/"
    assert torun.fields["locations"] == [{"name": "Torun, PL", "city": "Torun", "country": "PL"}]
    assert cary.fields["locations"] == [{"name": "Cary, NC, US", "city": "Cary", "region": "NC", "country": "US"}]
    assert europe.fields["locations"] == [{"name": "Europe, remote, IT", "country": "IT"}]
    assert europe.fields["remote"] == "remote" and "remote" not in cary.fields and "remote" not in torun.fields
    assert [posting.fields["date_posted"] for posting in (torun, cary, europe)] == [
        "2026-09-23", "2026-09-23", "2026-09-22"]
    assert cary.text == "Business Systems Analyst\n\nCary, NC, US" and cary.detail_missing == ""


def test_successfactors_pages_by_startrow_to_the_stated_count(loopback):
    # given Chiesi's page served twice: its count changed from 3 to 6, and at startrow=3 with its ids renumbered
    first = CHIESI.replace("of <b>3</b>", "of <b>6</b>")
    second = _renumbered(first.replace("<b>1 – 3</b>", "<b>4 – 6</b>"), CHIESI_IDS)
    loopback.routes[SF_LISTING] = _paged({"0": first, "3": second}, "startrow")

    result, postings = _fetch(loopback, SourceKind.SUCCESSFACTORS, SF)

    assert _queries(loopback, SF_LISTING) == ["q=&startrow=0", "q=&startrow=3"]
    assert list(postings) == [*CHIESI_IDS, *(f"{job_id}0" for job_id in CHIESI_IDS)] and result.errors == []
    assert postings["13729963570"].fields["title"] == "Business Systems Analyst"


def test_successfactors_site_answering_the_same_page_again_is_read_in_part(loopback):
    # given Chiesi's page with its count changed from 3 to 6, answered for every startrow (as a site that clamps an
    # offset past its end would): nothing new on the second page
    loopback.routes[SF_LISTING] = Reply.html(CHIESI.replace("of <b>3</b>", "of <b>6</b>"))

    result, postings = _fetch(loopback, SourceKind.SUCCESSFACTORS, SF, complete=False)

    assert list(postings) == CHIESI_IDS
    assert result.errors == [f"a page of {loopback.url}{SF_LISTING} listed no posting not seen before; stopped reading"]


def test_successfactors_missing_site_and_page_without_rows_are_errors(loopback):
    company = _company(SourceKind.SUCCESSFACTORS, loopback.url, **SF)
    with pytest.raises(SourceError, match="404"):  # no route: the search page answers 404
        SOURCES[SourceKind.SUCCESSFACTORS]().fetch(company)

    loopback.routes[SF_LISTING] = Reply.html(NO_ROWS)
    with pytest.raises(SourceError, match="SAP SuccessFactors page .* lists no posting .* nothing is closed"):
        SOURCES[SourceKind.SUCCESSFACTORS]().fetch(company)


# --- Avature ------------------------------------------------------------------------------------------------------

AVATURE = {"host": "careers.unifiservice.com", "portal": "careers"}


def test_avature_reads_every_row_of_the_real_search_page(loopback):
    # given Unifi's first page as recorded (3 of its 20 rows kept), its count changed from 720 to the 3 it holds
    loopback.routes[AVATURE_LISTING] = Reply.html(UNIFI.replace("of 720", "of 3"))

    result, postings = _fetch(loopback, SourceKind.AVATURE, AVATURE)

    assert list(postings) == UNIFI_IDS and result.errors == []  # the link's id, not the row's "Ref #13694"
    assert _queries(loopback, AVATURE_LISTING) == ["jobOffset=0"]
    screener, ramp, officer = (postings[job_id] for job_id in UNIFI_IDS)
    assert [posting.fields["title"] for posting in (screener, ramp, officer)] == [
        "Security Cart/Employee Screener - BOS", "Airport Ramp Supervisor - GSP",
        "Airport Security Officer (Part-Time) - RAP"]
    # links are absolute on the page: they name the portal's own host
    assert screener.url == ("https://careers.unifiservice.com/careers/JobDetail/"
                            "425-BOS-Delta-Security-Cart-Employee-Screener/13788")
    assert all(posting.fields["locations"] == [{"name": "United States"}] for posting in postings.values())
    assert all(posting.fields["date_posted"] == "2026-10-05" for posting in postings.values())
    assert "remote" not in screener.fields and "employment_type" not in screener.fields


def test_avature_listing_as_recorded_is_incomplete_and_closes_nothing(loopback):
    # given Unifi's page as recorded: 3 rows of the 720 it counts; the next offset answers a test-made page stating
    # the count with no rows
    empty = re.sub(r"<article.*</article>", "", UNIFI, flags=re.S)
    loopback.routes[AVATURE_LISTING] = _paged({"0": UNIFI, "3": empty}, "jobOffset")

    result, postings = _fetch(loopback, SourceKind.AVATURE, AVATURE, complete=False)

    assert result.errors == ["the listing gave 3 of the 720 postings it counted"]
    assert list(postings) == UNIFI_IDS
    assert _queries(loopback, AVATURE_LISTING) == ["jobOffset=0", "jobOffset=3"]


def test_avature_pages_by_job_offset_to_the_stated_count(loopback):
    # given Unifi's page served twice: its count changed from 720 to 6, and at jobOffset=3 with its ids renumbered
    first = UNIFI.replace("of 720", "of 6")
    loopback.routes[AVATURE_LISTING] = _paged({"0": first, "3": _renumbered(first, UNIFI_IDS)}, "jobOffset")

    result, postings = _fetch(loopback, SourceKind.AVATURE, AVATURE)

    assert _queries(loopback, AVATURE_LISTING) == ["jobOffset=0", "jobOffset=3"]
    assert list(postings) == [*UNIFI_IDS, *(f"{job_id}0" for job_id in UNIFI_IDS)] and result.errors == []
    assert postings["147320"].fields["title"] == "Airport Ramp Supervisor - GSP"


def test_avature_portal_under_a_locale_is_asked_there(loopback):
    # given a portal at <host>/en_US/careers: its params put the locale in api_base (here moved to the loopback)
    params = detect_from_url("https://jobs.ea.com/en_US/careers/SearchJobs/?jobOffset=0").params
    assert params == {"host": "jobs.ea.com", "portal": "careers", "api_base": "https://jobs.ea.com/en_US"}
    loopback.routes[f"/en_US{AVATURE_LISTING}"] = Reply.html(UNIFI.replace("of 720", "of 3"))
    company = _company(SourceKind.AVATURE, f"{loopback.url}/en_US", host="jobs.ea.com", portal="careers")

    result = SOURCES[SourceKind.AVATURE]().fetch(company)

    assert result.complete and len(result.postings) == 3
    assert _queries(loopback, f"/en_US{AVATURE_LISTING}") == ["jobOffset=0"]


def test_avature_missing_portal_and_page_without_rows_are_errors(loopback):
    company = _company(SourceKind.AVATURE, loopback.url, **AVATURE)
    with pytest.raises(SourceError, match="404"):
        SOURCES[SourceKind.AVATURE]().fetch(company)

    loopback.routes[AVATURE_LISTING] = Reply.html(NO_ROWS)
    with pytest.raises(SourceError, match="Avature page .* lists no posting .* nothing is closed"):
        SOURCES[SourceKind.AVATURE]().fetch(company)


# --- Careers URLs and pages ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, kind, params, posting_id", [
    ("https://careers.chiesi.com/search/?q=&startrow=0", "successfactors", {"host": "careers.chiesi.com"}, ""),
    ("https://careers.chiesi.com/search/?q=&locationsearch=", "successfactors", {"host": "careers.chiesi.com"}, ""),
    ("https://careers.chiesi.com/job/Cary%2C-NC-Business-Systems-Analyst-NC/1372996357/", "successfactors",
     {"host": "careers.chiesi.com"}, "1372996357"),
    ("https://jobs.sap.com/", "successfactors", {"host": "jobs.sap.com"}, ""),
    ("https://careers.unifiservice.com/careers/SearchJobs/?jobOffset=20", "avature",
     {"host": "careers.unifiservice.com", "portal": "careers"}, ""),
    ("https://careers.unifiservice.com/careers/SearchJobs/engineer?listFilterMode=1", "avature",
     {"host": "careers.unifiservice.com", "portal": "careers"}, ""),
    ("https://careers.unifiservice.com/careers/JobDetail/425-BOS-Delta-Security-Cart-Employee-Screener/13788",
     "avature", {"host": "careers.unifiservice.com", "portal": "careers"}, "13788"),
    ("https://jobs.auspost.com.au/en_GB/careers/JobDetail/Driver/12345", "avature",
     {"host": "jobs.auspost.com.au", "portal": "careers", "api_base": "https://jobs.auspost.com.au/en_GB"}, "12345"),
    ("https://bloomberg.avature.net/careers", "avature", {"host": "bloomberg.avature.net", "portal": "careers"}, ""),
])
def test_careers_urls_detect_the_kind_and_name_the_posting(url, kind, params, posting_id):
    detection = detect_from_url(url)
    assert (detection.kind, detection.params) == (kind, params)
    assert SOURCES[kind].posting_id_from_url(url) == posting_id


@pytest.mark.parametrize("url", [
    "https://career5.successfactors.eu/career?company=acme",  # the classic career pages, another product
    "https://www.sap.com/products/hcm/recruiting-software.html", "https://www.successfactors.com/",
    "https://www.example.com/search/?q=shoes",  # any site's search: RMK's is told by its own parameters
    "https://careers.chiesi.com/job/Medical-Science-Liaisons-Manager/", "https://careers.chiesi.com/job/x/12a/",
    "https://www.avature.net/", "https://www.avature.net/careers/", "https://avature.net/careers",
    "https://careers.unifiservice.com/careers", "https://careers.unifiservice.com/careers/JobDetail/Screener",
    "https://careers.unifiservice.com/careers/searchjobs/", "https://bloomberg.avature.net.evil.example/careers",
])
def test_vendor_sites_and_look_alikes_are_no_boards(url):
    assert detect_from_url(url) is None


# Test-made pages carrying each vendor's markup as other projects' detectors describe it (no real page with its
# <head> was recorded: the recorders emptied Chiesi's, Unifi's is cut above it).
@pytest.mark.parametrize("page_url, html, kind, params", [
    ("https://careers.chiesi.com/", '<script src="/platform/js/j2w/min/j2w.core.min.js"></script>', "successfactors",
     {"host": "careers.chiesi.com"}),
    ("https://careers.chiesi.com/", '<link rel="stylesheet" href="https://rmkcdn.successfactors.com/8a/4b.css"/>',
     "successfactors", {"host": "careers.chiesi.com"}),
    ("https://careers.unifiservice.com/careers/Home", '<meta name="avature.portal.id" content="4">', "avature",
     {"host": "careers.unifiservice.com", "portal": "careers"}),
    ("https://jobs.ea.com/en_US/careers", '<meta content="careers" name="avature.portal.page">', "avature",
     {"host": "jobs.ea.com", "portal": "careers", "api_base": "https://jobs.ea.com/en_US"}),
])
def test_a_career_site_home_page_is_detected_by_its_markup(page_url, html, kind, params):
    detection = detect_from_html(page_url, f"<html><head>{html}</head><body><h1>Careers</h1></body></html>")
    assert (detection.kind, detection.params) == (kind, params)


@pytest.mark.parametrize("page_url, html", [
    # an image hotlinked from SAP's RMK CDN on a page that is no RMK site
    ("https://www.example.com/", '<img src="https://rmkcdn.successfactors.com/a7d5dbb6/c9ab6ccb-b086-2.png">'),
    # a portal's markup on a page at the host's root: the portal is not in the URL
    ("https://careers.unifiservice.com/", '<meta name="avature.portal.id" content="4">'),
])
def test_pages_without_the_markup_or_the_portal_are_not_detected(page_url, html):
    assert detect_from_html(page_url, f"<html><head>{html}</head><body></body></html>") is None
