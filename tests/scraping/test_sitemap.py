"""Sitemaps: parsed safely, found through robots.txt or at /sitemap.xml, indexes followed, capped."""
import gzip

import pytest

from scraping.links import looks_like_job_url
from scraping.sitemap import MAX_SITEMAPS, parse_sitemap, sitemap_declarations, sitemap_links
from tests.scraping.careers_site import sitemap, sitemap_index
from tests.servers import Reply

XML = "application/xml"


def _xml(text: str, **headers) -> Reply:
    return Reply(body=text, headers={"Content-Type": XML, **headers})


def test_parse_a_urlset_and_an_index():
    assert parse_sitemap(sitemap("https://n.example/careers/data-engineer", "https://n.example/about").encode()) == (
        "urlset", ["https://n.example/careers/data-engineer", "https://n.example/about"],
    )
    assert parse_sitemap(sitemap_index("https://n.example/sitemap-jobs.xml").encode()) == (
        "sitemapindex", ["https://n.example/sitemap-jobs.xml"],
    )


def test_parse_keeps_only_each_entry_own_loc():
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc> https://n.example/careers/data-engineer </loc>
    <image:image><image:loc>https://n.example/static/team.jpg</image:loc></image:image>
  </url>
</urlset>"""

    assert parse_sitemap(body) == ("urlset", ["https://n.example/careers/data-engineer"])


def test_parse_a_gzipped_sitemap():
    body = gzip.compress(sitemap("https://n.example/careers/data-engineer").encode())

    assert parse_sitemap(body) == ("urlset", ["https://n.example/careers/data-engineer"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html><body><p>Page not found<br></body></html>", "is not XML"),
        (b"<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>", "its root element is <html>"),
        (b"<rss version='2.0'><channel></channel></rss>", "its root element is <rss>"),
        # An entity that expands to a billion "lol"s: defusedxml refuses it instead of filling the memory.
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<urlset><url><loc>&lol2;</loc></url></urlset>",
            "is not XML",
        ),
    ],
)
def test_parse_refuses_what_is_not_a_sitemap(body, message):
    with pytest.raises(ValueError, match=message):
        parse_sitemap(body)


def test_robots_txt_sitemap_lines():
    robots = "User-agent: *\nDisallow: /admin/\n\nSitemap: https://n.example/sitemap_index.xml\nsitemap:/jobs.xml\n"

    assert sitemap_declarations(robots) == ["https://n.example/sitemap_index.xml", "/jobs.xml"]


def test_sitemaps_declared_in_robots_txt_and_their_index_are_followed(loopback):
    # given a robots.txt naming an index of the site's sitemaps, the jobs among them compressed
    base = loopback.url
    loopback.routes["/robots.txt"] = Reply(body=f"User-agent: *\nAllow: /\nSitemap: {base}/sitemaps/index.xml\n")
    loopback.routes["/sitemaps/index.xml"] = _xml(
        sitemap_index(f"{base}/sitemaps/pages.xml", f"{base}/sitemaps/jobs.xml.gz", f"{base}/sitemaps/blog.xml")
    )
    jobs = sitemap(f"{base}/careers/data-engineer", f"{base}/careers/", "https://other.example/careers/analyst")
    loopback.routes["/sitemaps/jobs.xml.gz"] = Reply(body=gzip.compress(jobs.encode()))

    # when
    found = sitemap_links(f"{base}/careers", looks_like_job_url)

    # then only the sitemap named for jobs was read, and only this site's postings kept
    assert (found.urls, found.errors) == ([f"{base}/careers/data-engineer"], [])
    assert [request[1] for request in loopback.requests] == [
        "/robots.txt", "/sitemaps/index.xml", "/sitemaps/jobs.xml.gz",
    ]


def test_no_sitemap_is_no_error(loopback):
    found = sitemap_links(f"{loopback.url}/careers", looks_like_job_url)

    assert (found.urls, found.errors) == ([], [])
    assert [request[1] for request in loopback.requests] == ["/robots.txt", "/sitemap.xml"]


def test_a_declared_sitemap_that_fails_is_an_error(loopback):
    loopback.routes["/robots.txt"] = Reply(body=f"Sitemap: {loopback.url}/sitemap-jobs.xml\n")
    loopback.routes["/sitemap-jobs.xml"] = Reply.html("<html><body>Maintenance</body></html>", status=503)

    found = sitemap_links(f"{loopback.url}/careers", looks_like_job_url)

    assert found.urls == []
    assert found.errors == [f"{loopback.url}/sitemap-jobs.xml: answered HTTP 503"]


def test_sitemaps_beyond_the_cap_are_an_error(loopback):
    # given an index of more sitemaps than a scrape reads, none named for jobs
    base = loopback.url
    names = [f"/sitemaps/part-{number}.xml" for number in range(MAX_SITEMAPS + 2)]
    loopback.routes["/sitemap.xml"] = _xml(sitemap_index(*(base + name for name in names)))
    for number, name in enumerate(names):
        loopback.routes[name] = _xml(sitemap(f"{base}/careers/data-engineer-{number}"))

    found = sitemap_links(f"{base}/careers", looks_like_job_url)

    # then the index and nine of them were read; the three left are unknown
    assert found.urls == [f"{base}/careers/data-engineer-{number}" for number in range(MAX_SITEMAPS - 1)]
    assert found.errors == [f"{base}: 3 more sitemaps not read (at most {MAX_SITEMAPS} per scrape)"]
