"""Page parsers given hostile markup, bytes and JSON-LD: each returns its normal type, or its documented error, within
a second."""
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraping import jsonld
from scraping.boilerplate import posting_content
from scraping.detect import Detection, detect_from_html
from scraping.html_text import html_to_text, unescape_html
from scraping.http import decode_html
from scraping.links import anchors, job_links, looks_like_job_url, next_listing_page, under_listing
from scraping.robots import robots_allows
from scraping.sitemap import parse_sitemap, sitemap_declarations
from scraping.sources import SOURCES
from tests.fuzz.strategies import fuzz, json_values, markup, page_bytes, texts
from tests.timing import no_hang

pytestmark = pytest.mark.fuzz

PAGE_URL = "https://acme.example/careers/"
urls = st.sampled_from(["https://acme.example/jobs/123", "/careers/data-engineer?page=2", "//acme.example/p/2",
                        "javascript:alert(1)", "http://[::1", "https://acme.example:99999/", "mailto:x@y", ""]) | texts


@fuzz
@given(text=markup)
def test_html_to_text_reads_any_markup(text):
    plain = no_hang(html_to_text, text)
    assert isinstance(plain, str)
    # Tags are read, never shown: what comes out has no more "<" than went in.
    assert plain.count("<") <= text.count("<") + text.count("&lt") + text.count("&#")
    assert isinstance(no_hang(unescape_html, text), str)


@fuzz
@given(text=markup)
def test_posting_content_reads_any_markup(text):
    assert isinstance(no_hang(lambda page: posting_content(page).markup, text), str)


@fuzz
@given(text=markup, page_url=st.sampled_from([PAGE_URL, "https://acme.example/jobs?page=3", "not a url"]))
def test_links_are_read_from_any_markup(text, page_url):
    found = no_hang(anchors, text)
    assert all(isinstance(anchor.href, str) for anchor in found)
    assert isinstance(no_hang(next_listing_page, page_url, text), str)
    links = no_hang(job_links, page_url, [anchor.href for anchor in found])
    assert all(link.startswith(("http://", "https://")) for link in links)


# ATS URLs as careers pages carry them (links, embeds, escaped in scripts) and as they are mistyped.
ats_urls = st.sampled_from([
    "https://jobs.lever.co/acme", "https://boards.greenhouse.io/embed/job_board?for=acme",
    "https://jobs.ashbyhq.com/acme/embed", "https:\\/\\/jobs.lever.co\\/acme", "//boards.greenhouse.io/acme",
    "https://apply.workable.com/acme/", "https://jobs.lever.co/", "https://jobs.lever.co/[acme", "http://[::1",
]) | texts
ats_markup = st.lists(
    st.builds('<a href="{}">'.format, ats_urls)
    | st.builds('<script src="{}"></script>'.format, ats_urls)
    | st.builds('<iframe src="{}">'.format, ats_urls)
    | ats_urls
    | markup,
    max_size=8,
).map("".join)


@fuzz
@given(text=ats_markup, page_url=st.sampled_from([PAGE_URL, "not a url", "http://[::1"]))
def test_a_source_is_detected_or_not_from_any_markup(text, page_url):
    detection = no_hang(detect_from_html, page_url, text)
    assert detection is None or (isinstance(detection, Detection) and detection.kind in SOURCES and detection.reason)


@fuzz
@given(url=urls, listing=urls)
def test_any_url_is_judged(url, listing):
    assert isinstance(no_hang(looks_like_job_url, url), bool)
    assert isinstance(no_hang(under_listing, url, listing), bool)


def _ldjson(payload: str) -> str:
    return f'<html><head><script type="application/ld+json">{payload}</script></head><body>x</body></html>'


jsonld_payloads = (
    json_values.map(json.dumps)
    | st.builds(lambda node: json.dumps({"@type": "JobPosting", **node}) if isinstance(node, dict) else "[]",
                json_values)
    | st.builds(lambda node: json.dumps({"@graph": [{"@type": ["JobPosting"], "title": node}]}), json_values)
    | markup
)


@fuzz
@given(payloads=st.lists(jsonld_payloads, max_size=3), around=markup)
def test_any_json_ld_is_read_or_skipped(payloads, around):
    page = around + "".join(map(_ldjson, payloads)) + around
    for posting in no_hang(jsonld.find_job_postings, page):
        assert isinstance(posting, dict)
        fields = no_hang(jsonld.job_posting_fields, posting)
        json.dumps(fields, allow_nan=False)  # stored as JSON: no NaN or infinity
        markup_, text = no_hang(jsonld.job_posting_description, posting)
        assert isinstance(markup_, str) and isinstance(text, str)
        assert isinstance(no_hang(jsonld.job_posting_identifier, posting), str)


@fuzz
@given(body=page_bytes, content_type=st.sampled_from(["", "text/html", "text/html; charset=utf-8",
                                                        "text/html; charset=latin-1", "text/html; charset=bogus",
                                                        "text/html; charset=utf-16", "text/html; charset=base64"]))
def test_decode_html_reads_any_bytes(body, content_type):
    assert isinstance(no_hang(decode_html, body, content_type), str)


sitemap_bodies = page_bytes | st.builds(
    lambda locs, root: (f"<{root} xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                        + "".join(f"<url><loc>{loc}</loc></url>" for loc in locs) + f"</{root}>").encode(),
    st.lists(markup, max_size=3), st.sampled_from(["urlset", "sitemapindex", "html"]),
)


@fuzz
@given(body=sitemap_bodies)
def test_any_sitemap_is_read_or_refused_as_a_value_error(body):
    try:
        kind, locs = no_hang(parse_sitemap, body)
    except ValueError as exc:  # what sitemap_links reports for a sitemap it cannot read
        assert str(exc).startswith(("is not", "larger than"))
    else:
        assert kind in ("urlset", "sitemapindex") and all(isinstance(loc, str) for loc in locs)


robots_lines = st.lists(
    st.builds("{}: {}".format, st.sampled_from(["User-agent", "Allow", "Disallow", "Sitemap", "Crawl-delay", "x"]),
              st.sampled_from(["*", "jobscraper", "/", "/jobs", "/*a*a*a*a*a*a*b", "/*.pdf$", "$", "**", ""]) | texts)
    | texts,
    max_size=12,
).map("\n".join)


@fuzz
@given(robots_txt=robots_lines, path=st.text(alphabet="/ab.?=*$", max_size=300))
def test_any_robots_txt_answers_no_hang(robots_txt, path):
    assert isinstance(no_hang(robots_allows, robots_txt, "jobscraper/1.0", f"https://acme.example{path}"), bool)
    assert all(isinstance(url, str) for url in no_hang(sitemap_declarations, robots_txt))


def _rule_matches_by_regex(pattern: str, target: str) -> bool:
    """RFC 9309's matching written as a regular expression: right, and fast enough for short paths."""
    anchored = pattern.endswith("$")
    body = ".*".join(re.escape(part) for part in (pattern[:-1] if anchored else pattern).split("*"))
    return re.match(body + ("$" if anchored else ""), target, re.DOTALL) is not None


@fuzz
@given(pattern=st.text(alphabet="/ab*$", min_size=1, max_size=8), path=st.text(alphabet="/ab$", max_size=12))
def test_robots_rules_match_as_rfc_9309_says(pattern, path):
    robots_txt = f"User-agent: *\nDisallow: {pattern}\n"
    target = f"/{path}"
    assert robots_allows(robots_txt, "jobscraper", f"https://acme.example{target}") == (
        not _rule_matches_by_regex(pattern, target)
    )
