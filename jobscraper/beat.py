"""Beat's scheduler: django-celery-beat's DatabaseScheduler noting each tick in Redis, so that a dead beat shows."""
import logging
from datetime import datetime

from django.core.cache import caches
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler
from redis import RedisError

logger = logging.getLogger(__name__)

TICK_KEY = "beat:last-tick"


class Scheduler(DatabaseScheduler):
    """What beat runs (`celery -A jobscraper beat -S jobscraper.beat:Scheduler`).

    Beat's loop calls tick() at least every 5 seconds (django-celery-beat's longest sleep); after it has sent what was
    due, the time is noted. A beat that died, hangs, or lost its database stops noting it, which nothing else shows:
    its schedules stay in the database as if all were well.
    """

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        beat_tick_record(at=timezone.now())
        return interval


def beat_tick_record(*, at: datetime) -> None:
    """Note a tick of beat; a Redis outage is logged, never raised, so that the heartbeat cannot stop beat."""
    try:
        caches["shared"].set(TICK_KEY, at, timeout=None)
    except RedisError as exc:
        logger.warning("beat's tick not recorded: %s", exc)


def beat_last_tick() -> datetime | None:
    """When beat last ticked; None when no tick was noted since Redis started empty. Raises redis.RedisError."""
    return caches["shared"].get(TICK_KEY)
