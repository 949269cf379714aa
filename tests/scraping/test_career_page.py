"""CareerPageSource (scraping.http fetches, crawl4ai reads) against a loopback server serving real job pages."""
import re
from pathlib import Path

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources import SourceError
from scraping.sources.career_page import CareerPageSource, page_title
from tests.builders import closed_port_url
from tests.scraping.careers_site import listing_page, openings_script, pagination, script_listing_page, sitemap
from tests.scraping.pages import careers_listing
from tests.servers import Reply

ANTHROPIC = "html/frag_anthropic_external_affairs_france.html"
BINANCE = "html/frag_lever_binance_talent_acquisition_contract.html"
GREENHOUSE = "html/frag_greenhouse_greenhouse_senior_mlops_engineer.html"
JOBSTREET = "html/jobstreet_ph_codev_frontend_developer.html"
MONZO = "html/wttj_otta_monzo_product_marketing_lead_fragment.html"
OPENINGS = (
    ("/jobs/external-affairs-france", "External Affairs, France"),
    ("/jobs/senior-ml-ops-engineer", "Senior ML Ops Engineer"),
    ("/jobs/product-marketing-lead", "Product Marketing Lead (Core Banking)"),
)


def _company(url: str, **params) -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(name="Northwind Labs", careers_url=url, source_kind=SourceKind.CAREER_PAGE, source_params=params)


@pytest.fixture
def site(loopback, fixture_text):
    """The loopback server with the real job pages at /jobs/..., ready for a listing at /careers."""
    loopback.routes["/jobs/external-affairs-france"] = Reply.html(fixture_text(ANTHROPIC))
    loopback.routes["/jobs/senior-ml-ops-engineer"] = Reply.html(fixture_text(GREENHOUSE))
    loopback.routes["/jobs/product-marketing-lead"] = Reply.html(fixture_text(MONZO))
    return loopback


def test_page_with_json_ld_becomes_a_structured_posting(loopback, fixture_text):
    # given a careers URL that is itself a job page carrying JobPosting JSON-LD
    loopback.routes["/job/82411354"] = Reply.html(fixture_text(JOBSTREET))

    # when
    result = CareerPageSource().fetch(_company(f"{loopback.url}/job/82411354#apply"))

    # then
    assert (result.complete, result.errors) == (True, [])
    [posting] = result.postings
    assert posting.origin == "jsonld"
    assert posting.external_id == "82411354"
    assert posting.url == f"{loopback.url}/job/82411354"
    assert posting.fields["title"] == "Mid-Level Frontend Developer"
    assert posting.fields["company"] == "Complete Development (CoDev)"
    assert posting.fields["employment_type"] == "full_time"
    # and its text is what a reader sees, which states the pay its JSON-LD leaves out
    assert "# Mid-Level Frontend Developer" in posting.text
    assert "₱45,000 – ₱55,000 per month" in posting.text


def test_job_page_its_scripts_have_yet_to_write_is_read_from_its_json_ld(loopback, fixture_text):
    # given a page that is only a script shell around the real Jobstreet JobPosting JSON-LD
    json_ld = "".join(re.findall(r'<script[^>]*ld\+json[^>]*>.*?</script>', fixture_text(JOBSTREET), re.DOTALL))
    loopback.routes["/job/82411354"] = Reply.html(f"<html><head>{json_ld}</head><body><div id=app></div></body></html>")

    # when it is scraped
    [posting] = CareerPageSource().fetch(_company(f"{loopback.url}/job/82411354")).postings

    # then the posting's text is its JSON-LD description under its title and company
    assert posting.text.startswith("Mid-Level Frontend Developer\nComplete Development (CoDev)\n\n")
    assert len(posting.text) > 500


def test_listing_links_are_followed_to_plain_and_json_ld_job_pages(site):
    # given a listing whose job links repeat, carry fragments, and sit among links to other pages
    site.routes["/careers"] = Reply.html(
        careers_listing(
            ("/jobs/external-affairs-france", "External Affairs, France"),
            (f"{site.url}/jobs/senior-ml-ops-engineer#apply", "Senior ML Ops Engineer"),
            ("/jobs/senior-ml-ops-engineer", "Senior ML Ops Engineer"),
            ("jobs/product-marketing-lead", "Product Marketing Lead (Core Banking)"),
        )
    )

    # when
    result = CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"^/jobs/"))

    # then each job page was fetched once, after the site's robots.txt, and nothing else was
    assert (result.complete, result.errors) == (True, [])
    assert sorted(request[1] for request in site.requests) == [
        "/careers", "/jobs/external-affairs-france", "/jobs/product-marketing-lead", "/jobs/senior-ml-ops-engineer",
        "/robots.txt",
    ]
    postings = {posting.external_id: posting for posting in result.postings}
    assert set(postings) == {
        f"{site.url}/jobs/external-affairs-france",
        f"{site.url}/jobs/senior-ml-ops-engineer",
        "https://job-boards.greenhouse.io/monzo/jobs/7966820?utm_source=Otta",
    }
    # and a plain page is its markdown, titled by its <h1>
    france = postings[f"{site.url}/jobs/external-affairs-france"]
    assert (france.origin, france.url) == ("page", france.external_id)
    assert france.fields == {"title": "External Affairs, France"}
    assert france.text.startswith("# External Affairs, France\n")
    assert "Anthropic’s mission is to create reliable, interpretable, and steerable AI systems." in france.text
    assert "<div" not in france.text
    # and its description for display is the page's HTML without scripts, nor the title the job's page shows above it
    assert "Anthropic’s mission" in france.description_html
    assert "<h1" not in france.description_html and "<script" not in france.description_html
    assert "External Affairs, France" not in france.description_html
    # and it says it was read from the whole page, which has no main element
    assert france.content_part == "page"
    mlops = postings[f"{site.url}/jobs/senior-ml-ops-engineer"]
    assert mlops.fields == {"title": "Senior ML Ops Engineer"}
    assert "# Senior ML Ops Engineer" in mlops.text
    # and a job page with JSON-LD gives structured fields
    monzo = postings["https://job-boards.greenhouse.io/monzo/jobs/7966820?utm_source=Otta"]
    assert (monzo.origin, monzo.content_part) == ("jsonld", "jsonld")
    assert monzo.url == f"{site.url}/jobs/product-marketing-lead"
    assert (monzo.fields["salary_min"], monzo.fields["salary_max"], monzo.fields["salary_currency"]) == (
        100000.0, 133000.0, "GBP",
    )


def test_listing_featuring_a_job_in_json_ld_still_follows_its_links(site, fixture_text):
    # given a listing that carries one featured job's JSON-LD besides its links to every job
    listing = careers_listing(("/jobs/external-affairs-france", "External Affairs, France"))
    site.routes["/careers"] = Reply.html(listing.replace("</head>", _json_ld_block(fixture_text(MONZO)) + "</head>", 1))

    result = CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"^/jobs/"))

    assert result.complete
    assert sorted(p.origin for p in result.postings) == ["jsonld", "page"]
    assert f"{site.url}/jobs/external-affairs-france" in {p.external_id for p in result.postings}


def _json_ld_block(markup: str) -> str:
    start = markup.index("<script")
    return markup[start : markup.index("</script>", start) + len("</script>")]


def test_job_link_that_404s_makes_the_result_incomplete(site):
    site.routes["/careers"] = Reply.html(
        careers_listing(
            ("/jobs/external-affairs-france", "External Affairs, France"),
            ("/jobs/filled-last-week", "Data Engineer"),
        )
    )

    result = CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"^/jobs/"))

    assert result.complete is False
    assert [posting.external_id for posting in result.postings] == [f"{site.url}/jobs/external-affairs-france"]
    [error] = result.errors
    assert error.startswith(f"{site.url}/jobs/filled-last-week: ")
    assert "HTTP 404" in error
    # One line per page: an operator needs only the reason.
    assert "\n" not in error


def test_listing_without_matching_links_is_incomplete(site):
    site.routes["/careers"] = Reply.html(careers_listing(("/jobs/external-affairs-france", "External Affairs, France")))

    result = CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"^/positions/"))

    assert (result.complete, result.postings) == (False, [])
    assert result.errors == [f"{site.url}/careers: no links matched job_link_pattern '^/positions/'"]


def test_more_job_links_than_max_pages_is_incomplete(site):
    site.routes["/careers"] = Reply.html(
        careers_listing(
            ("/jobs/external-affairs-france", "External Affairs, France"),
            ("/jobs/senior-ml-ops-engineer", "Senior ML Ops Engineer"),
            ("/jobs/product-marketing-lead", "Product Marketing Lead (Core Banking)"),
        )
    )

    result = CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"^/jobs/", max_pages=2))

    # The third posting was never read, so the result must not claim to be the whole listing.
    assert len(result.postings) == 2
    assert result.complete is False
    assert result.errors == [
        f"{site.url}/careers: 3 job links, only the first 2 fetched; raise source parameter max_pages"
    ]
    assert not site.hits("/jobs/product-marketing-lead")


def test_dead_listing_is_a_source_error(loopback, settings):
    loopback.routes["/careers"] = Reply.html("<html><body><h1>Internal Server Error</h1></body></html>", status=500)

    with pytest.raises(SourceError) as caught:
        CareerPageSource().fetch(_company(f"{loopback.url}/careers", job_link_pattern=r"^/jobs/"))
    assert str(caught.value) == f"{loopback.url}/careers answered HTTP 500"
    # and a server error was worth more tries
    assert len(loopback.hits("/careers")) == settings.SCRAPE_MAX_ATTEMPTS


def test_listing_on_a_closed_port_is_a_source_error():
    # Its robots.txt is asked for first: a site that cannot say what it allows is not crawled (RFC 9309).
    with pytest.raises(SourceError, match="robots.txt could not be fetched: ConnectError"):
        CareerPageSource().fetch(_company(f"{closed_port_url()}/careers"))


def test_invalid_link_pattern_is_a_source_error(loopback):
    with pytest.raises(SourceError, match="job_link_pattern '/jobs/\\(' is not a valid regex"):
        CareerPageSource().fetch(_company(f"{loopback.url}/careers", job_link_pattern="/jobs/("))
    assert loopback.requests == []


def test_page_title_prefers_the_h1_over_the_title_tag(fixture_text):
    # Jobstreet's <title> ("Front End Developer Job in Manila City at CoDev - Jobstreet") comes first in the page.
    assert page_title(fixture_text(JOBSTREET)) == "Mid-Level Frontend Developer"
    assert page_title("<html><head><title>Data &amp; Analytics Lead | Acme</title></head></html>") == (
        "Data & Analytics Lead | Acme"
    )


def test_a_career_sites_heading_over_all_its_postings_is_no_title():
    # iCIMS pages of 2010: an <h1> "Careers", a <title> that names the site
    assert page_title("<title>Find job and career opportunities with DeVry University</title><h1>Careers</h1>") == ""
    assert page_title("<h1>Job Posting Details</h1><title>Applications Project Manager</title>") == (
        "Applications Project Manager"
    )


def test_crawl4ai_cache_locked_by_another_process_is_waited_out(loopback, fixture_text, tmp_path, monkeypatch):
    # given a fresh crawl4ai folder whose robots.txt cache another worker holds locked for longer than
    # SQLite's own 5 s busy wait, as two workers starting at once can
    import sqlite3
    import threading

    from crawl4ai.utils import RobotsParser

    monkeypatch.setenv("CRAWL4_AI_BASE_DIRECTORY", str(tmp_path))
    db_path = RobotsParser().db_path
    Path(db_path).unlink()
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE held (x)")
    release = threading.Timer(6.0, holder.rollback)
    release.start()
    loopback.routes["/job/82411354"] = Reply.html(fixture_text(JOBSTREET))

    # when a scrape starts meanwhile, then it waits and succeeds instead of failing the run
    try:
        result = CareerPageSource().fetch(_company(f"{loopback.url}/job/82411354"))
    finally:
        release.join()
        holder.close()
    assert [posting.external_id for posting in result.postings] == ["82411354"]


def test_job_page_disallowed_by_robots_txt_is_skipped_and_makes_the_result_incomplete(site, settings):
    # given a site whose robots.txt keeps us off one of its job pages
    site.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /jobs/senior-ml-ops-engineer\n")
    site.routes["/careers"] = Reply.html(
        careers_listing(
            ("/jobs/external-affairs-france", "External Affairs, France"),
            ("/jobs/senior-ml-ops-engineer", "Senior ML Ops Engineer"),
        )
    )

    # when
    result = CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"^/jobs/"))

    # then the page was neither fetched nor closed, and the operator is told why
    assert [posting.external_id for posting in result.postings] == [f"{site.url}/jobs/external-affairs-france"]
    assert result.complete is False
    assert result.errors == [
        f"{site.url}/jobs/senior-ml-ops-engineer: is disallowed by {site.url}/robots.txt for user agent "
        f"{settings.SCRAPE_USER_AGENT!r}"
    ]
    assert not site.hits("/jobs/senior-ml-ops-engineer")


def test_careers_url_on_loopback_is_refused_by_default(site, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    site.routes["/careers"] = Reply.html(careers_listing(("/jobs/external-affairs-france", "External Affairs, France")))

    with pytest.raises(SourceError, match=r"/careers is refused: 127\.0\.0\.1 is a loopback address"):
        CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"^/jobs/"))
    assert site.requests == []


def test_unchanged_listing_is_read_from_one_304(site):
    # given a listing sent with an ETag, unchanged at the next scrape
    listing = careers_listing(("/jobs/external-affairs-france", "External Affairs, France"))
    site.routes["/careers"] = [
        Reply(body=listing, headers={"Content-Type": "text/html; charset=utf-8", "ETag": 'W/"listing-1"'}),
        Reply(status=304),
    ]
    company = _company(f"{site.url}/careers", job_link_pattern=r"^/jobs/")

    # when it is scraped twice
    first = CareerPageSource().fetch(company)
    second = CareerPageSource().fetch(company)

    # then the second scrape found the same postings from the remembered listing
    assert second == first
    assert [request[4].get("If-None-Match") for request in site.hits("/careers")] == [None, 'W/"listing-1"']


def _etagged(markup: str, etag: str) -> Reply:
    return Reply(body=markup, headers={"Content-Type": "text/html; charset=utf-8", "ETag": etag})


def test_listing_answering_304_ends_a_crawl_that_may_stop_when_unchanged(site):
    # given a listing sent with an ETag, unchanged at the next scrape
    listing = careers_listing(*OPENINGS[:2])
    site.routes["/careers"] = [_etagged(listing, '"v1"'), Reply(status=304)]
    company = _company(f"{site.url}/careers", job_link_pattern=r"^/jobs/")
    first = CareerPageSource().fetch_changed(company)
    job_page_hits = len(site.hits("/jobs/external-affairs-france"))

    # when it is scraped again by a crawl that may stop at an unchanged listing
    second = CareerPageSource().fetch_changed(company)

    # then the first read everything, and the second stopped after the listing's one 304
    assert (len(first.postings), first.listing_unchanged, job_page_hits) == (2, False, 1)
    assert (second.postings, second.listing_unchanged, second.complete) == ([], True, True)
    assert len(site.hits("/jobs/external-affairs-france")) == 1
    assert [request[4].get("If-None-Match") for request in site.hits("/careers")] == [None, '"v1"']


def test_changed_listing_is_crawled_whole_by_a_crawl_that_may_stop_when_unchanged(site):
    # given a listing that gains a posting between two scrapes
    site.routes["/careers"] = [
        _etagged(careers_listing(*OPENINGS[:1]), '"v1"'), _etagged(careers_listing(*OPENINGS[:2]), '"v2"')
    ]
    company = _company(f"{site.url}/careers", job_link_pattern=r"^/jobs/")

    # when both scrapes may stop at an unchanged listing
    CareerPageSource().fetch_changed(company)
    second = CareerPageSource().fetch_changed(company)

    # then the second read every job page again
    assert (len(second.postings), second.listing_unchanged) == (2, False)
    assert len(site.hits("/jobs/external-affairs-france")) == 2


def test_one_changed_listing_page_makes_the_crawl_read_the_job_pages(paged_site):
    # given a three-page listing whose first page is unchanged (304) and whose later pages carry no validators
    pages = paged_site.routes["/careers"]
    first_page = [_etagged(pages("GET", "/careers", "", b"").body, '"p1"'), Reply(status=304)]

    def first_unchanged_once(method, path, query, body):
        if query:
            return pages(method, path, query, body)
        return first_page.pop(0) if len(first_page) > 1 else first_page[0]

    paged_site.routes["/careers"] = first_unchanged_once
    company = _company(f"{paged_site.url}/careers")
    CareerPageSource().fetch_changed(company)

    # when it is scraped again by a crawl that may stop at an unchanged listing
    second = CareerPageSource().fetch_changed(company)

    # then the later pages, sent whole, count as changed: every posting was read
    assert (len(second.postings), second.listing_unchanged) == (4, False)
    assert len(paged_site.hits("/jobs/talent-acquisition-specialist")) == 2


def test_links_resolve_against_the_url_the_listing_was_redirected_to(site):
    # given a careers URL that redirects into a folder whose listing links relative to itself
    site.routes["/careers"] = Reply(status=301, headers={"Location": "/en/careers/"})
    site.routes["/en/careers/"] = Reply.html(careers_listing(("jobs/product-marketing-lead", "Product Marketing Lead")))
    site.routes["/en/careers/jobs/product-marketing-lead"] = site.routes["/jobs/product-marketing-lead"]

    result = CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"/jobs/"))

    assert (result.complete, result.errors) == (True, [])
    [posting] = result.postings
    assert posting.url == f"{site.url}/en/careers/jobs/product-marketing-lead"


def test_job_page_in_windows_1252_is_read_in_its_own_encoding(loopback):
    # given a plain page that declares its encoding only in a <meta>, as older career sites do
    listing = careers_listing(("/jobs/barista", "Barista – Café “Le Zinc”"))
    page = listing.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    loopback.routes["/jobs/barista-cafe-le-zinc"] = Reply(
        body=page.encode("cp1252"), headers={"Content-Type": "text/html"}
    )

    result = CareerPageSource().fetch(_company(f"{loopback.url}/jobs/barista-cafe-le-zinc"))

    [posting] = result.postings
    assert "Barista – Café “Le Zinc”" in posting.text
    assert "supply chains honest" in posting.text


# --- Listings without a pattern, pagination, sitemaps -------------------------------------------------------------


def test_listing_without_a_pattern_follows_only_the_links_that_look_like_postings(site):
    # given a listing among links to pages about the company, teams, filters, apply and sign-in pages, a PDF
    site.routes["/careers"] = Reply.html(listing_page(*OPENINGS))

    # when
    result = CareerPageSource().fetch(_company(f"{site.url}/careers"))

    # then the three postings were read, and no other page was fetched
    assert (result.complete, result.errors) == (True, [])
    assert sorted(request[1] for request in site.requests) == [
        "/careers", "/jobs/external-affairs-france", "/jobs/product-marketing-lead", "/jobs/senior-ml-ops-engineer",
        "/robots.txt",
    ]
    assert {posting.fields["title"] for posting in result.postings} == {
        "External Affairs, France", "Senior ML Ops Engineer", "Product Marketing Lead (Core Banking)",
    }


def test_page_with_json_ld_is_a_job_page_whatever_it_links_to(site, fixture_text):
    # given a careers URL whose page carries a JobPosting and links to other postings
    page = listing_page(*OPENINGS[:2], head=_json_ld_block(fixture_text(MONZO)), title="Product Marketing Lead")
    site.routes["/careers/product-marketing-lead-core-banking"] = Reply.html(page)

    result = CareerPageSource().fetch(_company(f"{site.url}/careers/product-marketing-lead-core-banking"))

    # then JSON-LD decides: the posting is the page's, and "similar jobs" are not followed
    assert (result.complete, [posting.origin for posting in result.postings]) == (True, ["jsonld"])
    assert result.postings[0].fields["title"] == "Product Marketing Lead (Core Banking)"
    assert not site.hits("/jobs/external-affairs-france")


def test_plain_page_at_a_posting_url_is_a_job_page_whatever_it_links_to(site, fixture_text):
    # given a careers URL shaped like a posting's, its page without JSON-LD and with "more jobs" links
    more_jobs = '<aside><h2>More jobs</h2><a href="/jobs/external-affairs-france">External Affairs, France</a></aside>'
    site.routes["/jobs/senior-ml-ops-engineer"] = Reply.html(fixture_text(GREENHOUSE) + more_jobs)

    result = CareerPageSource().fetch(_company(f"{site.url}/jobs/senior-ml-ops-engineer"))

    assert (result.complete, result.errors) == (True, [])
    [posting] = result.postings
    assert (posting.origin, posting.fields) == ("page", {"title": "Senior ML Ops Engineer"})
    assert not site.hits("/jobs/external-affairs-france")


def test_listing_with_no_job_links_and_no_sitemap_closes_nothing(site):
    site.routes["/careers"] = Reply.html(listing_page())

    result = CareerPageSource().fetch(_company(f"{site.url}/careers"))

    # A listing with no link to a posting is likelier a changed layout, or a list written by JavaScript, than a
    # company without openings: nothing may close, and the operator is told what to set.
    assert (result.complete, result.postings) == (False, [])
    assert result.errors == [
        f"{site.url}/careers: no job links found, on the page or in the site's sitemap; set source parameter "
        f"job_link_pattern, or source parameter browser: true if the page lists its jobs with JavaScript"
    ]
    assert [request[1] for request in site.requests] == ["/robots.txt", "/careers", "/robots.txt", "/sitemap.xml"]


def _paged(pages: dict[str, str]):
    """A listing route answering each query string ("" for the first page) with its page."""
    return lambda method, path, query, body: Reply.html(pages[query]) if query in pages else Reply(status=404)


@pytest.fixture
def paged_site(site, fixture_text):
    """Four postings over three listing pages: rel="next" in the head, then a "Next ›" link, then page numbers."""
    site.routes["/jobs/talent-acquisition-specialist"] = Reply.html(fixture_text(BINANCE))
    site.routes["/careers"] = _paged({
        "": listing_page(*OPENINGS[:2], head='<link rel="next" href="/careers?page=2">'),
        "page=2": listing_page(
            OPENINGS[2],
            pagination=pagination(("/careers", "1"), ("/careers?page=3", "3"), ("/careers?page=3", "Next ›")),
        ),
        "page=3": listing_page(
            OPENINGS[0], ("/jobs/talent-acquisition-specialist", "Talent Acquisition Specialist"),
            pagination=pagination(("/careers", "1"), ("/careers?page=2", "2"), ("/careers?page=3", "3")),
        ),
    })
    return site


def test_listing_pages_are_followed_to_the_last(paged_site):
    result = CareerPageSource().fetch(_company(f"{paged_site.url}/careers"))

    assert (result.complete, result.errors) == (True, [])
    assert [request[2] for request in paged_site.hits("/careers")] == ["", "page=2", "page=3"]
    assert len(result.postings) == 4
    assert len(paged_site.hits("/jobs/external-affairs-france")) == 1


def test_listing_pages_are_followed_with_a_pattern_too(paged_site):
    result = CareerPageSource().fetch(_company(f"{paged_site.url}/careers", job_link_pattern=r"^/jobs/[a-z-]+$"))

    assert (result.complete, len(result.postings)) == (True, 4)


def test_listing_page_that_fails_makes_the_result_incomplete(paged_site):
    # given a listing whose second page fails
    pages = {"": listing_page(*OPENINGS[:2], pagination=pagination(("/careers?page=2", "Next")))}
    paged_site.routes["/careers"] = _paged(pages)

    result = CareerPageSource().fetch(_company(f"{paged_site.url}/careers"))

    # then the first page's postings were read, and none may close: those on the pages after it are unknown
    assert result.complete is False
    assert result.errors == [f"{paged_site.url}/careers?page=2: answered HTTP 404"]
    assert len(result.postings) == 2


def test_more_listing_pages_than_max_listing_pages_is_incomplete(paged_site):
    result = CareerPageSource().fetch(_company(f"{paged_site.url}/careers", max_listing_pages=2))

    assert result.complete is False
    assert result.errors == [
        f"{paged_site.url}/careers: more listing pages after the first 2; raise source parameter max_listing_pages"
    ]
    assert [request[2] for request in paged_site.hits("/careers")] == ["", "page=2"]
    assert len(result.postings) == 3


def test_sitemap_gives_the_postings_a_listing_does_not_link_to(site, fixture_text):
    # given a listing that links to no posting, and a site whose robots.txt names its sitemap
    base = site.url
    site.routes["/careers"] = Reply.html(listing_page())
    site.routes["/robots.txt"] = Reply(body=f"User-agent: *\nDisallow: /admin/\n\nSitemap: {base}/sitemap_index.xml\n")
    site.routes["/sitemap_index.xml"] = Reply(body=sitemap(
        f"{base}/", f"{base}/about", f"{base}/careers", f"{base}/careers/how-we-hire",
        f"{base}/careers/external-affairs-france", f"{base}/careers/senior-ml-ops-engineer",
        f"{base}/blog/2026/10/our-new-office", f"{base}/jobs/not-under-the-careers-page",
    ))
    site.routes["/careers/external-affairs-france"] = Reply.html(fixture_text(ANTHROPIC))
    site.routes["/careers/senior-ml-ops-engineer"] = Reply.html(fixture_text(GREENHOUSE))

    # when
    result = CareerPageSource().fetch(_company(f"{base}/careers"))

    # then the postings under the careers page were read, and that is the whole list
    assert (result.complete, result.errors) == (True, [])
    assert [posting.url for posting in result.postings] == [
        f"{base}/careers/external-affairs-france", f"{base}/careers/senior-ml-ops-engineer",
    ]


def test_sitemap_urls_follow_the_pattern_when_one_is_set(site):
    site.routes["/careers"] = Reply.html(listing_page())
    site.routes["/sitemap.xml"] = Reply(body=sitemap(
        f"{site.url}/careers/how-we-hire", f"{site.url}/jobs/external-affairs-france", f"{site.url}/jobs/feed.xml",
    ))

    result = CareerPageSource().fetch(_company(f"{site.url}/careers", job_link_pattern=r"^/jobs/[a-z-]+$"))

    assert (result.complete, [posting.url for posting in result.postings]) == (
        True, [f"{site.url}/jobs/external-affairs-france"],
    )


def test_sitemap_that_fails_makes_the_result_incomplete(site):
    site.routes["/careers"] = Reply.html(listing_page())
    site.routes["/robots.txt"] = Reply(body=f"Sitemap: {site.url}/sitemap-jobs.xml\n")
    site.routes["/sitemap-jobs.xml"] = Reply(status=503)

    result = CareerPageSource().fetch(_company(f"{site.url}/careers"))

    assert (result.complete, result.postings) == (False, [])
    assert result.errors[0] == f"{site.url}/sitemap-jobs.xml: answered HTTP 503"
    assert result.errors[1].startswith(f"{site.url}/careers: no job links found")


def test_browser_parameter_must_be_true_or_false(loopback):
    with pytest.raises(SourceError, match="source parameter browser must be true or false, not 'yes'"):
        CareerPageSource().fetch(_company(f"{loopback.url}/careers", browser="yes"))
    assert loopback.requests == []


# --- Browser strategy: Debian's Chromium, every request through scraping.http ------------------------------------


@pytest.fixture
def script_site(site):
    """A careers page whose script loads the openings from an API on another origin and writes them into the page."""
    api = site.url.replace("127.0.0.1", "localhost")  # another origin on the same server, as api.<company> is
    site.routes["/careers"] = Reply.html(script_listing_page("/static/openings.js"))
    site.routes["/static/openings.js"] = Reply(
        body=openings_script(f"{api}/api/openings.json"), headers={"Content-Type": "text/javascript"}
    )
    openings = Reply.json([{"title": title, "url": site.url + href} for href, title in OPENINGS])
    # An API takes its time: the page is read once its scripts have stopped fetching, not when it has loaded.
    openings.delay = 0.5  # seconds
    site.routes["/api/openings.json"] = openings
    return site


def test_page_written_by_javascript_is_read_with_the_browser_and_not_without(script_site, settings):
    # given a careers page that lists its openings only once its script has run
    url = f"{script_site.url}/careers"

    # when it is read as fetched, then there is nothing to follow
    without = CareerPageSource().fetch(_company(url))
    assert (without.complete, without.postings) == (False, [])
    assert "no job links found" in without.errors[0]

    # when it is run in the browser
    script_site.requests.clear()
    result = CareerPageSource().fetch(_company(url, browser=True))

    # then its script wrote the links, and each posting was read
    assert (result.complete, result.errors) == (True, [])
    assert {posting.fields["title"] for posting in result.postings} == {
        "External Affairs, France", "Senior ML Ops Engineer", "Product Marketing Lead (Core Banking)",
    }
    # and every request, the script's and its data's included, was made by scraping.http, not by Chromium
    assert {request[1] for request in script_site.requests} >= {"/careers", "/static/openings.js", "/api/openings.json"}
    assert {request[4]["User-Agent"] for request in script_site.requests} == {settings.SCRAPE_USER_AGENT}
    # and what adds no text, its style sheet and icon, was not fetched at all
    assert not script_site.hits("/static/site.css") and not script_site.hits("/static/favicon.png")


def test_browser_requests_obey_the_address_policy_and_robots_txt(script_site, settings):
    # given a site that keeps crawlers off its API, and a page whose script also calls an address we refuse
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPE_ALLOWED_HOSTS = ["127.0.0.1"]
    script_site.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /api/\n")
    script_site.routes["/static/openings.js"] = Reply(
        body=openings_script("/api/openings.json")
        + f'fetch("{script_site.url.replace("127.0.0.1", "localhost")}/internal/metadata").catch(function () {{}});',
        headers={"Content-Type": "text/javascript"},
    )

    # when
    result = CareerPageSource().fetch(_company(f"{script_site.url}/careers", browser=True))

    # then neither request was sent, and the page's missing data makes the result incomplete
    assert not script_site.hits("/api/openings.json")
    assert not script_site.hits("/internal/metadata")
    assert (result.complete, result.postings) == (False, [])
    assert result.errors == [
        f"{script_site.url}/careers: rendered without {script_site.url}/api/openings.json is disallowed by "
        f"{script_site.url}/robots.txt for user agent {settings.SCRAPE_USER_AGENT!r}",
        f"{script_site.url}/careers: no job links found, on the page or in the site's sitemap; "
        f"set source parameter job_link_pattern",
    ]


def test_page_whose_scripts_keep_fetching_is_read_as_it_stands(site, monkeypatch):
    # given a listing whose chat widget answers only after the browser has stopped waiting for the page to settle,
    # while the next pages are read
    monkeypatch.setattr("scraping.browser.SETTLE_TIMEOUT", 1.0)  # seconds; the network must be quiet for 0.5 s of them
    widget = '<script async src="/static/chat-widget.js"></script>'
    site.routes["/careers"] = Reply.html(listing_page(*OPENINGS, head=widget))
    site.routes["/static/chat-widget.js"] = Reply(body="window.chat = {};", delay=2.0)

    result = CareerPageSource().fetch(_company(f"{site.url}/careers", browser=True))

    assert (result.complete, result.errors) == (True, [])
    assert len(result.postings) == 3
