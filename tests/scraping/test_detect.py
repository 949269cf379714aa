"""Source detection from careers URLs, careers pages (real and written), and a careers page on loopback."""
import re

import pytest

from jobscraper.models import Company, SourceKind
from scraping.detect import Detection, _article, company_detect_source, detect_from_html, detect_from_url
from scraping.sources.lever import EU_API_BASE
from tests.builders import closed_port_url
from tests.scraping.pages import careers_listing
from tests.servers import Reply

GREENHOUSE_FRAGMENT = "html/frag_greenhouse_greenhouse_senior_mlops_engineer.html"
LEVER_FRAGMENT = "html/frag_lever_binance_talent_acquisition_contract.html"
MONZO = "html/wttj_otta_monzo_product_marketing_lead_fragment.html"
PAGE_URL = "https://www.northwind.example/careers"

# A company's own careers page hosting its Greenhouse board with Greenhouse's embed snippet, as the
# Greenhouse docs give it, beside links of its own and one to a portfolio company's Lever board.
GREENHOUSE_EMBED_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Careers | Northwind Labs</title>
<link rel="canonical" href="https://www.northwind.example/careers">
<!-- Until March the board was embedded as an iframe:
<iframe src="https://boards.greenhouse.io/embed/job_board?for=northwindlegacy"></iframe> -->
</head>
<body>
<header><a class="logo" href="/">Northwind Labs</a>
  <nav><a href="/about">About</a> <a href="/careers">Careers</a> <a href="/blog">Blog</a></nav></header>
<main>
  <h1>Join us</h1>
  <p>We build software that lets manufacturers and regulators see where goods come from. Read about
  <a href="/blog/how-we-hire">how we hire</a>, or see what our friends at
  <a href="https://jobs.lever.co/harbourfreight">Harbour Freight</a> are hiring for.</p>
  <h2>Open positions</h2>
  <div id="grnhse_app"></div>
  <script src="https://boards.greenhouse.io/embed/job_board/js?for=northwindlabs"></script>
</main>
<footer><a href="/privacy">Privacy notice</a></footer>
</body>
</html>
"""

LEVER_OPENINGS = (
    ("https://jobs.lever.co/northwind/0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3", "Senior Data Engineer"),
    ("https://jobs.lever.co/northwind/774cf5c9-bf6a-4d77-bf60-d50ef1beb1a0", "Policy Lead, Europe"),
    ("https://jobs.lever.co/northwind/ac978161-6f46-4f6b-ad9e-a258e642751c?lever-origin=applied", "Product Marketer"),
)
# The careers page as companies write them, listing openings that live on their Lever board.
LEVER_LINKS_PAGE = careers_listing(*LEVER_OPENINGS)
# The same page with its own job pages: no ATS anywhere.
PLAIN_PAGE = careers_listing(
    ("/jobs/senior-ml-ops-engineer", "Senior ML Ops Engineer"), ("/jobs/policy", "Policy Lead, Europe")
)


def _company(careers_url: str) -> Company:
    """An unsaved company: detection only reads its careers URL, so these tests need no database."""
    return Company(name="Northwind Labs", careers_url=careers_url)



WORKDAY_ACME = {"base": "https://acme.wd5.myworkdayjobs.com", "tenant": "acme", "site": "External"}
ORACLE_EEHO = {"base": "https://eeho.fa.us2.oraclecloud.com", "site": "CX_1"}


@pytest.mark.parametrize(
    ("url", "kind", "params"),
    [
        # Greenhouse: boards, job pages, embeds and the API, US and EU hosts.
        ("https://boards.greenhouse.io/acme", "greenhouse", {"board_token": "acme"}),
        ("http://boards.greenhouse.io/acme/", "greenhouse", {"board_token": "acme"}),
        ("boards.greenhouse.io/acme", "greenhouse", {"board_token": "acme"}),
        ("  HTTPS://Job-Boards.Greenhouse.IO/acme  ", "greenhouse", {"board_token": "acme"}),
        ("https://job-boards.greenhouse.io/monzo/jobs/7966820?utm_source=Otta", "greenhouse", {"board_token": "monzo"}),
        ("https://job-boards.eu.greenhouse.io/acme/jobs/4589680101", "greenhouse", {"board_token": "acme"}),
        ("https://boards.greenhouse.io/embed/job_board?for=acme&b=https%3A%2F%2Facme.example", "greenhouse",
         {"board_token": "acme"}),
        ("https://boards.greenhouse.io/embed/job_board/js?for=acme", "greenhouse", {"board_token": "acme"}),
        ("https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true", "greenhouse", {"board_token": "acme"}),
        # Lever: board, posting, apply form, API; the EU instance has its own API.
        ("https://jobs.lever.co/acme", "lever", {"board_token": "acme"}),
        ("https://jobs.lever.co/binance/afb2f865-cdfb-4a86-b08a-aee3e31c8cf7/apply", "lever",
         {"board_token": "binance"}),
        ("http://JOBS.LEVER.CO/acme/?team=Engineering", "lever", {"board_token": "acme"}),
        ("https://api.lever.co/v0/postings/acme?mode=json", "lever", {"board_token": "acme"}),
        ("https://jobs.eu.lever.co/acme/", "lever", {"board_token": "acme", "api_base": EU_API_BASE}),
        ("https://api.eu.lever.co/v0/postings/acme", "lever", {"board_token": "acme", "api_base": EU_API_BASE}),
        # Ashby: board, posting, embed, API.
        ("https://jobs.ashbyhq.com/ramp", "ashby", {"board_token": "ramp"}),
        ("https://jobs.ashbyhq.com/ramp/34413f8d-26bf-4bbc-8ade-eb309a0e2245/application", "ashby",
         {"board_token": "ramp"}),
        ("https://jobs.ashbyhq.com/ramp/embed?version=2", "ashby", {"board_token": "ramp"}),
        ("https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true", "ashby",
         {"board_token": "ramp"}),
        # SmartRecruiters: both hosts, a posting, the one-click apply form, the API.
        ("https://jobs.smartrecruiters.com/WesternDigital", "smartrecruiters", {"board_token": "WesternDigital"}),
        ("https://careers.smartrecruiters.com/WesternDigital/", "smartrecruiters", {"board_token": "WesternDigital"}),
        ("https://jobs.smartrecruiters.com/WesternDigital/744000071342573-summer-2027-intern", "smartrecruiters",
         {"board_token": "WesternDigital"}),
        ("https://jobs.smartrecruiters.com/oneclick-ui/company/WesternDigital/publication/3f5a", "smartrecruiters",
         {"board_token": "WesternDigital"}),
        ("https://api.smartrecruiters.com/v1/companies/WesternDigital/postings", "smartrecruiters",
         {"board_token": "WesternDigital"}),
        # Workable: apply.workable.com/<account>, a job under it, the account subdomain, the API.
        ("https://apply.workable.com/acme/", "workable", {"account": "acme"}),
        ("https://apply.workable.com/acme/j/5A1C2D3E4F/", "workable", {"account": "acme"}),
        ("https://acme.workable.com", "workable", {"account": "acme"}),
        ("https://apply.workable.com/api/v3/accounts/acme/jobs", "workable", {"account": "acme"}),
        # Workday: with and without locale, a job page, the CXS API, the shared myworkdaysite host.
        ("https://acme.wd5.myworkdayjobs.com/en-US/External", "workday", WORKDAY_ACME),
        ("https://acme.wd5.myworkdayjobs.com/External/", "workday", WORKDAY_ACME),
        ("https://ACME.WD5.myworkdayjobs.com/de-DE/External/job/Paris/Data-Engineer_R1234?source=LinkedIn", "workday",
         WORKDAY_ACME),
        ("https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/External/jobs", "workday", WORKDAY_ACME),
        ("https://wd3.myworkdaysite.com/en-US/recruiting/acme/External", "workday",
         {"base": "https://wd3.myworkdaysite.com", "tenant": "acme", "site": "External"}),
        # Recruitee and Personio: the company is the subdomain.
        ("https://acme.recruitee.com/", "recruitee", {"subdomain": "acme"}),
        ("https://acme.recruitee.com/o/data-engineer", "recruitee", {"subdomain": "acme"}),
        ("https://acme.jobs.personio.de", "personio", {"account": "acme"}),
        ("https://acme.jobs.personio.com/job/1234567?language=en&display=en", "personio", {"account": "acme"}),
        ("https://acme.jobs.personio.de/xml", "personio", {"account": "acme"}),
        # Oracle Recruiting Cloud candidate experience: site list, job page, other pod and language.
        ("https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/requisitions", "oracle",
         ORACLE_EEHO),
        ("https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/12345/?mode=location",
         "oracle", ORACLE_EEHO),
        ("https://fa-evmr-saasfaprod1.fa.ocs.oraclecloud.com/hcmUI/CandidateExperience/fr-FR/sites/CX_1001", "oracle",
         {"base": "https://fa-evmr-saasfaprod1.fa.ocs.oraclecloud.com", "site": "CX_1001"}),
    ],
)
def test_ats_urls_are_detected(url, kind, params):
    detection = detect_from_url(url)

    assert (detection.kind, detection.params) == (kind, params)
    assert re.match(r"careers URL is an? [A-Z]\w+.* board \(", detection.reason)


@pytest.mark.parametrize(
    "url",
    [
        # Look-alikes: the ATS name elsewhere in the host, in the path, the query or the user name.
        "https://greenhouse.io.evil.example/acme",
        "https://boards.greenhouse.io.evil.example/acme",
        "https://evil.example/boards.greenhouse.io/acme",
        "https://boards.greenhouse.io@evil.example/acme",
        "https://evil.example/?next=https://jobs.lever.co/acme",
        "https://jobs.lever.co.evil.example/acme",
        "https://evil-jobs.lever.co/acme",
        "https://jobs.ashbyhq.com.evil.example/acme",
        "https://acme.wd5.myworkdayjobs.com.evil.example/External",
        "https://acme.recruitee.com.evil.example/",
        "https://acme.jobs.personio.de.evil.example/",
        "https://eeho.fa.us2.oraclecloud.com.evil.example/hcmUI/CandidateExperience/en/sites/CX_1",
        # The vendors' own sites, and ATS URLs that name no board.
        "https://engineering.greenhouse.io",
        "https://engineering.greenhouse.io/why-we-blog",
        "https://www.greenhouse.com/mission",
        "https://boards.greenhouse.io/",
        "https://boards.greenhouse.io/embed/job_board",
        "https://boards.greenhouse.io/acme%2F..%2Fevil",
        "https://jobs.lever.co/",
        "https://www.workable.com/pricing",
        "https://apply.workable.com/j/5A1C2D3E4F",
        "https://apply.workable.com/careers",
        "https://career.recruitee.com/",
        "https://www.recruitee.com/",
        "https://acme.wd5.myworkdayjobs.com/",
        "https://acme.wd5.myworkdayjobs.com/en-US",
        "https://eeho.fa.us2.oraclecloud.com/fscmUI/faces/FuseWelcome",
        # A company's own site, other schemes, and what is no URL at all.
        "https://careers.northwind.example/jobs",
        "ftp://boards.greenhouse.io/acme",
        "mailto:jobs@northwind.example",
        "https://[::1",
        "not a url",
        "",
    ],
)
def test_other_urls_are_not_detected(url):
    assert detect_from_url(url) is None


def test_page_embedding_greenhouse_is_its_greenhouse_board():
    # when: the page embeds one board, links to another company's, and has an older embed commented out
    detection = detect_from_html(PAGE_URL, GREENHOUSE_EMBED_PAGE)

    # then the embed decides, however many links point elsewhere
    assert (detection.kind, detection.params) == ("greenhouse", {"board_token": "northwindlabs"})
    assert detection.reason == "careers page embeds a Greenhouse board (board_token=northwindlabs)"


def test_page_linking_to_lever_is_its_lever_board():
    detection = detect_from_html(PAGE_URL, LEVER_LINKS_PAGE)

    assert (detection.kind, detection.params) == ("lever", {"board_token": "northwind"})
    assert detection.reason == "careers page links to a Lever board (board_token=northwind; 3 of 3 ATS links)"


def test_most_linked_board_wins_over_stray_links():
    # given the Lever page with one more opening on a partner's Ashby board
    page = careers_listing(*LEVER_OPENINGS, ("https://jobs.ashbyhq.com/harbourfreight/8d7c", "Joint venture: Analyst"))

    detection = detect_from_html(PAGE_URL, page)

    assert (detection.kind, detection.params) == ("lever", {"board_token": "northwind"})
    assert detection.reason.endswith("(board_token=northwind; 3 of 4 ATS links)")


def test_boards_tied_for_first_are_ambiguous():
    page = careers_listing(
        ("https://jobs.lever.co/northwind/0bbfd4f4", "Data Engineer"),
        ("https://boards.greenhouse.io/harbourfreight/jobs/4012345", "Analyst (Harbour Freight)"),
    )

    assert detect_from_html(PAGE_URL, page) is None


def test_page_without_ats_is_not_detected():
    assert detect_from_html(PAGE_URL, PLAIN_PAGE) is None


def test_real_page_linking_only_to_the_vendors_own_sites_is_not_detected(fixture_text):
    # Greenhouse's own posting page links to engineering.greenhouse.io and greenhouse.com: no board.
    assert detect_from_html("https://www.greenhouse.com/careers", fixture_text(GREENHOUSE_FRAGMENT)) is None


def test_real_lever_posting_page_names_its_board(fixture_text):
    detection = detect_from_html("https://www.binance.com/en/careers", fixture_text(LEVER_FRAGMENT))

    assert (detection.kind, detection.params) == ("lever", {"board_token": "binance"})
    assert detection.reason == "careers page links to a Lever board (board_token=binance; 2 of 2 ATS links)"


def test_url_in_json_ld_counts(fixture_text):
    # The page's only ATS URL is the JobPosting's url, inside a JSON-LD script.
    detection = detect_from_html("https://app.welcometothejungle.com/jobs/monzo", fixture_text(MONZO))

    assert (detection.kind, detection.params) == ("greenhouse", {"board_token": "monzo"})


@pytest.mark.parametrize(
    ("markup", "kind", "params"),
    [
        # Ashby's embed script, and Greenhouse's iframe with a protocol-relative source.
        ('<div id="ashby_embed"></div><script src="https://jobs.ashbyhq.com/northwind/embed?version=2"></script>',
         "ashby", {"board_token": "northwind"}),
        ('<iframe id="grnhse_iframe" src="//boards.greenhouse.io/embed/job_board?for=northwind"></iframe>',
         "greenhouse", {"board_token": "northwind"}),
        # Links and buttons to each ATS's job pages.
        ('<a href="https://northwind.wd3.myworkdayjobs.com/en-US/Northwind_Careers/job/Paris/Analyst_R1">Analyst</a>',
         "workday",
         {"base": "https://northwind.wd3.myworkdayjobs.com", "tenant": "northwind", "site": "Northwind_Careers"}),
        ('<a class="button" href="https://apply.workable.com/northwind/j/5A1C2D3E4F/">Apply</a>', "workable",
         {"account": "northwind"}),
        ('<a href="https://northwind.recruitee.com/o/data-engineer">Data engineer</a>', "recruitee",
         {"subdomain": "northwind"}),
        ('<a href="https://northwind.jobs.personio.de/job/1234567?display=en">Werkstudent (m/w/d)</a>', "personio",
         {"account": "northwind"}),
        ('<a href="https://jobs.smartrecruiters.com/Northwind/7440000-analyst">Analyst</a>', "smartrecruiters",
         {"board_token": "Northwind"}),
        # URLs inside other attributes and inside scripts, JSON-escaped as scripts write them.
        ('<meta http-equiv="refresh" content="0; url=https://jobs.lever.co/northwind">', "lever",
         {"board_token": "northwind"}),
        ('<button onclick="window.open(\'https://jobs.lever.co/northwind\')">Open roles</button>', "lever",
         {"board_token": "northwind"}),
        ('<script>window.__DATA__ = {"applyUrl": "https:\\/\\/jobs.lever.co\\/northwind\\/0bbfd4f4"};</script>',
         "lever", {"board_token": "northwind"}),
        ("<p>Apply at https://jobs.lever.co/northwind.</p>", "lever", {"board_token": "northwind"}),
    ],
)
def test_ats_markup_is_detected(markup, kind, params):
    detection = detect_from_html(PAGE_URL, f"<html><body><h1>Careers</h1>{markup}</body></html>")

    assert (detection.kind, detection.params) == (kind, params)


def test_relative_links_resolve_against_the_page():
    # A board page served by the ATS itself links to its jobs relatively.
    html = '<a href="/northwind/0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3">Data Engineer</a><a href="http://[oops">x</a>'

    detection = detect_from_html("https://jobs.lever.co/northwind", html)

    assert (detection.kind, detection.params) == ("lever", {"board_token": "northwind"})


def _no_fetch(url):
    raise AssertionError(f"fetched {url}: the careers URL alone should have decided")


def test_service_detects_an_ats_url_without_fetching():
    detection = company_detect_source(company=_company("https://jobs.lever.co/northwind"), fetch_html=_no_fetch)

    assert (detection.kind, detection.params) == ("lever", {"board_token": "northwind"})


def test_service_reads_the_careers_page(loopback, settings):
    # given
    loopback.routes["/careers"] = Reply.html(GREENHOUSE_EMBED_PAGE)

    # when
    detection = company_detect_source(company=_company(f"{loopback.url}/careers"))

    # then the page was fetched once, as us, and its embed recognised
    assert (detection.kind, detection.params) == ("greenhouse", {"board_token": "northwindlabs"})
    [(_, _, _, _, headers)] = loopback.hits("/careers")
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT


def test_service_follows_redirects_to_the_careers_page(loopback):
    loopback.routes["/careers"] = Reply(status=301, headers={"Location": "/en/careers"})
    loopback.routes["/en/careers"] = Reply.html(LEVER_LINKS_PAGE)

    detection = company_detect_source(company=_company(f"{loopback.url}/careers"))

    assert (detection.kind, detection.params) == ("lever", {"board_token": "northwind"})


def test_service_detects_a_redirect_to_an_ats_board():
    # The loopback server cannot answer as jobs.lever.co, so a fetch function stands in for the redirect.
    def fetch_redirected(url):
        return "https://jobs.lever.co/northwind", "<html><body>Northwind Labs jobs</body></html>"

    detection = company_detect_source(company=_company(PAGE_URL), fetch_html=fetch_redirected)

    assert (detection.kind, detection.params) == ("lever", {"board_token": "northwind"})
    assert detection.reason == (
        "careers URL redirects to https://jobs.lever.co/northwind; careers URL is a Lever board (board_token=northwind)"
    )


def test_service_falls_back_to_a_career_page(loopback):
    loopback.routes["/careers"] = Reply.html(PLAIN_PAGE)

    detection = company_detect_source(company=_company(f"{loopback.url}/careers"))

    assert detection == Detection(SourceKind.CAREER_PAGE, {}, "no ATS recognised")


@pytest.mark.parametrize(
    ("status", "expected"),
    [(404, "answered HTTP 404"), (503, "answered HTTP 503")],
)
def test_service_says_when_the_page_cannot_be_read(loopback, status, expected):
    loopback.routes["/careers"] = Reply.html("<h1>Gone</h1>", status=status)

    detection = company_detect_source(company=_company(f"{loopback.url}/careers"))

    assert (detection.kind, detection.params) == ("career_page", {})
    assert detection.reason.startswith("no ATS recognised: the careers page could not be read (")
    assert expected in detection.reason


def test_service_says_when_the_site_is_down():
    detection = company_detect_source(company=_company(f"{closed_port_url()}/careers"))

    assert (detection.kind, detection.params) == ("career_page", {})
    assert "could not be fetched: ConnectError" in detection.reason


@pytest.mark.parametrize(("vendor", "article"), [("Greenhouse", "a"), ("Ashby", "an"), ("iCIMS", "an"),
                                                  ("ADP", "an"), ("UKG Pro", "a"), ("SAP SuccessFactors", "an")])
def test_a_vendor_is_named_with_the_article_it_is_read_with(vendor, article):
    assert _article(vendor) == article
