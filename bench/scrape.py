"""Scraping benchmark: loopback career sites through real scrape workers: first scrape, re-scrape, one at a time."""
import argparse
import logging
import os
import random
import signal
import sys
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project, tests/ and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

from bench.career_site import (  # noqa: E402
    JOB_LINK_PATTERN, LISTING_PATH, CareerSites, career_site, company_names, host_address,
)
from bench.database import servers_required  # noqa: E402
from bench.host_limits import PacingTurns, in_flight  # noqa: E402
from bench.measure import CpuMeter, TaskEvents  # noqa: E402
from bench.report import print_cpu  # noqa: E402
from bench.scrape_report import (  # noqa: E402
    Phase, print_goals, print_header, print_limit_check, print_phases, profile_fetch,
)
from tests.workers import Workers  # noqa: E402

# Each company's site has its own loopback address, so the scraper's per-host limits apply per company as they
# would per domain; the whole 127.0.0.0/8 answers on Linux, and nothing here listens beyond loopback.
COMPANY_NETWORK = "127.1.0.0/16"
WARMUP_NETWORK = "127.2.0.0/16"  # small sites scraped before the clock starts (see WARMUP_POSTINGS)
PROFILE_NETWORK = "127.3.0.0/16"  # sites without latency for the in-process profile
# A warm-up site has robots.txt, a listing and this many job pages: paced, each takes a child over a second, so that
# every child of the worker takes one and has loaded crawl4ai, tiktoken and its connections before the clock runs.
WARMUP_POSTINGS = 4
POLL_INTERVAL = 0.1  # seconds between checks for finished scrape tasks
PHASE_TIMEOUT = 600.0  # seconds from enqueue until every scrape task of a phase must have ended


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Serve synthetic company career sites on loopback addresses (one per company), scrape them "
        "through real Celery scrape workers on PostgreSQL and Redis, and print postings/s for a first scrape, a "
        "no-change re-scrape and a one-at-a-time scrape, with a check of the per-host limits. Run it with `make "
        "bench-scrape BENCH_ARGS=...`: scripts/with_servers.sh provides fresh servers."
    )
    parser.add_argument("--companies", type=int, default=50, help="career sites, one per company (default 50)")
    parser.add_argument("--postings", type=int, default=40, help="job pages per company (default 40)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds each answer waits (default 0.05)")
    parser.add_argument("--host-interval", type=float, default=0.2,
                        help="SCRAPE_HOST_INTERVAL: seconds between request starts to one host (default 0.2)")
    parser.add_argument("--host-concurrency", type=int, default=2,
                        help="SCRAPE_HOST_CONCURRENCY: requests in flight to one host (default 2)")
    parser.add_argument("--scrape-concurrency", type=int, default=10,
                        help="prefork children of the scrape worker in the first scrape and the re-scrape (default 10)")
    parser.add_argument("--sequential-companies", type=int, default=5,
                        help="companies scraped one page at a time (default 5: ~45 s at the default interval)")
    return parser.parse_args(argv)


def companies_create(
    sites: CareerSites, names: list[str], network: str, *, postings: int, seed: int
) -> tuple[list[int], list[dict[str, bytes]]]:
    """Serve a site for each name on its own address of `network` and save a career-page company for it; returns
    the companies' ids and their sites' pages."""
    from jobscraper.models import Company, SourceKind
    from jobscraper.services import company_save

    rng = random.Random(seed)
    ids, pages = [], []
    for index, name in enumerate(names):
        pages.append(career_site(company=name, postings=postings, rng=rng))
        base = sites.add(host_address(network, index), pages[-1])
        company = Company(
            name=name, careers_url=f"{base}{LISTING_PATH}", source_kind=SourceKind.CAREER_PAGE,
            source_params={"job_link_pattern": JOB_LINK_PATTERN},
        )
        ids.append(company_save(company=company).pk)
    return ids, pages


def tasks_settle(events: TaskEvents, task_ids: list[str]) -> None:
    """Poll until the task events report every task ended; a failed scrape run stops the wait at once."""
    from jobscraper.models import ScrapeRun

    deadline = time.monotonic() + PHASE_TIMEOUT
    while not all("finished" in events.tasks.get(task_id, {}) for task_id in task_ids):
        failed = ScrapeRun.objects.exclude(status__in=[ScrapeRun.Status.RUNNING, ScrapeRun.Status.SUCCEEDED]).first()
        if failed:
            raise RuntimeError(f"scrape of {failed.company} ended {failed.status}: {failed.error}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"scrape tasks not all ended after {PHASE_TIMEOUT} s; worker logs: JOBSCRAPER_VAR_DIR")
        time.sleep(POLL_INTERVAL)


def scrape(label: str, company_ids: list[int], *, sites: CareerSites, events: TaskEvents, meter: CpuMeter) -> Phase:
    """Enqueue scrape_company_task for every company at once, as beat does when they fall due, and wait for all."""
    from django.db.models import Sum

    from jobscraper.models import ScrapeRun
    from scraping.tasks import scrape_company_task

    first_hit = len(sites.hits)
    last_run = ScrapeRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    load_before, cpu_before = os.getloadavg(), meter.read()
    origin = time.time()  # the clock Celery stamps its events with
    started = time.perf_counter()
    task_ids = [scrape_company_task.delay(company_id).id for company_id in company_ids]
    tasks_settle(events, task_ids)
    span = time.perf_counter() - started
    cpu_after = meter.read()
    tasks = [events.tasks[task_id] for task_id in task_ids]
    runs = ScrapeRun.objects.filter(pk__gt=last_run)
    totals = runs.aggregate(found=Sum("found"), new=Sum("new"), unchanged=Sum("unchanged"))
    return Phase(
        label=label, companies=len(company_ids), postings=totals["found"] or 0,
        wall=max(task["finished"] for task in tasks) - origin, busy=sum(task["runtime"] for task in tasks),
        durations=[task["runtime"] for task in tasks], hits=sites.hits[first_hit:],
        cpu={name: cpu_after[name] - cpu_before[name] for name in cpu_before}, span=span,
        load=(load_before, os.getloadavg()), runs=Counter(runs.values_list("status", flat=True)),
        new=totals["new"] or 0, unchanged=totals["unchanged"] or 0,
    )


@contextmanager
def scrape_worker(args, *, children: int, warmups: list[int], sites: CareerSites):
    """A scrape worker with `children` prefork children, every child warmed up; yields scrape(label, company_ids)."""
    from jobscraper.celery import app

    env = {
        "LOCAL_ENGINE": "rules", "OPENAI_API_KEY": "", "SCRAPE_ALLOW_PRIVATE_NETWORKS": "true",
        "SCRAPE_HOST_INTERVAL": str(args.host_interval), "SCRAPE_HOST_CONCURRENCY": str(args.host_concurrency),
    }
    with ExitStack() as stack:
        workers = Workers(os.environ["DATABASE_URL"], env)
        stack.callback(workers.stop)
        workers.start(queues="scrape", pool="prefork", concurrency=children)
        workers.wait_ready()
        events = TaskEvents(app)
        stack.callback(events.stop)
        events.start(workers.names)
        meter = CpuMeter({f"scrape worker (prefork x{children})": workers.procs[0].pid})
        scrape("warm-up", warmups[:children], sites=sites, events=events, meter=meter)
        yield lambda label, company_ids: scrape(label, company_ids, sites=sites, events=events, meter=meter)


def first_scrape_again(company_ids: list[int]) -> None:
    """Forget everything a scrape of these companies left: their jobs and runs, and every fetch's Redis state
    (conditional-GET cache, robots.txt, host pacing), so that the next scrape is a first one again."""
    import redis
    from django.conf import settings

    from jobscraper.models import Job, ScrapeRun
    from scraping.http import REDIS_PREFIX

    Job.objects.filter(company__in=company_ids).delete()
    ScrapeRun.objects.filter(company__in=company_ids).delete()
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"{REDIS_PREFIX}*", count=1000):
        client.delete(key)


def main(argv=None) -> int:
    args = parse_args(argv)
    # A plain SIGTERM (a timeout, a CI cancel) would skip the cleanup below and leave the workers running.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not 1 <= args.sequential_companies <= args.companies:
        sys.exit("--sequential-companies must be between 1 and --companies")
    servers_required("scrape.py", "bench-scrape", redis=True)

    import django

    django.setup()
    # Their connection and request notices would break up the tables.
    for name in ("kombu", "httpx"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connections

    from jobscraper.models import Company
    from scraping.http import REDIS_PREFIX

    call_command("migrate", verbosity=0, interactive=False)
    if Company.objects.exists():
        sys.exit("bench/scrape.py needs an empty database: `make bench-scrape` gives it a fresh one.")
    started = time.time()
    names = company_names(args.companies)

    with ExitStack() as stack:
        sites = CareerSites(latency=args.latency)
        company_ids, pages = companies_create(sites, names, COMPANY_NETWORK, postings=args.postings, seed=0)
        warmup_names = [f"Warm-up {n}" for n in range(args.scrape_concurrency)]
        warmups, _ = companies_create(sites, warmup_names, WARMUP_NETWORK, postings=WARMUP_POSTINGS, seed=1)
        stack.callback(sites.stop)
        sites.start()
        print_header(args, pages, started, network=COMPANY_NETWORK)

        with scrape_worker(args, children=args.scrape_concurrency, warmups=warmups, sites=sites) as run:
            turns = PacingTurns(os.environ["REDIS_URL"], f"{REDIS_PREFIX}next:").start()
            first = run("(a) first scrape", company_ids)
            turns.stop()
            again = run("(b) re-scrape, nothing changed", company_ids)
        sequential_ids = company_ids[:args.sequential_companies]
        first_scrape_again(sequential_ids)
        with scrape_worker(args, children=1, warmups=warmups, sites=sites) as run:
            sequential = run("(c) first scrape, one page at a time", sequential_ids)

    print_phases(args, [first, again, sequential])
    kept = print_limit_check(args, first, turns)
    print(f"  (c): most requests in flight across all sites at once: {in_flight(sequential.hits)}")
    print_goals(args, first, again, sequential, kept)
    for phase in (first, again, sequential):
        before, after = (" ".join(f"{value:.2f}" for value in loads) for loads in phase.load)
        print(f"\n  load avg during {phase.label}: {before} before, {after} after (1/5/15 min)")
        print_cpu(wall=phase.span, cpu=phase.cpu, during=phase.label)

    with ExitStack() as stack:
        profile_sites = CareerSites(latency=0)
        urls = [
            profile_sites.add(host_address(PROFILE_NETWORK, n),
                              career_site(company=f"Profile {n}", postings=args.postings, rng=random.Random(10 + n)))
            + LISTING_PATH
            for n in range(3)
        ]
        stack.callback(profile_sites.stop)
        profile_sites.start()
        profile_fetch(args, urls)
    connections.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
