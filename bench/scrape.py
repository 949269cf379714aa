"""Scraping benchmark: loopback career sites through real scrape workers: first scrape, re-scrape, one at a time."""
import argparse
import cProfile
import io
import logging
import math
import os
import pstats
import random
import signal
import statistics
import sys
import time
from collections import Counter
from contextlib import ExitStack, contextmanager, redirect_stdout
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project, tests/ and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

from bench.career_site import (  # noqa: E402
    JOB_LINK_PATTERN, JSONLD_SHARE, LISTING_PATH, CareerSites, Hit, career_site, company_names, host_address,
)
from bench.database import database_create  # noqa: E402
from bench.host_limits import PacingTurns, host_limits, in_flight  # noqa: E402
from bench.machine import machine_summary  # noqa: E402
from bench.measure import CpuMeter, TaskEvents  # noqa: E402
from bench.report import percentile, print_cpu, print_table, software_summary  # noqa: E402
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
# scraping.http takes a host's turn in Redis and then connects and sends, so a request reaches its site a moment after
# its turn began: under a millisecond when the worker's child runs at once, more when it waits for a core. Two arrivals
# can be that much closer than the interval although their turns were not (the turns are checked too). A gap at the
# site shorter than the interval by more than this allowance counts as the limit exceeded.
ARRIVAL_JITTER = 0.010  # seconds
REDIS_CLOCK_RESOLUTION = 0.001  # seconds: Redis expires the pacing key to the millisecond
PROFILE_TOP = 8  # functions listed by own time in the profile
# What a career-page fetch does, by (file, function) of its entry points: their cumulative times in the profile.
PROFILE_STEPS = [
    ("fetch: pacing, robots.txt, HTTP, cache (scraping.http.get_page)", "scraping/http/client.py", "get_page"),
    # crawl4ai 0.9's CrawlerRunConfig.__setattr__ computes inspect.signature(__init__) for each of its ~100 fields.
    ("crawl4ai: a CrawlerRunConfig for each page (its __init__)", "crawl4ai/async_configs.py", "__init__"),
    ("crawl4ai: HTML to markdown, cleaned HTML, links (arun)", "crawl4ai/async_webcrawler.py", "arun"),
    ("postings from a page: JSON-LD or markdown (postings_from_page)", "sources/career_page.py", "postings_from_page"),
]
SPEEDUP_GOALS = {"re-scrape": 10.0, "concurrency": 5.0}  # the goals: first/re-scrape, concurrent/one at a time


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


@dataclass
class Phase:
    """One scrape of a set of companies, as the workers' task events, the sites' request log and the runs saw it."""

    label: str
    companies: int
    postings: int  # postings the runs found
    wall: float  # seconds from the first enqueue to the end of the last scrape task (task events)
    busy: float  # sum of the scrape tasks' run times
    durations: list[float]  # each scrape task's run time
    hits: list[Hit]
    cpu: dict  # CpuMeter difference over `span`
    span: float  # seconds the CPU meter covered: the enqueue until the bench saw the last task end
    load: tuple
    runs: Counter  # ScrapeRun status -> count
    new: int
    unchanged: int

    @property
    def rate(self) -> float:
        return self.postings / self.wall


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


def statuses(hits: list[Hit]) -> str:
    counts = Counter(hit.status for hit in hits)
    return ", ".join(f"{counts[status]:,} x {status}" for status in sorted(counts))


def print_phases(args, phases: list[Phase]) -> None:
    rows = []
    for phase in phases:
        rows.append((
            phase.label, phase.companies, f"{phase.postings:,}", f"{phase.new:,} / {phase.unchanged:,}",
            f"{phase.wall:.2f}", f"{phase.rate:.1f}", f"{len(phase.hits):,}", statuses(phase.hits),
            f"{statistics.median(phase.durations):.2f} / {max(phase.durations):.2f}",
            f"{phase.busy / phase.postings * 1000:.0f}",
        ))
    print_table(
        "Scrapes (wall: enqueue -> last scrape task ended, from the workers' task events; requests: the sites' log)",
        ("scrape", "companies", "postings", "new / unchanged", "wall s", "postings/s", "requests", "answers",
         "task s median / max", "busy ms/posting"), rows,
    )
    for phase in phases:
        if set(phase.runs) != {"succeeded"}:
            print(f"  NOTE: {phase.label}: runs ended {dict(phase.runs)}; see the ScrapeRun errors")


def print_limit_check(args, phase: Phase, turns: PacingTurns) -> bool:
    """The per-host limits as the sites saw them, and the scraper's own turns (Redis), which explain short gaps."""
    limits = host_limits(phase.hits)
    most = max(host.in_flight for host in limits.values())
    gaps = [gap for host in limits.values() for gap in host.gaps]
    short = [gap for gap in gaps if gap < args.host_interval]
    turn_gaps = turns.turn_gaps()
    lags = arrival_lags(phase, turns)
    requests = Counter(host.requests for host in limits.values())
    floor = args.host_interval - ARRIVAL_JITTER
    rows = [
        ("hosts / requests per host", f"{len(limits)} / {dict(requests)}", ""),
        ("most requests in flight at one host", most, args.host_concurrency),
        ("shortest gap between two arrivals at one host", f"{min(gaps):.4f} s", f"{args.host_interval:.4f} s"),
        ("gaps shorter than the interval", f"{len(short):,} of {len(gaps):,}", ""),
    ]
    if floor > 0:
        rows.append((f"gaps shorter than {floor:.3f} s", f"{sum(gap < floor for gap in gaps):,}",
                     f"0 (arrival jitter {ARRIVAL_JITTER * 1000:.0f} ms)"))
    if turn_gaps:
        rows += [
            ("scraper's turns (Redis clock): shortest gap", f"{min(turn_gaps):.4f} s", f"{args.host_interval:.4f} s"),
            ("arrival after its turn p50 / p99 / max",
             " / ".join(f"{percentile(lags, share) * 1000:.1f}" for share in (0.5, 0.99, 1.0)) + " ms", ""),
        ]
    print_table(f"Per-host limits in {phase.label}: the sites' request log (kernel receive time and answer of every "
                "request), and the turns scraping.http took in Redis", ("", "measured", "limit"), rows)
    concurrency_kept = most <= args.host_concurrency
    interval_kept = min(gaps) >= floor
    undercut = (args.host_interval - min(gaps)) * 1000
    print(f"  at the sites: per-host limit {'never exceeded' if concurrency_kept and interval_kept else 'EXCEEDED'} "
          f"(concurrency {'kept' if concurrency_kept else 'EXCEEDED'}; interval "
          f"{'kept' if interval_kept else f'undercut by up to {undercut:.0f} ms'})")
    if not turn_gaps:
        print("  scraper's turns: none seen in Redis (has scraping.http's pacing key changed?)")
    else:
        turns_kept = min(turn_gaps) >= args.host_interval - REDIS_CLOCK_RESOLUTION
        print(f"  scraper's turns: interval {'kept' if turns_kept else 'EXCEEDED'}"
              + ("" if interval_kept or not turns_kept else "; the short gaps at the sites come from requests that "
                 "reached their site later after their turn than the next one did (a child waiting for a core)"))
    return concurrency_kept and interval_kept


def arrival_lags(phase: Phase, turns: PacingTurns) -> list[float]:
    """Seconds from each turn to its request's arrival: a host's n-th turn is its n-th arrival (one at a time)."""
    arrivals = {}
    for hit in phase.hits:
        arrivals.setdefault(hit.host, []).append(hit.arrived)
    lags = []
    for host, times in turns.turns().items():
        if host in arrivals:
            lags += [arrived - turn for turn, arrived in zip(times, sorted(arrivals[host]))]
    return lags


def print_goals(args, first: Phase, again: Phase, sequential: Phase, kept: bool) -> None:
    rescrape = first.wall / again.wall  # the same companies and postings: the ratio of wall times
    concurrency = first.rate / sequential.rate
    requests_per_site = len(first.hits) / first.companies
    floor = (requests_per_site - 1) * args.host_interval
    waves = math.ceil(first.companies / args.scrape_concurrency)
    print_table("Goals (the issue's), and the floor the per-host interval sets", ("", "measured", "goal", "met"), [
        ("no-change re-scrape vs first scrape", f"{rescrape:.2f}x faster", f">= {SPEEDUP_GOALS['re-scrape']:.0f}x",
         "yes" if rescrape >= SPEEDUP_GOALS["re-scrape"] else "no"),
        ("concurrent (a) vs one page at a time (c)", f"{concurrency:.2f}x the rate",
         f">= {SPEEDUP_GOALS['concurrency']:.0f}x, limits kept",
         "yes" if concurrency >= SPEEDUP_GOALS["concurrency"] and kept else "no"),
        ("pacing floor of one company's scrape", f"{requests_per_site:.0f} requests -> "
         f"{requests_per_site - 1:.0f} x {args.host_interval:g} s = {floor:.1f} s", "", ""),
        (f"floor of (a)/(b): {first.companies} companies over {args.scrape_concurrency} children",
         f"{waves} x {floor:.1f} s = {waves * floor:.1f} s", "", ""),
    ])


def profile_fetch(args, profile_urls: list[str]) -> None:
    """CareerPageSource.fetch in this process against latency-free sites, unpaced: the CPU a fetch costs without
    database or queue, first (200s) and again (304s), and where the first one's time goes (cProfile)."""
    from django.test import override_settings

    from jobscraper.models import Company, SourceKind
    from scraping.sources.career_page import CareerPageSource

    def fetch(url):
        company = Company(name="Profile", careers_url=url, source_kind=SourceKind.CAREER_PAGE,
                          source_params={"job_link_pattern": JOB_LINK_PATTERN})
        started, cpu_started = time.perf_counter(), time.process_time()
        with redirect_stdout(io.StringIO()):  # crawl4ai announces every crawler it starts
            result = CareerPageSource().fetch(company)
        if not result.complete or len(result.postings) != args.postings:
            raise RuntimeError(f"profile fetch of {url} incomplete: {result.errors[:3]}")
        return time.perf_counter() - started, time.process_time() - cpu_started

    pages = args.postings + 1  # the listing and the job pages (robots.txt is read once per site)
    with override_settings(SCRAPE_ALLOW_PRIVATE_NETWORKS=True, SCRAPE_HOST_INTERVAL=0, SCRAPE_HOST_CONCURRENCY=1000):
        fetch(profile_urls[0])  # crawl4ai's imports and first-use set-up
        rows = []
        for label, url in [("first fetch (200s)", profile_urls[1]), ("fetch again (304s)", profile_urls[1])]:
            wall, cpu = fetch(url)
            rows.append((label, f"{wall * 1000 / pages:.1f}", f"{cpu * 1000 / pages:.1f}"))
        profiler = cProfile.Profile()
        profiler.enable()
        wall, _ = fetch(profile_urls[2])
        profiler.disable()
    print_table(
        f"CareerPageSource.fetch in the bench process, one site of {args.postings} job pages, no latency, no pacing, "
        "no database", ("fetch", "wall ms/page", "CPU ms/page"), rows,
    )
    stats = pstats.Stats(profiler).stats
    steps = []
    for label, file_end, function in PROFILE_STEPS:
        cumulative = sum(ct for (filename, _, name), (_, _, _, ct, _) in stats.items()
                         if name == function and filename.endswith(file_end))
        steps.append((label, f"{cumulative:.3f}", f"{cumulative / wall:.0%}"))
    print_table(f"Where a first fetch's {wall:.2f} s go (cProfile, which inflates Python code; cumulative times)",
                ("step", "s", "share"), steps)
    own = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:PROFILE_TOP]
    print_table("The functions with the most own time in that fetch", ("function", "calls", "own s"), [
        (_function_label(filename, line, name), f"{calls:,}", f"{tt:.3f}")
        for (filename, line, name), (_, calls, tt, _, _) in own
    ])


def _function_label(filename: str, line: int, name: str) -> str:
    if filename == "~":  # a built-in: its name says whose it is ("<method 'sub' of 're.Pattern' objects>")
        return name
    path = Path(filename)
    parts = path.parts[path.parts.index("site-packages") + 1:] if "site-packages" in path.parts else path.parts[-2:]
    return f"{'/'.join(parts)}:{line} {name}"


def print_header(args, sites: list[dict[str, bytes]], started: float) -> None:
    job_pages = [body for pages in sites for path, body in pages.items() if "/jobs/" in path]
    listings = [pages[LISTING_PATH] for pages in sites]
    sizes = [len(body) / 1024 for body in job_pages]
    with_jsonld = sum(b"application/ld+json" in body for body in job_pages)
    last = host_address(COMPANY_NETWORK, args.companies - 1)
    print(f"\njobscraper scraping benchmark: {args.companies} companies x {args.postings} job pages, each company's "
          f"site on its own loopback address ({host_address(COMPANY_NETWORK, 0)} .. {last}), "
          f"{args.latency * 1000:.0f} ms per answer")
    print(f"  date      {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}")
    print(f"  machine   {machine_summary()}")
    print(f"  servers   {software_summary()}")
    print(f"  scraping  SCRAPE_HOST_INTERVAL={args.host_interval:g} s, "
          f"SCRAPE_HOST_CONCURRENCY={args.host_concurrency}; career_page source (crawl4ai {version('crawl4ai')}), "
          f"job_link_pattern {JOB_LINK_PATTERN!r}")
    print(f"  workers   scrape prefork x{args.scrape_concurrency} for (a) and (b), x1 for (c); no extraction worker "
          "(routing runs inside the scrape task, the extraction tasks it queues wait)")
    print(f"  pages     job pages {min(sizes):.1f}-{max(sizes):.1f} KB (mean {statistics.mean(sizes):.1f} KB), "
          f"{with_jsonld / len(job_pages):.0%} with JSON-LD (target {JSONLD_SHARE:.0%}), the rest read as markdown; "
          f"listings {min(map(len, listings)) / 1024:.1f}-{max(map(len, listings)) / 1024:.1f} KB; robots.txt; "
          "ETag + Last-Modified, 304 when unchanged")
    print("  (c)       one page at a time: the same first scrape of the first "
          f"{args.sequential_companies} companies by one worker with one prefork child; a company's pages are "
          "fetched one after another, so one request is in flight at any moment")


def main(argv=None) -> int:
    args = parse_args(argv)
    # A plain SIGTERM (a timeout, a CI cancel) would skip the cleanup below and leave the workers running.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("bench/scrape.py needs PostgreSQL and Redis: run it with `make bench-scrape` "
                 "(scripts/with_servers.sh).")
    if not 1 <= args.sequential_companies <= args.companies:
        sys.exit("--sequential-companies must be between 1 and --companies")
    database_create(os.environ["DATABASE_URL"])

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
        print_header(args, pages, started)

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
