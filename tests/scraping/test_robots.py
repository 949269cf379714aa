"""robots.txt rules as RFC 9309 reads them: groups, longest match, wildcards."""
import pytest

from scraping.robots import robots_allows

UA = "jobscraper/0.1 (+https://github.com/jobscraper/jobscraper; self-hosted job scraper)"
ROBOTS = """
# Rules before any user-agent line belong to no group.
Disallow: /everything

User-agent: Googlebot
User-agent: Bingbot
Disallow: /

User-agent: *
Disallow: /search
Disallow: /*.pdf$
Disallow: /jobs/*/apply
Allow: /search/jobs
Sitemap: https://example.com/sitemap.xml
"""


@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/", True),
        ("/everything", True),
        ("/search", False),
        ("/search?q=engineer", False),
        ("/search/jobs", True),  # the longer Allow wins
        ("/benefits.pdf", False),
        ("/benefits.pdf?download=1", True),  # "$" anchors the end
        ("/jobs/42", True),
        ("/jobs/42/apply", False),
    ],
)
def test_wildcard_group_applies_to_us(path, allowed):
    assert robots_allows(ROBOTS, UA, f"https://example.com{path}") is allowed


def test_group_naming_our_product_token_replaces_the_wildcard_group():
    robots = "User-agent: *\nDisallow: /\n\nUser-agent: JobScraper\nDisallow: /private\n"

    assert robots_allows(robots, UA, "https://example.com/careers")
    assert not robots_allows(robots, UA, "https://example.com/private/x")
    # A group naming another agent whose name contains ours does not apply.
    assert robots_allows("User-agent: jobscraperbot\nDisallow: /\n", UA, "https://example.com/")


def test_allow_wins_a_tie_and_empty_disallow_allows_everything():
    assert robots_allows("User-agent: *\nDisallow: /jobs\nAllow: /jobs\n", UA, "https://example.com/jobs")
    assert robots_allows("User-agent: *\nDisallow:\n", UA, "https://example.com/anything")


def test_no_rules_allow_everything():
    assert robots_allows("", UA, "https://example.com/careers")
    assert robots_allows("<html>not a robots.txt</html>", UA, "https://example.com/careers")
