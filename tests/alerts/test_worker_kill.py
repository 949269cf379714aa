"""kill -9 of the scrape worker in the middle of a digest run: no digest skipped, none sent twice."""
import os
import signal
from datetime import timedelta

import pytest
import redis
from django.db import transaction
from django.utils import timezone

from alerts.models import Send
from jobscraper.celery import app
from tests.alerts.builders import active_alert
from tests.builders import make_job, plain_company
from tests.conftest import _database_url
from tests.faults.harness import report
from tests.polling import wait_for
from tests.processes import descendants
from tests.workers import Workers

pytestmark = [pytest.mark.faults, pytest.mark.celery, pytest.mark.django_db(transaction=True)]

ALERTS = 30
# The digest held at the mail server when the worker dies. The run's first share (15 alerts, alerts.tasks.DIGEST_PARTS
# is 2) runs first on this one-child worker and sends its own digests first: 5 sent, the 6th held, 9 claimed behind
# it; the second share, queued behind it, has claimed nothing yet.
HELD = 6


def _scrape_worker(settings, mail_server) -> Workers:
    env = {**mail_server.settings(), "SITE_URL": "http://testserver"}
    workers = Workers(_database_url(settings.DATABASES["default"]), env)
    # one child (the deployment runs two): the run's shares one after the other, so the kill lands at a known point
    workers.start(queues="scrape", pool="prefork", concurrency=1)
    workers.wait_ready()
    return workers


def _kill(workers: Workers) -> int:
    """SIGKILL the worker and its pool's children at once: nothing gets to finish, acknowledge or record anything."""
    [proc] = workers.procs
    victims = [proc.pid, *descendants(proc.pid)]
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    proc.wait()
    return len(victims)


def _beat_sends(settings, name: str) -> None:
    """Send the deployment's beat entry as beat does: by name, routed by the app's task_routes."""
    entry = settings.CELERY_BEAT_SCHEDULE[name]
    app.send_task(entry["task"], args=entry["args"])


def _no_digest_locked() -> bool:
    with transaction.atomic():
        claimed = Send.objects.filter(status="claimed")
        return claimed.count() == len(claimed.select_for_update(skip_locked=True))


def test_a_worker_killed_mid_digest_run_skips_no_digest_and_repeats_none(settings, mail_server):
    # given 30 confirmed alerts with one new job each to hear of, and a scrape worker as deployed
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    addresses = [f"person{n}@example.org" for n in range(ALERTS)]
    for address in addresses:
        active_alert(address)
    make_job(plain_company("Acme"), title="Python Engineer", first_seen_at=timezone.now() - timedelta(hours=1))
    first = _scrape_worker(settings, mail_server)

    # when the worker dies mid-run: 5 digests sent, the 6th handed to the mail server and not yet taken, 9 claimed
    # and waiting, 15 alerts of the other share not claimed yet
    mail_server.hold_at(HELD)
    _beat_sends(settings, "alerts: daily digests")
    wait_for(mail_server.held.is_set, timeout=120, message="a digest held at the mail server")
    at_kill = {
        "taken by the server": len(mail_server.accepted),
        "claimed": Send.objects.filter(status="claimed").count(),
        "marked sent": Send.objects.filter(status="sent").count(),
    }
    killed = _kill(first)
    mail_server.release()  # the held digest is answered 451, to nobody

    # and beat's next run comes to a new worker, once PostgreSQL has ended the dead worker's transaction
    wait_for(_no_digest_locked, timeout=60, message="the killed worker's lock released")
    second = _scrape_worker(settings, mail_server)
    try:
        _beat_sends(settings, "alerts: instant digests")
        wait_for(lambda: not Send.objects.filter(status="claimed").exists(), timeout=120,
                 message="every claimed digest sent")
    finally:
        second.stop()

    # then every alert got its digest exactly once
    per_address = {address: len(mail_server.to(address)) for address in addresses}
    counts = {**{f"at the kill: {k}": v for k, v in at_kill.items()}, "killed processes": killed,
              "digests": Send.objects.count(), "sent": Send.objects.filter(status="sent").count(),
              "emails": len(mail_server.accepted), "addresses with none": sum(n == 0 for n in per_address.values()),
              "addresses with two or more": sum(n > 1 for n in per_address.values())}
    line = report("kill -9 of the scrape worker mid-digest", f"{ALERTS} alerts, a digest held at the mail server", counts)
    assert at_kill == {"taken by the server": HELD - 1, "claimed": ALERTS // 2 - HELD + 1, "marked sent": HELD - 1}, line
    assert set(per_address.values()) == {1}, line
    assert counts["digests"] == counts["sent"] == counts["emails"] == ALERTS, line
    # a digest sent on the second try is the same message: its Message-ID is its claim's
    assert len({message["Message-ID"] for message in mail_server.accepted}) == ALERTS, line
