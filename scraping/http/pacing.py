"""Per-host pacing shared by every process through Redis: concurrency slots, the interval, Retry-After pauses."""
import random
import time
import uuid
from contextlib import contextmanager

from django.conf import settings

from scraping.errors import FetchError
from scraping.redis_client import redis_client

from .redis_keys import REDIS_PREFIX

SLOT_WAIT_LIMIT = 300  # seconds a request waits for one of its host's concurrency slots before giving up
SLOT_LEASE_MARGIN = 10  # seconds a slot outlives the longest a holder can need, before it counts as abandoned

# The interval counted again from a request's send: unless another holder's turn or a Retry-After pause (which must
# not be shortened) has replaced ours meanwhile.
_RESTART_INTERVAL_LUA = """
local holder = redis.call('GET', KEYS[1])
if (not holder) or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
"""
# Holders of a host's concurrency slots: a sorted set of tokens scored by when their lease ends (ms, Redis clock).
_TAKE_SLOT_LUA = """
local now_parts = redis.call('TIME')
local now = now_parts[1] * 1000 + math.floor(now_parts[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
"""


@contextmanager
def host_slot(url: str, host: str, *, take_slot: bool):
    """Hold one of the host's SCRAPE_HOST_CONCURRENCY slots (unless `take_slot` is false), then start no sooner
    than SCRAPE_HOST_INTERVAL after the host's previous request; shared by every process through Redis.

    Yields a callable to call as the request is sent: the interval then starts again from that moment, so that a
    request delayed between its turn and its send (a busy core, a slow connect) does not shorten the next one's gap.
    """
    client = redis_client()
    slots_key, token = f"{REDIS_PREFIX}slots:{host}", uuid.uuid4().hex
    if take_slot:
        # The longest a holder can need: connect and read timeouts and the body's deadline, a Retry-After pause,
        # and its turn at the interval behind the other holders. A slot left by a killed process frees itself then.
        lease = (
            3 * settings.SCRAPE_TIMEOUT + settings.SCRAPE_RETRY_MAX_WAIT
            + settings.SCRAPE_HOST_CONCURRENCY * settings.SCRAPE_HOST_INTERVAL + SLOT_LEASE_MARGIN
        )
        deadline = time.monotonic() + SLOT_WAIT_LIMIT
        while not client.eval(_TAKE_SLOT_LUA, 1, slots_key, token, settings.SCRAPE_HOST_CONCURRENCY, int(lease * 1000)):
            if time.monotonic() > deadline:
                raise FetchError(url, f"is not fetched: {host} had no free request slot for {SLOT_WAIT_LIMIT} s")
            time.sleep(random.uniform(0.02, 0.1))  # seconds; jittered so that waiters do not poll in step
    try:
        next_key = f"{REDIS_PREFIX}next:{host}"
        # The key lives for the interval after each request starts (or for a Retry-After pause, which holds even
        # with no interval set): whoever sets it may start now.
        interval_ms = max(round(settings.SCRAPE_HOST_INTERVAL * 1000), 1)
        while not client.set(next_key, token, nx=True, px=interval_ms):
            time.sleep(max(client.pttl(next_key), 1) / 1000)
        yield lambda: client.eval(_RESTART_INTERVAL_LUA, 1, next_key, token, interval_ms)
    finally:
        if take_slot:
            client.zrem(slots_key, token)


def host_pause(host: str, seconds: float) -> None:
    """Hold every process's next request to `host` back for its Retry-After (capped), not only this one's."""
    pause_ms = round(min(seconds, settings.SCRAPE_RETRY_MAX_WAIT) * 1000)
    next_key = f"{REDIS_PREFIX}next:{host}"
    client = redis_client()
    if pause_ms > 0 and client.pttl(next_key) < pause_ms:
        client.set(next_key, "retry-after", px=pause_ms)
