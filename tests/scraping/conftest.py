"""Scraping tests fetch from servers on 127.0.0.1: they allow it here, as the default refuses it."""
import pytest
import redis

from scraping.http import REDIS_PREFIX


def _forget_hosts(redis_url: str) -> None:
    """Drop what scraping.http remembers in Redis (robots.txt, validators, pacing): a later test's server may get
    an earlier one's port."""
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{REDIS_PREFIX}*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def _loopback_scraping(settings):
    """Loopback allowed, and no waiting between requests or retries, unless a test sets its own."""
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPE_HOST_INTERVAL = 0
    settings.SCRAPE_RETRY_MAX_WAIT = 0.05
    _forget_hosts(settings.REDIS_URL)
    yield
    _forget_hosts(settings.REDIS_URL)
