"""robots.txt for page fetches: each origin's file read once per SCRAPE_ROBOTS_TTL, kept in Redis, and obeyed."""
import json

import httpx
from django.conf import settings

from scraping.errors import FetchError
from scraping.redis_client import redis_client
from scraping.robots import robots_allows

from .redis_keys import REDIS_PREFIX

ROBOTS_MAX_BYTES = 512 * 1024  # bytes of robots.txt read (RFC 9309: at least 500 KiB)
ROBOTS_UNREACHABLE_TTL = 600  # seconds before a robots.txt that could not be read is tried again


def robots_check(url: str, target: httpx.URL, *, send) -> None:
    """FetchError unless the origin's robots.txt lets SCRAPE_USER_AGENT fetch `target`.

    `send` is the client's send (scraping.http.client.send), used to read a robots.txt not yet kept. It is handed
    in because the client checks robots.txt before it sends: importing it here would make an import cycle.
    """
    origin = f"{target.scheme}://{target.netloc.decode('ascii')}"
    rules = _robots_rules(origin, send)
    if "unreachable" in rules:
        raise FetchError(url, f"is not fetched: {origin}/robots.txt {rules['unreachable']}")
    if not robots_allows(rules["text"], settings.SCRAPE_USER_AGENT, str(target)):
        raise FetchError(url, f"is disallowed by {origin}/robots.txt for user agent {settings.SCRAPE_USER_AGENT!r}")


def _robots_rules(origin: str, send) -> dict:
    """{"text": robots.txt} or {"unreachable": why}, cached per origin for SCRAPE_ROBOTS_TTL."""
    key = f"{REDIS_PREFIX}robots:{origin}"
    stored = redis_client().get(key)
    if stored is not None:
        return json.loads(stored)
    robots_url = f"{origin}/robots.txt"
    headers = {"User-Agent": settings.SCRAPE_USER_AGENT, "Accept": "text/plain"}
    ttl = settings.SCRAPE_ROBOTS_TTL
    try:
        # No concurrency slot: a page fetch redirected to a new origin asks for its robots.txt while holding one.
        response = send("GET", robots_url, httpx.URL(robots_url), headers=headers, take_slot=False)
        rules = {"text": response.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")}
    except FetchError as exc:
        if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
            # RFC 9309: a robots.txt that is not there (4xx) sets no rules.
            rules = {"text": ""}
        else:
            # RFC 9309: one that cannot be read (5xx, network) means nothing may be crawled for now.
            rules, ttl = {"unreachable": exc.reason}, min(ttl, ROBOTS_UNREACHABLE_TTL)
    redis_client().set(key, json.dumps(rules), ex=ttl)
    return rules
