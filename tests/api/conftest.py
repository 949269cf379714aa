"""Fixtures of the read API's tests: the real test Redis, where the rate limit counts, emptied around each test."""
import pytest
import redis


@pytest.fixture(autouse=True)
def rate_counts(settings):
    """The test Redis with no count in it, before and after: each test counts its own requests."""
    connection = redis.Redis.from_url(settings.REDIS_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()
