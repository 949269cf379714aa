"""The scraping benchmark's tables (phases, per-host limits, goals, header) and its in-process profile of one fetch."""
import cProfile
import io
import math
import pstats
import statistics
import time
from collections import Counter
from contextlib import redirect_stdout
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bench.career_site import JOB_LINK_PATTERN, JSONLD_SHARE, LISTING_PATH, Hit, host_address
from bench.host_limits import PacingTurns, host_limits
from bench.machine import machine_summary
from bench.report import percentile, print_table, software_summary

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


def print_header(args, sites: list[dict[str, bytes]], started: float, *, network: str) -> None:
    job_pages = [body for pages in sites for path, body in pages.items() if "/jobs/" in path]
    listings = [pages[LISTING_PATH] for pages in sites]
    sizes = [len(body) / 1024 for body in job_pages]
    with_jsonld = sum(b"application/ld+json" in body for body in job_pages)
    last = host_address(network, args.companies - 1)
    print(f"\njobscraper scraping benchmark: {args.companies} companies x {args.postings} job pages, each company's "
          f"site on its own loopback address ({host_address(network, 0)} .. {last}), "
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
