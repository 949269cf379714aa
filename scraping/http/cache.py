"""The conditional-GET cache: bodies kept in Redis with their validators (ETag, Last-Modified) for the next request."""
import hashlib
import zlib
from dataclasses import dataclass

import httpx
from django.conf import settings

from scraping.redis_client import redis_client

from .redis_keys import REDIS_PREFIX


@dataclass(frozen=True)
class Response:
    """A response read whole, or remembered for conditional GET."""

    url: str
    status: int
    content_type: str
    etag: str
    last_modified: str
    body: bytes


def cache_get(target: httpx.URL) -> Response | None:
    """The response remembered for `target`, to revalidate; None when none is kept."""
    entry = redis_client().hgetall(_cache_key(target))
    if not entry:
        return None
    fields = {name.decode(): value for name, value in entry.items()}
    return Response(
        url=fields["url"].decode(), status=200, content_type=fields["content_type"].decode(),
        etag=fields["etag"].decode(), last_modified=fields["last_modified"].decode(),
        body=zlib.decompress(fields["body"]),
    )


def cache_put(target: httpx.URL, response: Response) -> None:
    """Remember a body with its validators for the next conditional GET; forget it when the server sends none."""
    key = _cache_key(target)
    if not (response.etag or response.last_modified) or len(response.body) > settings.SCRAPE_CACHE_MAX_BYTES:
        redis_client().delete(key)
        return
    entry = {
        "url": response.url, "content_type": response.content_type, "etag": response.etag,
        "last_modified": response.last_modified, "body": zlib.compress(response.body),
    }
    redis_client().pipeline().delete(key).hset(key, mapping=entry).expire(key, settings.SCRAPE_CACHE_TTL).execute()


def cache_renew(target: httpx.URL) -> None:
    """Keep `target`'s remembered response for another SCRAPE_CACHE_TTL: the site said it has not changed (304)."""
    redis_client().expire(_cache_key(target), settings.SCRAPE_CACHE_TTL)


def _cache_key(target: httpx.URL) -> str:
    return f"{REDIS_PREFIX}cache:{hashlib.sha256(str(target.copy_with(fragment=None)).encode()).hexdigest()}"
