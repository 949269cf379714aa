"""PostgreSQL crashed and restarted under a run of 1,000 postings; run by test_postgres_restart.py, prints JSON.

A process of its own, because the test process's Django is on the session's PostgreSQL (the test database), which
must never be crashed. This one's is the test's own cluster (DATABASE_URL): it migrates it, fills it, starts the
deployment's workers on it and on the test's Redis (REDIS_URL), crashes it mid-run and starts it again, lets the
system recover as a deployment would, and counts what was stored.

    python -m tests.faults.postgres_scenario PG_DIRECTORY PG_PORT
"""
import json
import os
import re
import signal
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, connections  # noqa: E402

from bench.database import database_create  # noqa: E402
from jobscraper.models import Job, ScrapeRun  # noqa: E402
from tests.builders import greenhouse_company  # noqa: E402
from tests.polling import wait_for  # noqa: E402
from tests.faults.conftest import WORKER_ENV, WORKER_OPTIONS  # noqa: E402
from tests.faults.harness import (  # noqa: E402
    RESUME_TASK, SCRAPE_TASK, FaultWorkers, PostgresServer, boards_with_references, broker_client,
    half_stored_companies, serve_boards, tally, unsettled_jobs,
)
from tests.servers import LoopbackServer  # noqa: E402

POSTINGS, COMPANIES = 1000, 10
CRASH_AFTER = 300  # postings stored before the crash: the run well under way, far from over
OUTAGE = 3  # seconds between the crash and the restart
CLAIM_TIMEOUT = 3  # seconds: claims whose results the crash kept from being stored are taken again this long after
# Beat sends "extraction: resume local work" every 300 s (CELERY_BEAT_SCHEDULE); its stand-in here sends it this
# often, so that claims the crash left behind are taken up again without waiting for beat's period.
RESUME_EVERY = 3  # seconds
SETTLE_TIMEOUT = 60  # seconds after the restart for every posting to be stored and extracted
# What Celery logs for a task tried again, and for one that failed for good.
RETRIED = re.compile(r"Task [\w.]+\.(\w+)\[[\w-]+\] retry: ")
FAILED = re.compile(r"Task [\w.]+\.(\w+)\[[\w-]+\] raised unexpected: ")


def main(argv: list[str]) -> int:
    # A plain SIGTERM (the test's timeout) would skip the cleanup below and leave the workers running.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    postgres = PostgresServer(Path(argv[0]), port=int(argv[1]))  # the test's cluster, started by the test
    database_create(os.environ["DATABASE_URL"])
    call_command("migrate", verbosity=0, interactive=False)
    with ExitStack() as stack:
        # given 1,000 postings on 10 Greenhouse boards, and the scrape and gpu workers as deployed (rules engine)
        server = LoopbackServer().start()
        stack.callback(server.stop)
        boards = boards_with_references(postings=POSTINGS, companies=COMPANIES)
        serve_boards(server, boards)
        companies = [greenhouse_company(server.url, token=token, name=f"{token} (faults)") for token in boards]
        broker = broker_client(os.environ["REDIS_URL"])
        stack.callback(broker.close)
        env = {**WORKER_ENV, "LOCAL_ENGINE": "rules", "EXTRACTION_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT)}
        workers = FaultWorkers(os.environ["DATABASE_URL"], env, broker)
        stack.callback(workers.stop)
        for name in ("scrape", "gpu"):
            workers.start(**WORKER_OPTIONS[name])
        workers.wait_ready()

        # when PostgreSQL crashes while postings are being stored and extracted, and starts again OUTAGE s later
        started = time.monotonic()
        for company in companies:
            # As beat sends it, naming the company's schedule: a retry must not be refused as a duplicate scrape.
            broker.send_task(SCRAPE_TASK, args=[company.pk], queue="scrape",
                             headers={"periodic_task_name": company.periodic_task.name})
        wait_for(lambda: Job.objects.count() >= CRASH_AFTER and half_stored_companies(POSTINGS // COMPANIES)
                 and Job.objects.filter(extraction_state="done").exists(),
                 timeout=60, interval=0.02, message="postings being stored and extracted")
        at_crash = {
            "stored": Job.objects.count(),
            "extracted": Job.objects.filter(extraction_state="done").count(),
            "claims held": Job.objects.filter(extraction_state="running").count(),
            "half-stored companies": half_stored_companies(POSTINGS // COMPANIES),
            "seconds into the run": round(time.monotonic() - started, 1),
        }
        postgres.crash()
        crashed_at = time.monotonic()
        time.sleep(OUTAGE)
        postgres.start()
        connections.close_all()  # this process's connection died with the server, as every worker's did

        # and the system recovers as deployed would: tasks retry, beat's regular wake-up of the gpu worker comes
        settled = _settle(broker)
        recovered_after = round(time.monotonic() - crashed_at, 1)

        # then what was stored, and how it got there
        log = "".join(workers.log_text(queues) for queues in ("scrape", "gpu"))
        result = {
            "tally": tally(POSTINGS),
            "at crash": at_crash,
            "settled": settled,
            "recovered after seconds": recovered_after,
            # A result is stored whole with its state, or not at all.
            "half-written jobs": Job.objects.exclude(extraction_state="done").exclude(extracted_hash="").count()
            + Job.objects.filter(extraction_state="done", extracted_at=None).count(),
            "scrape runs": dict(Counter(ScrapeRun.objects.values_list("status", flat=True))),
            "companies without a succeeded run": COMPANIES - _companies_scraped(),
            "retried": dict(Counter(RETRIED.findall(log))),
            "failed for good": dict(Counter(FAILED.findall(log))),
            "workers exited": sum(proc.poll() is not None for proc in workers.procs),
            "integrity": _integrity(),
        }
    print(json.dumps(result))
    return 0


def _settle(broker) -> bool:
    """Wait until every posting is stored and extracted and every company scraped whole, sending beat's wake-up of
    the gpu worker as beat would (more often); False if that takes past SETTLE_TIMEOUT."""
    resume_at = 0.0

    def settled() -> bool:
        nonlocal resume_at
        if Job.objects.count() == POSTINGS and not unsettled_jobs().exists() and _companies_scraped() == COMPANIES:
            return True
        if time.monotonic() >= resume_at:
            broker.send_task(RESUME_TASK, queue="gpu")
            resume_at = time.monotonic() + RESUME_EVERY
        return False

    return bool(wait_for(settled, SETTLE_TIMEOUT, error=None))


def _companies_scraped() -> int:
    """Companies with a run that read their board whole and stored every posting."""
    return ScrapeRun.objects.filter(status="succeeded").values("company").distinct().count()


def _integrity() -> dict:
    """PostgreSQL's own check (amcheck) of every table and b-tree index of the schema: each heap page and tuple
    valid, each index ordered and holding exactly its table's rows. What it finds is counted, not raised."""
    broken = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        cursor.execute("SELECT oid FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
        tables = [oid for (oid,) in cursor.fetchall()]
        for oid in tables:
            cursor.execute("SELECT blkno, offnum, msg FROM verify_heapam(%s::regclass, check_toast => true)", [oid])
            broken += [f"table {oid}: block {block} tuple {tuple_}: {msg}" for block, tuple_, msg in cursor.fetchall()]
        cursor.execute(
            "SELECT c.oid, c.relname FROM pg_class c JOIN pg_am a ON a.oid = c.relam"
            " WHERE c.relkind = 'i' AND a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace"
        )
        indexes = cursor.fetchall()
        for oid, name in indexes:
            try:
                # heapallindexed: every row of the table is found in the index, not only the index's own order.
                cursor.execute("SELECT bt_index_check(%s::regclass, heapallindexed => true)", [oid])
            except DatabaseError as exc:  # autocommit: the failed check leaves the connection usable
                broken.append(f"index {name}: {exc}")
    return {"tables checked": len(tables), "indexes checked": len(indexes), "corruption found": broken}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
