"""The process's Redis client, one per REDIS_URL, shared by every scraping module that keeps state in Redis."""
from functools import cache

import redis
from django.conf import settings


def redis_client() -> redis.Redis:
    """The client for settings.REDIS_URL, built once per URL and process so that its connection pool is reused.

    Safe in Celery's prefork children although a child may inherit a client its parent built: redis-py's
    ConnectionPool records the pid that made it and, the first time a process with another pid takes or returns a
    connection, resets itself (ConnectionPool._checkpid), so a child opens connections of its own and never writes
    on a socket its parent holds.
    """
    return _client_for(settings.REDIS_URL)


@cache
def _client_for(url: str) -> redis.Redis:
    # from_url connects lazily: a URL whose server is down yields a client whose commands raise redis.RedisError.
    return redis.Redis.from_url(url)
