"""Which links of a careers page are job postings, and which is the listing's next page (pure: no network)."""
import pytest

from scraping.links import anchors, job_links, looks_like_job_url, next_listing_page, under_listing
from tests.scraping.careers_site import listing_page, pagination

JOBSTREET = "html/jobstreet_ph_codev_frontend_developer.html"
SITE = "https://www.northwind.example"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.northwind.example/careers/senior-backend-engineer",
        "https://www.northwind.example/jobs/4012001",
        "https://www.northwind.example/en/job/4012001/data-engineer",
        "https://www.northwind.example/careers/engineering/senior-backend-engineer",
        "https://www.northwind.example/careers/job/R-10442",
        "https://www.northwind.example/positions/afb2f865-cdfb-4a86-b08a-aee3e31c8cf7",
        "https://www.northwind.example/vacancies/weekend-barista.html",
        "https://www.northwind.example/jobs/Data%20Engineer%20(m%2Fw%2Fd)",
        "https://www.northwind.example/careers/team-lead-data-platform",  # "team" begins a title, not a section
        "https://www.northwind.example/careers?gh_jid=4012001",  # Greenhouse's embed on the company's own page
        "https://ph.jobstreet.com/job/82411354",
    ],
)
def test_job_posting_urls(url):
    assert looks_like_job_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.northwind.example/careers",  # the listing itself
        "https://www.northwind.example/careers/",
        "https://www.northwind.example/jobs?page=2",  # another page of it
        "https://www.northwind.example/jobs/page/2/",
        "https://www.northwind.example/careers/open-positions",  # a listing by another name
        "https://www.northwind.example/careers/all-jobs",
        "https://www.northwind.example/careers/engineering",  # a department: one word, no id
        "https://www.northwind.example/careers/teams/data-platform",  # a team's page
        "https://www.northwind.example/careers/life-at-northwind",  # pages about working there
        "https://www.northwind.example/careers/how-we-hire",
        "https://www.northwind.example/careers/talent-community",
        "https://www.northwind.example/jobs/4012001/apply",  # actions on a posting
        "https://www.northwind.example/job/82411354/apply",
        "https://www.northwind.example/oauth/login?returnUrl=%2Fjob%2F93856863",
        "https://www.northwind.example/careers/benefits-guide-2026.pdf",  # files
        "https://www.northwind.example/careers?department=engineering",  # a filter
        "https://www.northwind.example/blog/why-we-moved-to-postgres",  # no job section
        "https://www.northwind.example/Front-End-Developer-jobs/in-Manila-City",  # a job board's search page
        "https://www.northwind.example/career-advice/role/frontend-developer/salary",
    ],
)
def test_urls_that_are_not_job_postings(url):
    assert not looks_like_job_url(url)


def test_listing_links_to_postings_are_told_from_the_rest_of_the_page():
    # given a listing among navigation, pages about the company, filters, apply and sign-in links, files, a pager
    page = listing_page(
        ("/careers/senior-backend-engineer", "Senior Backend Engineer"),
        ("/careers/external-affairs-france/", "External Affairs, France"),
        (f"{SITE}/careers/product-marketing-lead", "Product Marketing Lead"),
        ("https://boards.greenhouse.io/northwind/jobs/4012001", "Data Engineer (on Greenhouse)"),
        pagination=pagination(("/careers?page=2", "2"), ("/careers?page=2", "Next ›")),
    )
    hrefs = [anchor.href for anchor in anchors(page)]

    # when
    found = job_links(f"{SITE}/careers", hrefs)

    # then only the same-site postings are, in page order
    assert found == [
        f"{SITE}/careers/senior-backend-engineer",
        f"{SITE}/careers/external-affairs-france/",
        f"{SITE}/careers/product-marketing-lead",
    ]


def test_a_real_job_page_links_to_no_other_posting(fixture_text):
    # Jobstreet's page links to its own apply and sign-in pages, searches, company reviews and career advice.
    hrefs = [anchor.href for anchor in anchors(fixture_text(JOBSTREET))]
    assert len(hrefs) > 60

    assert job_links("https://ph.jobstreet.com/job/82411354", hrefs) == []


def test_job_link_pattern_overrides_the_guess():
    hrefs = [
        "/openings/Data%20Engineer", "/careers/senior-backend-engineer", "/openings", "/openings/Data%20Engineer#apply",
    ]

    assert job_links(f"{SITE}/careers", hrefs, pattern=r"^/openings/.") == [f"{SITE}/openings/Data%20Engineer"]


def test_job_links_keep_same_site_links_once_without_fragments_and_skip_the_excluded():
    hrefs = [
        "/jobs/data-engineer#apply", f"{SITE}/jobs/4012001", "/jobs/data-engineer", "https://other.example/jobs/4012002",
        "/jobs?page=2", "/jobs/page-two-of-results", "mailto:jobs@northwind.example", "javascript:void(0)",
    ]

    found = job_links(f"{SITE}/jobs", hrefs, pattern=r"^/jobs", exclude=[f"{SITE}/jobs?page=2"])

    assert found == [f"{SITE}/jobs/data-engineer", f"{SITE}/jobs/4012001", f"{SITE}/jobs/page-two-of-results"]


def test_next_page_is_the_rel_next_link_first():
    page = listing_page(
        ("/jobs/data-engineer", "Data Engineer"),
        head='<link rel="next" href="/jobs?page=2&amp;sort=recent">',
        pagination=pagination(("/jobs?page=9", "Next ›")),
    )

    assert next_listing_page(f"{SITE}/jobs", page) == f"{SITE}/jobs?page=2&sort=recent"


@pytest.mark.parametrize(
    "pager",
    [
        '<a href="/jobs?page=3">Next ›</a>',
        '<a href="/jobs?page=3">next page</a>',
        '<a href="/jobs?page=3" aria-label="Next page"><svg viewBox="0 0 8 8"><path d="M2 0l4 4-4 4"/></svg></a>',
        '<a href="/jobs?page=3" aria-label="Next">›</a>',
        '<a href="/jobs?page=1">1</a> <a href="/jobs?page=2">2</a> <a href="/jobs?page=3">3</a>',  # numbers only
    ],
)
def test_next_page_from_what_the_link_says_or_its_number(pager):
    page = listing_page(("/jobs/data-engineer", "Data Engineer"), pagination=f"<nav>{pager}</nav>")

    assert next_listing_page(f"{SITE}/jobs?page=2", page) == f"{SITE}/jobs?page=3"


def test_next_page_numbered_in_the_path():
    page = listing_page(pagination=pagination(("/careers/page/2/", "2"), ("/careers/page/3/", "3")))

    assert next_listing_page(f"{SITE}/careers/", page) == f"{SITE}/careers/page/2/"
    assert next_listing_page(f"{SITE}/careers/page/2/", page) == f"{SITE}/careers/page/3/"


def test_last_page_has_no_next_page():
    page = listing_page(
        ("/jobs/data-engineer", "Data Engineer"),
        pagination=pagination(
            ("/jobs?page=1", "1"), ("/jobs?page=2", "2"), ("https://other.example/jobs?page=3", "Next"),
        ),
    )

    assert next_listing_page(f"{SITE}/jobs?page=2", page) == ""


@pytest.mark.parametrize(
    ("url", "listing", "under"),
    [
        (f"{SITE}/careers/data-engineer", f"{SITE}/careers", True),
        (f"{SITE}/careers/data-engineer", f"{SITE}/careers/", True),
        (f"{SITE}/en/careers/data-engineer", f"{SITE}/en/careers.html", True),
        (f"{SITE}/en/jobs/data-engineer", f"{SITE}/en/careers.html", True),
        (f"{SITE}/jobs/data-engineer", f"{SITE}/careers", False),
        (f"{SITE}/careers-old/data-engineer", f"{SITE}/careers", False),
        (f"{SITE}/jobs/data-engineer", f"{SITE}/", True),
    ],
)
def test_under_listing(url, listing, under):
    assert under_listing(url, listing) is under
