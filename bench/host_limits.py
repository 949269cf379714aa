"""The per-host limits as a site saw them (its request log) and as scraping.http took its turns (Redis MONITOR)."""
import threading
from dataclasses import dataclass

import redis

from bench.career_site import Hit

MONITOR_READY_TIMEOUT = 10.0  # seconds for Redis to confirm MONITOR


@dataclass
class HostLimits:
    """One host's requests in one scrape."""

    requests: int
    in_flight: int  # the most requests between arrival and answer at one moment
    gaps: list[float]  # seconds between successive arrivals


def host_limits(hits: list[Hit]) -> dict[str, HostLimits]:
    """Each host's requests, from a site log: how many, the most at once, and how far apart they arrived."""
    by_host = {}
    for hit in hits:
        by_host.setdefault(hit.host, []).append(hit)
    return {
        host: HostLimits(
            requests=len(host_hits), in_flight=in_flight(host_hits), gaps=_gaps(hit.arrived for hit in host_hits)
        )
        for host, host_hits in by_host.items()
    }


def in_flight(hits: list[Hit]) -> int:
    """The most requests between arrival and answer at one moment (an answer at the instant of an arrival first)."""
    most = current = 0
    for _, change in sorted([(hit.arrived, 1) for hit in hits] + [(hit.answered, -1) for hit in hits]):
        current += change
        most = max(most, current)
    return most


def _gaps(times) -> list[float]:
    ordered = sorted(times)
    return [later - earlier for earlier, later in zip(ordered, ordered[1:])]


class PacingTurns:
    """When each request's turn at its host began, by Redis's clock, from the commands Redis executes (MONITOR).

    scraping.http takes a host's turn with SET <prefix>next:<host> <token> NX PX <interval>, and tries again with the
    same token until the SET succeeds: a token's last SET is its turn. The clock is the Redis server's, that is
    this machine's wall clock, as time.time() reads it.
    """

    def __init__(self, redis_url: str, key_prefix: str):
        self.key_prefix = key_prefix
        self.sets = []  # (seconds, host, token) of every SET on a pacing key
        self._client = redis.Redis.from_url(redis_url)
        self._monitor = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._capture, name="pacing-turns", daemon=True)

    def _capture(self):
        try:
            with self._client.monitor() as monitor:
                self._monitor = monitor
                self._ready.set()
                while True:
                    command = monitor.next_command()
                    parts = command["command"].split()
                    if parts[:1] == ["SET"] and len(parts) > 2 and parts[1].startswith(self.key_prefix):
                        self.sets.append((command["time"], parts[1][len(self.key_prefix):], parts[2]))
        except (redis.RedisError, OSError, ValueError):
            return  # stop() closed the connection under the read

    def start(self) -> "PacingTurns":
        self._thread.start()
        if not self._ready.wait(MONITOR_READY_TIMEOUT):
            raise TimeoutError(f"Redis did not start MONITOR within {MONITOR_READY_TIMEOUT} s")
        return self

    def stop(self) -> None:
        if self._monitor is not None:
            self._monitor.connection.disconnect()
        self._thread.join(timeout=MONITOR_READY_TIMEOUT)

    def turns(self) -> dict[str, list[float]]:
        """Host -> the times its turns began, in order."""
        last = {}
        for seconds, host, token in self.sets:
            last[(host, token)] = seconds
        by_host = {}
        for (host, _), seconds in last.items():
            by_host.setdefault(host, []).append(seconds)
        return {host: sorted(times) for host, times in by_host.items()}

    def turn_gaps(self) -> list[float]:
        return [gap for times in self.turns().values() for gap in _gaps(times)]
