"""Fixtures of the core app's tests."""
import pytest
import redis


@pytest.fixture
def broker(settings):
    """The real test Redis, emptied before and after, so a test sees exactly what an action enqueued."""
    connection = redis.Redis.from_url(settings.REDIS_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()
