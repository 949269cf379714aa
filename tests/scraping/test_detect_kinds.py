"""Detection of the kinds described as data (scraping/sources: Teamtailor to Phenom) from a company's homepage (issue
18): a homepage that links to the kind's board among links of its own, one that embeds the board, and a careers URL
that redirects to the board. Each kind's board URL and the parameters it names are in BOARDS, and only there.

test_detect.py has detection's other cases, and its links and embeds of the first adapters (Greenhouse, Lever, ...)."""
import re
from html import escape

import pytest

from jobscraper.models import Company
from scraping.detect import company_detect_source, detect_from_html
from scraping.sources import SOURCES
from tests.scraping.test_declared import KINDS
from tests.scraping.test_declared_more import ADP_CC, ADP_CID, MORE_KINDS, UKG_BOARD
from tests.servers import Reply

UKG_TENANT, _, UKG_UUID = UKG_BOARD.strip("/").split("/")

# A board URL of each kind as a company's homepage would point to it (the board's own page, not a job on it), and the
# parameters detection should find in it. The boards are the real ones test_declared.py and test_declared_more.py read.
BOARDS = {
    "teamtailor": ("https://slaterconsult.teamtailor.com/jobs", {"company": "slaterconsult"}),
    "rippling": ("https://ats.rippling.com/portside/jobs", {"board": "portside"}),
    "gem": ("https://jobs.gem.com/resprop", {"board": "resprop"}),
    "pinpoint": ("https://trilongroup.pinpointhq.com/", {"company": "trilongroup"}),
    "breezy": ("https://highlights-healthcare.breezy.hr/", {"company": "highlights-healthcare"}),
    "manatal": ("https://www.careers-page.com/manatal/", {"company": "manatal"}),
    "bamboohr": ("https://demo.bamboohr.com/careers", {"tenant": "demo"}),
    # Comeet's board names the company's uid; its token is on the company's careers page only (a parameter to set).
    "comeet": ("https://www.comeet.com/jobs/aquasec/91.001", {"uid": "91.001"}),
    "polymer": ("https://jobs.polymer.co/renjoy", {"organization": "renjoy"}),
    "adp": (f"https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html?cid={ADP_CID}&ccId={ADP_CC}"
            "&lang=en_US", {"cid": ADP_CID, "ccId": ADP_CC}),
    "eightfold": ("https://albemarle.eightfold.ai/careers?domain=albemarle.com",
                  {"tenant": "albemarle", "domain": "albemarle.com"}),
    # A Jibe site is on the company's own host, and only its jobs API's path (/api/jobs) tells it apart: the site
    # itself, which is what a homepage links to, looks like any careers site (see UNDETECTABLE).
    "icims_jibe": ("https://careers.garmin.com/jobs", {"host": "careers.garmin.com"}),
    "ukg": (f"https://recruiting2.ultipro.com{UKG_BOARD}/", {"tenant": UKG_TENANT, "board": UKG_UUID}),
    # Phenom is on the company's own host too, but its pages' path (/<country>/<lang>/search-results) tells it apart.
    "phenom": ("https://careers.cisco.com/global/en/search-results",
               {"host": "careers.cisco.com", "country": "global", "lang": "en"}),
}
# Kinds whose board a homepage's link or embed cannot show, and why: their own test says what happens instead.
UNDETECTABLE = {
    "icims_jibe": "a Jibe careers site's pages (careers.garmin.com/jobs) are recognised by no URL: only its jobs API "
                  "(/api/jobs) is, which a homepage does not link to; the site's own pages are known by their markup",
}
HOMEPAGE_URL = "https://www.northwind.example/"


def _kinds():
    return [kind for kind in BOARDS if kind not in UNDETECTABLE]


def test_a_link_to_a_jibe_sites_page_is_no_board_but_the_site_itself_is_known():
    url, params = BOARDS["icims_jibe"]

    assert detect_from_html(HOMEPAGE_URL, homepage(f'<a href="{escape(url)}">Open roles</a>')) is None
    assert company_detect_source(company=_company(HOMEPAGE_URL),
                                 fetch_html=lambda careers_url: (url, "<html><body>Open roles</body></html>")
                                 ).kind == "career_page"
    assert (detect_from_html(url, JIBE_SITE).kind, detect_from_html(url, JIBE_SITE).params) == ("icims_jibe", params)


def homepage(board_markup: str) -> str:
    """A company homepage written for these tests (no real company's): navigation, prose and footer links of its own,
    to social sites and to nothing of any ATS, with `board_markup` in its careers section."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Northwind Labs | Traceability for manufacturers</title>
<link rel="canonical" href="{HOMEPAGE_URL}">
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header><a class="logo" href="/">Northwind Labs</a>
  <nav><a href="/product">Product</a> <a href="/customers">Customers</a> <a href="/about">About</a>
  <a href="/blog">Blog</a> <a href="https://app.northwind.example/login">Log in</a></nav></header>
<main>
  <h1>See where your goods come from</h1>
  <p>Northwind Labs lets manufacturers and regulators trace every part back to its source. Read
  <a href="/blog/traceability-2026">what changed in 2026</a> or <a href="/contact">talk to us</a>.</p>
  <section id="careers">
    <h2>Work with us</h2>
    {board_markup}
  </section>
</main>
<footer>
  <a href="https://www.linkedin.com/company/northwind-labs">LinkedIn</a>
  <a href="https://github.com/northwind-labs">GitHub</a>
  <a href="mailto:hello@northwind.example">hello@northwind.example</a>
  <a href="/privacy">Privacy notice</a> <a href="/imprint">Imprint</a>
</footer>
</body>
</html>
"""


def test_every_kind_described_as_data_has_a_board_here():
    assert sorted(BOARDS) == sorted(kind.kind for kind in KINDS + MORE_KINDS)


@pytest.mark.parametrize("kind", _kinds())
def test_homepage_linking_to_the_board_is_detected(kind):
    url, params = BOARDS[kind]

    detection = detect_from_html(HOMEPAGE_URL, homepage(f'<p>We are hiring: <a href="{escape(url)}">open roles</a></p>'))

    assert detection is not None
    assert (detection.kind, detection.params) == (kind, params)
    vendor = re.escape(SOURCES[kind].vendor)
    assert re.fullmatch(rf"careers page links to an? {vendor} board \(.+; 1 of 1 ATS links\)", detection.reason)


@pytest.mark.parametrize("kind", _kinds())
def test_homepage_embedding_the_board_is_detected(kind):
    # An iframe loading the board's page (not any vendor's own embed snippet), beside the homepage's own links.
    url, params = BOARDS[kind]

    detection = detect_from_html(HOMEPAGE_URL, homepage(f'<iframe src="{escape(url)}" title="Open roles"></iframe>'))

    assert detection is not None
    assert (detection.kind, detection.params) == (kind, params)
    assert re.fullmatch(rf"careers page embeds an? {re.escape(SOURCES[kind].vendor)} board \(.+\)", detection.reason)


@pytest.mark.parametrize(("markup", "expected"), [
    # No ATS at all (a Phenom site's /<country>/<lang>/home was taken for one before phenom.py stopped reading "home").
    pytest.param('<a href="/us/en/home">United States (English)</a>', None, id="no-ats"),
    # A link to the Lever board: it decides, with no "Phenom board" to tie with.
    pytest.param('<a href="/us/en/home">United States (English)</a> <a href="https://jobs.lever.co/northwind">Open '
                 'roles</a>', ("lever", {"board_token": "northwind"}), id="lever"),
])
def test_a_homepage_link_to_its_own_locale_is_no_phenom_board(markup, expected):
    # A company site whose pages sit under /<country>/<lang>/, as many multi-country sites' do, with a locale switcher.
    detection = detect_from_html(HOMEPAGE_URL, homepage(markup))

    assert (detection and (detection.kind, detection.params)) == expected


@pytest.mark.parametrize("kind", _kinds())
def test_careers_url_redirecting_to_the_board_is_detected(kind):
    # The loopback server cannot answer as the vendor's host, so a fetch function stands in for the redirect (as in
    # test_detect.py): the company's careers URL ends on the board itself.
    url, params = BOARDS[kind]

    def fetch_redirected(careers_url):
        assert careers_url == HOMEPAGE_URL
        return url, "<html><body>Open roles</body></html>"

    detection = company_detect_source(company=_company(HOMEPAGE_URL), fetch_html=fetch_redirected)

    assert (detection.kind, detection.params) == (kind, params)
    assert detection.reason.startswith(f"careers URL redirects to {url}; careers URL is a")


@pytest.mark.parametrize("kind", ["adp", "phenom", "ukg"])
def test_service_reads_a_redirected_homepage_linking_to_the_board(loopback, kind):
    # given a homepage on loopback that redirects to its English version, which links to the board
    url, params = BOARDS[kind]
    loopback.routes["/"] = Reply(status=301, headers={"Location": "/en/"})
    loopback.routes["/en/"] = Reply.html(homepage(f'<a href="{escape(url)}">Open roles</a>'))

    # when
    detection = company_detect_source(company=_company(f"{loopback.url}/"))

    # then the redirect was followed and the link on the page it ended on decided
    assert (detection.kind, detection.params) == (kind, params)
    assert detection.reason.startswith("careers page links to a")
    assert len(loopback.hits("/")) == len(loopback.hits("/en/")) == 1


def _company(careers_url: str) -> Company:
    """An unsaved company: detection only reads its careers URL, so these tests need no database."""
    return Company(name="Northwind Labs", careers_url=careers_url)


JIBE_SITE = ('<html><head><script src="https://app.jibecdn.com/prod/search/v/main.js"></script></head>'
             '<body><h1>Careers at Garmin</h1><a href="https://jobs.lever.co/northwind">a partner</a></body></html>')


def test_a_career_site_on_its_own_domain_is_known_by_its_vendors_scripts():
    # A test-made page of a Jibe site: its script bundle from app.jibecdn.com, as public scrapers detect Jibe sites.
    detection = detect_from_html("https://careers.garmin.com/", JIBE_SITE)

    assert (detection.kind, detection.params) == ("icims_jibe", {"host": "careers.garmin.com"})
    assert detection.reason == ("careers page is an iCIMS Career Sites site on its own domain (its markup loads the "
                                "vendor's scripts; host=careers.garmin.com)")


def test_a_careers_url_redirecting_to_a_site_on_its_own_domain_is_detected_there():
    detection = company_detect_source(company=_company(HOMEPAGE_URL),
                                      fetch_html=lambda url: ("https://careers.garmin.com/", JIBE_SITE))

    assert (detection.kind, detection.params) == ("icims_jibe", {"host": "careers.garmin.com"})


def test_an_embedded_board_outranks_the_sites_own_scripts():
    page = JIBE_SITE.replace("</body>", '<iframe src="https://boards.greenhouse.io/embed/job_board?for=acme"></iframe>'
                                        "</body>")

    assert detect_from_html("https://careers.garmin.com/", page).kind == "greenhouse"


def test_a_page_that_only_mentions_the_vendor_is_no_site_of_it():
    page = '<p>We moved off app.jibecdn.com last year.</p><a href="https://jobs.lever.co/northwind">Jobs</a>'

    assert detect_from_html("https://careers.garmin.com/", page).kind == "lever"
