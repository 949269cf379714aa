"""Clustering benchmark: N jobs over skewed employers in PostgreSQL, then jobs_cluster's cost per new posting (one at
a time, and in batches as extraction stores them) and the public list's latency before and after clusters exist."""
import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project and bench/ become importable

from bench import listing  # noqa: E402 - also sets DJANGO_SETTINGS_MODULE and CONN_MAX_AGE as the listing bench runs
from bench.cluster_data import (  # noqa: E402
    Generated, employer_names, employer_sizes, ids_of, keys_store, new_postings, pairs_cluster, rows_maker,
)
from bench.database import servers_required  # noqa: E402
from bench.machine import machine_summary  # noqa: E402

CANDIDATE_QUERY = '"jobscraper_job"."employer_key" IN ('  # the batch's employers' title keys (extraction.clustering)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Load N jobs over skewed employers (with duplicates: the employer's own posting listed twice, a "
        "job board's copy) into PostgreSQL with bench/listing.py's loader, store their employer and title keys, build "
        "the candidate index, time the public list, cluster the duplicates, then time jobs_cluster for new postings "
        "one at a time and in batches, and the public list again. Run it with `make bench-clustering` "
        "(scripts/with_servers.sh)."
    )
    parser.add_argument("--jobs", type=int, default=500_000, help="jobs to load (default 500,000)")
    parser.add_argument("--employers", type=int, help="employers they belong to (default jobs / 25)")
    parser.add_argument("--largest", type=int, help="jobs of the largest employer (default jobs / 100)")
    parser.add_argument("--duplicates", type=float, default=0.10, help="share of jobs that repeat another (0.10)")
    parser.add_argument("--cluster-sample", type=int, default=5_000,
                        help="duplicates matched by jobs_cluster after the load (default 5,000); the other generated "
                        "pairs are clustered by SQL, so that the list sees every duplicate in a cluster")
    parser.add_argument("--postings", type=int, default=1_000,
                        help="new postings timed (default 1,000): the first half one at a time, the rest in batches")
    parser.add_argument("--batch", type=int, default=64,
                        help="postings matched together, as the task after extraction gets them (default 64, "
                        "LOCAL_BATCH_SIZE)")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per list case (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    args.employers = args.employers or max(1, args.jobs // 25)
    args.largest = args.largest or max(1, args.jobs // 100)
    return args


def timed_clustering(job_ids: list[int], *, batch: int = 1) -> tuple[list[float], list[float], dict[str, int]]:
    """jobs_cluster for `job_ids`, `batch` at a time, one batch after the other: (ms per posting, each batch's time
    shared by its postings; ms of each candidate query; outcomes)."""
    from django.db import connection

    from extraction.clustering import jobs_cluster

    candidate_ms = []

    def candidate_query_timer(execute, sql, params, many, context):
        if CANDIDATE_QUERY not in sql:
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            candidate_ms.append((time.perf_counter() - started) * 1000)

    samples, outcomes = [], {}
    with connection.execute_wrapper(candidate_query_timer):
        for start in range(0, len(job_ids), batch):
            ids = job_ids[start:start + batch]
            started = time.perf_counter()
            done = jobs_cluster(ids)
            samples += [(time.perf_counter() - started) * 1000 / len(ids)] * len(ids)
            for outcome in done.values():
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return samples, candidate_ms, outcomes


def explain_candidates(job_id: int) -> None:
    """job_cluster once more for `job_id`, printing each query's time and the candidate query's plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from extraction.clustering import job_cluster

    with CaptureQueriesContext(connection) as captured:
        job_cluster(job_id)
    for query in captured.captured_queries:
        print(f"  {float(query['time']) * 1000:6.2f} ms  {' '.join(query['sql'].split())[:150]}")
    for query in captured.captured_queries:
        if CANDIDATE_QUERY in query["sql"]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\n-- {' '.join(query['sql'].split())}\n{plan}")


def summary(samples: list[float]) -> str:
    return (f"p50 {statistics.median(samples):6.2f}  p95 {listing.percentile(samples, 0.95):6.2f}  "
            f"p99 {listing.percentile(samples, 0.99):6.2f}  mean {statistics.fmean(samples):6.2f} ms")


def list_latency(client, repeat: int) -> dict[str, tuple[float, float]]:
    """bench/listing.py's cases: {case: (p50, p95) ms}."""
    results = {}
    for name, urls in listing.cases():
        samples = listing.measure(client, urls, repeat)
        results[name] = (statistics.median(samples), listing.percentile(samples, 0.95))
        print(f"  {name:<44} p50 {results[name][0]:7.1f}  p95 {results[name][1]:7.1f} ms", flush=True)
    return results


def main(argv=None) -> int:
    args = parse_args(argv)
    servers_required("clustering.py", "bench-clustering")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from jobscraper.clusters import clusters_order_check
    from jobscraper.models import Job, JobCluster

    print(f"machine: {machine_summary()}; load average before: {os.getloadavg()[0]:.2f}")
    sizes = employer_sizes(jobs=args.jobs, employers=args.employers, largest=args.largest)
    generated = Generated()
    started = time.perf_counter()
    timings = listing.load(args, names=employer_names(args.employers), rows=rows_maker(args, sizes, generated))
    timings.update(keys_store(generated))
    index_mb = timings.pop("index MB")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('jobscraper_job')), version()")
        size, version = cursor.fetchone()
    print(f"loaded {args.jobs:,} jobs ({Job.objects.public().count():,} public) over {args.employers:,} employers "
          f"(largest {sizes[0]:,} jobs before duplicates, median {statistics.median(sizes):.0f}), "
          f"{len(generated.pairs):,} of them duplicates, in {time.perf_counter() - started:.1f} s; table with TOAST and "
          f"indexes: {size}; candidate index {index_mb:.1f} MB; {version.split(',')[0]}")
    for step, seconds in timings.items():
        print(f"  {step:<55} {seconds:7.1f} s")

    import jobscraper.wsgi  # noqa: F401 - the page is served as gunicorn serves it, after the app's start-up

    client = Client(HTTP_HOST="localhost")
    print(f"\nthe public list before any cluster ({args.repeat} requests a case), load average "
          f"{os.getloadavg()[0]:.2f}")
    before = list_latency(client, args.repeat)

    rng = random.Random(args.seed + 1)
    sample = rng.sample(generated.pairs, min(args.cluster_sample, len(generated.pairs)))
    chosen = {duplicate for _, duplicate in sample}
    started = time.perf_counter()
    paired = pairs_cluster([pair for pair in generated.pairs if pair[1] not in chosen])
    sql_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ordered = clusters_order_check()  # the SQL clusters' list order, as beat's check would put it right
    check_seconds = time.perf_counter() - started
    sample_ids = ids_of([duplicate for _, duplicate in sample])
    samples, _, outcomes = timed_clustering(sample_ids, batch=args.batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobscraper_job")
    print(f"\nclusters: {paired:,} generated pairs by SQL ({sql_seconds:.1f} s; clusters_order_check then stored "
          f"{ordered:,} jobs' list order in {check_seconds:.1f} s), then jobs_cluster on "
          f"{len(sample_ids):,} other duplicates in batches of {args.batch}: {summary(samples)} a posting; "
          f"{', '.join(f'{n:,} {outcome}' for outcome, n in sorted(outcomes.items()))}; "
          f"{JobCluster.objects.count():,} clusters, {Job.objects.filter(cluster__isnull=False).count():,} jobs in one")

    made = new_postings(args, count=args.postings, sizes=sizes, rng=rng)
    halves = {1: made[:len(made) // 2], args.batch: made[len(made) // 2:]}
    print(f"\njobs_cluster for {len(made):,} new postings (one process; the first compare of the process already paid "
          f"for the place tables above): half one at a time, half in batches of {args.batch} (a batch's time shared by "
          f"its postings), load average {os.getloadavg()[0]:.2f}")
    for batch, postings in halves.items():
        samples, candidate_ms, outcomes = timed_clustering([job_id for job_id, _ in postings], batch=batch)
        print(f"  {'one at a time' if batch == 1 else f'in batches of {batch}'}: "
              f"{', '.join(f'{n:,} {outcome}' for outcome, n in sorted(outcomes.items()))}")
        print(f"    all                                      {summary(samples)}")
        for kind in sorted({kind for _, kind in postings}):
            print(f"    {kind:<40} {summary([ms for (_, k), ms in zip(postings, samples) if k == kind])}")
        print(f"    candidate query alone (per query)        {summary(candidate_ms)}")
    largest_new = next(job_id for job_id, kind in made if kind == "a new role, at the largest employer")
    print(f"\njob_cluster once more for a new role at the largest employer (job {largest_new}): its queries")
    explain_candidates(largest_new)

    print(f"\nthe public list with the clusters, as the writes above leave the table ({args.repeat} requests a "
          f"case), load average {os.getloadavg()[0]:.2f}")
    after = list_latency(client, args.repeat)
    with connection.cursor() as cursor:  # as autovacuum leaves it: the "before" list was timed after a VACUUM too
        cursor.execute("VACUUM (ANALYZE) jobscraper_job")
    print(f"\nthe public list with the clusters, after VACUUM (ANALYZE), load average {os.getloadavg()[0]:.2f}")
    vacuumed = list_latency(client, args.repeat)
    print(f"\n{'p95 / p50, ms':<44} {'before':>15} {'after':>15} {'after VACUUM':>15}")
    for name in before:
        print(f"{name:<44}" + "".join(f"{f'{p95:.1f} / {p50:.1f}':>15}" for p50, p95 in
                                      (before[name], after[name], vacuumed[name])))
    print(f"load average (1 min) at the end {os.getloadavg()[0]:.2f} (2 cores: above ~0.5, other processes shared "
          f"them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
