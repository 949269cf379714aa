"""The bench's printed figures: machine, whole pipeline, stages, scrape runs, pure work, CPU by process."""
import os
import statistics
from collections import Counter

from bench.machine import machine_summary

STAGE_TASKS = [
    # The scrape task routes its own new and changed postings (token count) before it ends.
    ("scrape + upsert + route", "scraping.tasks.scrape_company_task"),
    ("extract + store (rules)", "extraction.tasks.extract_local_task"),
]
NOISY_SHARE = 0.10  # of the machine's CPU taken by processes outside the bench: above it, the figures are noisy


def print_table(title: str, header: tuple, rows: list[tuple]) -> None:
    cells = [tuple(str(cell) for cell in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    for index, row in enumerate(cells):
        # Labels left, figures right.
        aligned = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        print("  " + "  ".join(aligned))
        if index == 0:
            print("  " + "  ".join("-" * width for width in widths))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def software_summary() -> str:
    """The servers the bench runs against, as they report their versions, with Django's and Celery's."""
    import celery
    import django
    import redis
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    redis_version = redis.Redis.from_url(settings.REDIS_URL).info("server")["redis_version"]
    return f"PostgreSQL {pg_version}, Redis {redis_version}; Django {django.__version__}, Celery {celery.__version__}"


def _header(*, args, load: tuple) -> None:
    from django.conf import settings

    before, after = (" ".join(f"{value:.2f}" for value in loads) for loads in load)
    print(f"\njobscraper pipeline benchmark: {args.postings:,} postings from {args.companies} Greenhouse boards "
          "on loopback")
    print(f"  machine   {machine_summary()}")
    print(f"  servers   {software_summary()}")
    print(f"  workers   scrape prefork x{args.scrape_concurrency}, gpu solo (LOCAL_ENGINE=rules, batch "
          f"{settings.LOCAL_BATCH_SIZE}), cloud solo")
    print(f"  load avg  {before} before, {after} after (1/5/15 min)")


def _stages(*, n: int, origin: float, events) -> None:
    rows = []
    for label, name in STAGE_TASKS:
        runs = events.runs(name)
        busy = sum(run["runtime"] for run in runs)
        # An extract run that found nothing left to claim (a spare wake-up) is no part of the stage's span.
        working = [run for run in runs if run.get("result") not in ("0", 0)]
        first = min(run["started"] for run in working) - origin
        last = max(run["finished"] for run in working) - origin
        rows.append((
            label, f"{len(working)}/{len(runs)}", f"{first:.2f}", f"{last:.2f}", f"{busy:.2f}",
            f"{n / (last - first):.0f}", f"{busy / n * 1000:.2f}",
        ))
    print_table(
        "Stages, from the workers' task events (seconds after the enqueue; busy = sum of task run times)",
        ("stage", "tasks*", "first start", "last end", "busy s", "jobs/s first->last", "busy ms/job"), rows,
    )
    print("  * tasks that did work / all runs; an extract run that found its batch already claimed does none")


def _scrape_runs_and_latency(*, n: int) -> None:
    from jobscraper.models import Job, ScrapeRun

    runs = list(ScrapeRun.objects.all())
    durations = [run.duration.total_seconds() for run in runs]
    span = (max(run.finished_at for run in runs) - min(run.started_at for run in runs)).total_seconds()
    succeeded = sum(run.status == ScrapeRun.Status.SUCCEEDED for run in runs)
    latencies = [
        (extracted - created).total_seconds()
        for created, extracted in Job.objects.values_list("created_at", "extracted_at")
        if extracted is not None
    ]
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print_table("Scrape runs (ScrapeRun rows) and job latency (stored -> extracted)", ("", "value"), [
        ("scrape runs", f"{len(runs)} ({succeeded} succeeded), {sum(run.new for run in runs):,} new jobs"),
        ("run duration median / max", f"{statistics.median(durations):.2f} s / {max(durations):.2f} s"),
        ("first start -> last finish", f"{span:.2f} s ({n / span:.0f} jobs/s)"),
        ("job latency p50 / p95 / max", f"{p50:.2f} / {p95:.2f} / {max(latencies):.2f} s"),
    ])


def print_cpu(*, wall: float, cpu: dict, during: str = "the pipeline") -> None:
    """CPU seconds of each process tree (a CpuMeter difference) as shares of the machine over `wall` seconds."""
    capacity = wall * os.cpu_count()
    shares = {label: value for label, value in cpu.items() if label != "machine"}
    other = max(0.0, cpu["machine"] - sum(shares.values()))
    shares["other processes on the machine"] = other
    shares["idle"] = max(0.0, capacity - cpu["machine"])
    print_table(
        f"CPU seconds during {during} ({os.cpu_count()} cores x {wall:.2f} s = {capacity:.2f} CPU s)",
        ("process tree", "CPU s", "share"),
        [(label, f"{value:.2f}", f"{value / capacity:.0%}") for label, value in shares.items()],
    )
    if other > NOISY_SHARE * capacity:
        print(f"  NOTE: other processes took {other / capacity:.0%} of the CPU: figures are noisy; rerun when quiet")


def report(*, args, origin: float, wall: float, enqueue_s: float, events, cpu: dict, load: tuple, pure: list,
           tokens: int) -> None:
    """Print every figure; `origin` is the enqueue's wall-clock time (the clock of Celery's events)."""
    from jobscraper.models import Job

    n = args.postings
    _header(args=args, load=load)
    print_table("Whole pipeline (enqueue of every scrape -> every job extracted and stored)", ("", "value"), [
        ("wall time", f"{wall:.2f} s"),
        ("throughput", f"{n / wall:.0f} jobs/s"),
        ("enqueue of the scrape tasks", f"{enqueue_s * 1000:.1f} ms"),
        ("prompt tokens counted", f"{tokens:,} ({tokens / n:.0f} per job)"),
    ])
    _stages(n=n, origin=origin, events=events)
    _scrape_runs_and_latency(n=n)
    print_table(
        "Pure work of each stage in one process (no database, no queue), for comparison with busy ms/job",
        ("computation", "total s", "ms/job"),
        [(label, f"{seconds:.2f}", f"{seconds / count * 1000:.2f}") for label, seconds, count in pure],
    )
    print_cpu(wall=wall, cpu=cpu)
    states = Counter(Job.objects.values_list("extraction_state", flat=True))
    engines = Counter(Job.objects.values_list("extraction_engine", flat=True))
    with_salary = Job.objects.exclude(salary_min=None).count()
    print(f"\n  outcome: {dict(states)}; engines {dict(engines)}; {with_salary:,} with a salary")
