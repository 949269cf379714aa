"""One scheduled scrape per company per period, however many beat processes send it."""
import logging

import redis
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from scraping.redis_client import redis_client

logger = logging.getLogger(__name__)

KEY_PREFIX = "jobscraper:scheduled-scrape:"  # + company id; holds the periodic task's name until the period ends
# A scheduled scrape is a duplicate when the company's previous one started less than this share of its schedule's
# period ago. Under 1 so that one beat's next firing is never taken for a duplicate of the last, though the queue
# may start that one a little late; a second beat fires within the same period, so its copy falls inside.
DUPLICATE_WINDOW = 0.9


def scheduled_scrape_claim(*, company_id: int, schedule_name: str) -> bool:
    """Whether a scrape that beat sent for `schedule_name` is the company's first of this period (then claims it).

    Two beat processes (a deployment scaled by mistake, a second one left running after a move) each send every
    scrape once per period; the second of each pair is refused here. A schedule gone or run once is never refused,
    and neither is Redis failing: a duplicate scrape costs one fetch, a lost one leaves the catalogue stale.
    """
    task = PeriodicTask.objects.filter(name=schedule_name).first()
    if task is None:
        return True
    # An interval's whole period, from whenever this copy is taken: a queue that runs late makes the window start
    # late, never shrink, so the second beat's copy, right behind the first, still falls inside it (late enough,
    # the next firing may fall inside too and waits one period: a scrape is delayed, never doubled). A crontab's
    # gaps vary: until its next time.
    every = getattr(task.schedule, "run_every", None)
    period = every if every is not None else task.schedule.remaining_estimate(timezone.now())
    window = period.total_seconds() * DUPLICATE_WINDOW
    if window <= 0:
        return True
    try:
        return bool(redis_client().set(f"{KEY_PREFIX}{company_id}", schedule_name, nx=True, px=int(window * 1000)))
    except redis.RedisError as exc:
        logger.warning("could not check for a duplicate scheduled scrape of company %s: %s", company_id, exc)
        return True
