"""Who asks and how often: an optional API key (the X-API-Key header), and requests counted in Redis per key or per
client address over windows of a minute, so that every web process keeps one count."""
import logging
import math
import time
from functools import cache

import redis
from django.conf import settings
from ninja.errors import HttpError
from ninja.security import APIKeyHeader
from ninja.throttling import BaseThrottle

from jobscraper.logins import client_address

from .models import ApiKey, key_digest

logger = logging.getLogger(__name__)

WINDOW = 60  # seconds: limits are requests a minute, counted from each whole minute
REDIS_PREFIX = "jobscraper:api:rate:"  # every key the rate limit keeps in Redis starts so
ANONYMOUS = "anonymous"  # request.auth of a request without a key


class ApiKeyAuth(APIKeyHeader):
    """The X-API-Key header: without it a request is anonymous; with a key that is unknown or disabled, refused."""

    param_name = "X-API-Key"

    def authenticate(self, request, key):
        if not key:
            return None
        found = ApiKey.objects.active().filter(digest=key_digest(key)).first()
        if found is None:
            raise HttpError(401, "Unknown or disabled API key. Leave X-API-Key out to use the API without one.")
        return found


def anonymous(request) -> str:
    """What lets a request without a key through (ninja tries each of an operation's auth in turn)."""
    return ANONYMOUS


def rate_limit(request) -> int:
    """Requests a minute allowed to `request`'s key, or to its address without one."""
    key = getattr(request, "auth", None)
    return key.requests_per_minute if isinstance(key, ApiKey) else settings.API_RATE_LIMIT


@cache
def _client_for(url: str) -> redis.Redis:
    # Short timeouts, as the shared cache's: a Redis that hangs costs a request a second, not a worker.
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


class RateLimit(BaseThrottle):
    """A fixed window per minute: INCR of the window's own key in Redis, which expires after it. Redis down lets
    requests through (logged): the API is read-only, and serving it matters more than counting."""

    clock = staticmethod(time.time)  # seconds since the epoch (a class attribute, so that a test may fix it)

    def allow_request(self, request) -> bool:
        key = getattr(request, "auth", None)
        who = f"key:{key.pk}" if isinstance(key, ApiKey) else f"address:{client_address(request)}"
        name = f"{REDIS_PREFIX}{who}:{int(self.clock() // WINDOW)}"
        try:
            with _client_for(settings.REDIS_URL).pipeline(transaction=True) as pipe:
                count, _ = pipe.incr(name).expire(name, 2 * WINDOW).execute()
        except redis.RedisError as exc:
            logger.warning("API rate limit not counted, Redis failed: %s", exc)
            return True
        return count <= rate_limit(request)

    def wait(self) -> float:
        """Seconds until the window ends, when the count starts again."""
        return WINDOW - self.clock() % WINDOW


def throttled_message(request, wait: float | None) -> str:
    limit = rate_limit(request)
    seconds = math.ceil(wait or WINDOW)
    whose = "" if isinstance(getattr(request, "auth", None), ApiKey) else " from one address; an API key raises it"
    return f"Too many requests: the limit is {limit} a minute{whose}. Try again in {seconds} s (Retry-After)."
