"""Pipeline benchmark: synthetic postings through scrape, route, rules engine and store on real servers."""
import argparse
import logging
import os
import signal
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project, tests/ and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

from bench.database import servers_required  # noqa: E402
from bench.measure import CpuMeter, TaskEvents, pure_work  # noqa: E402
from bench.postings import COMPANY_NAMES, greenhouse_boards  # noqa: E402
from bench.report import report  # noqa: E402
from tests.servers import LoopbackServer, Reply  # noqa: E402
from tests.workers import Workers  # noqa: E402

POLL_INTERVAL = 0.1  # seconds between checks for finished jobs: the resolution of the wall time
SETTLE_TIMEOUT = 600.0  # seconds from enqueue until every job must be finished
# No LLM and no cloud key: the figures are those of the pipeline around the model. The boards are served on
# 127.0.0.1, which scraping refuses unless allowed, and all share that one host: unpaced, as politeness towards a
# host is not what is measured.
WORKER_ENV = {
    "LOCAL_ENGINE": "rules", "OPENAI_API_KEY": "", "SCRAPE_ALLOW_PRIVATE_NETWORKS": "true",
    "SCRAPE_HOST_INTERVAL": "0", "SCRAPE_HOST_CONCURRENCY": "1000",
}


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Serve N synthetic Greenhouse postings on loopback, scrape them through real Celery workers "
        "(rules engine) on PostgreSQL and Redis, and print where the time goes. Run it with `make bench "
        "BENCH_ARGS=...`: scripts/with_servers.sh provides fresh servers and DATABASE_URL, REDIS_URL, SECRET_KEY."
    )
    parser.add_argument("--postings", type=int, default=2000, help="postings in all (default 2000)")
    parser.add_argument("--companies", type=int, default=20, help="boards the postings are spread over (default 20)")
    parser.add_argument("--scrape-concurrency", type=int, default=2, help="prefork children of the scrape worker")
    return parser.parse_args(argv)


def companies_create(api_base: str, tokens: list[str]) -> list[int]:
    from tests.builders import greenhouse_company

    return [greenhouse_company(api_base, token=token, name=name).pk for token, name in zip(tokens, COMPANY_NAMES)]


def jobs_settle(*, expected: int) -> None:
    """Poll until every job has a final extraction state; a failed scrape stops the wait at once."""
    from jobscraper.models import Job, ScrapeRun

    final = [Job.ExtractionState.DONE, Job.ExtractionState.FAILED, Job.ExtractionState.CLOUD_NOT_CONFIGURED]
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while Job.objects.filter(extraction_state__in=final).count() < expected:
        failed = ScrapeRun.objects.exclude(status__in=[ScrapeRun.Status.RUNNING, ScrapeRun.Status.SUCCEEDED]).first()
        if failed:
            raise RuntimeError(f"scrape of {failed.company} ended {failed.status}: {failed.error}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"jobs not all extracted after {SETTLE_TIMEOUT} s; worker logs: JOBSCRAPER_VAR_DIR")
        time.sleep(POLL_INTERVAL)


def main(argv=None) -> int:
    args = parse_args(argv)
    # A plain SIGTERM (a timeout, a CI cancel) would skip the cleanup below and leave the workers running.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    servers_required("pipeline.py", "bench", redis=True)

    import django

    django.setup()
    logging.getLogger("kombu").setLevel(logging.WARNING)  # its connection notices would break up the tables
    from django.core.management import call_command
    from django.db import connections

    from jobscraper.celery import app
    from jobscraper.models import Job
    from scraping.tasks import scrape_company_task

    call_command("migrate", verbosity=0, interactive=False)
    if Job.objects.exists():
        sys.exit("bench/pipeline.py needs an empty database: `make bench` gives it a fresh one.")
    boards = greenhouse_boards(postings=args.postings, companies=args.companies)
    replies = {token: Reply.json(board) for token, board in boards.items()}
    # Each job's own answer, which a first scrape asks for its pay (pay_input_ranges, here none).
    job_replies = {f"/v1/boards/{token}/jobs/{job['id']}": Reply.json({**job, "pay_input_ranges": []})
                   for token, board in boards.items() for job in board["jobs"]}
    del boards  # the encoded replies are all the server and pure_work need

    with ExitStack() as stack:
        server = LoopbackServer()
        server.routes = {f"/v1/boards/{token}/jobs": reply for token, reply in replies.items()} | job_replies
        stack.callback(server.stop)
        server.start()
        company_ids = companies_create(server.url, list(replies))

        workers = Workers(os.environ["DATABASE_URL"], WORKER_ENV)
        stack.callback(workers.stop)
        pids = {}
        for label, options in [
            (f"scrape worker (prefork, {args.scrape_concurrency} children)",
             {"queues": "scrape", "pool": "prefork", "concurrency": args.scrape_concurrency}),
            ("gpu worker (solo, rules engine)", {"queues": "gpu", "pool": "solo"}),
            ("cloud worker (solo)", {"queues": "cloud", "pool": "solo"}),
        ]:
            workers.start(**options)
            pids[label] = workers.procs[-1].pid
        workers.wait_ready()
        events = TaskEvents(app)
        stack.callback(events.stop)
        events.start(workers.names)
        meter = CpuMeter(pids)

        load_before = os.getloadavg()
        cpu_before = meter.read()
        origin = time.time()  # the clock Celery stamps its events with
        started = time.perf_counter()
        for company_id in company_ids:
            scrape_company_task.delay(company_id)
        enqueue_s = time.perf_counter() - started
        jobs_settle(expected=args.postings)
        wall = time.perf_counter() - started
        cpu_after = meter.read()
        load_after = os.getloadavg()
        events.drain()

    pure, tokens = pure_work([reply.body for reply in replies.values()])
    report(
        args=args, origin=origin, wall=wall, enqueue_s=enqueue_s, events=events, load=(load_before, load_after),
        pure=pure, tokens=tokens, cpu={label: cpu_after[label] - cpu_before[label] for label in cpu_before},
    )
    connections.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
