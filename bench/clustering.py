"""Clustering benchmark: N jobs over skewed employers in PostgreSQL, then jobs_cluster's cost per new posting (one at
a time, and in batches as extraction stores them) and the public list's latency before and after clusters exist."""
import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project and bench/ become importable

from bench import listing  # noqa: E402 - also sets DJANGO_SETTINGS_MODULE and CONN_MAX_AGE as the listing bench runs
from bench.database import servers_required  # noqa: E402
from bench.machine import machine_summary  # noqa: E402
from bench.postings import TITLES, posting_html  # noqa: E402

LEVELS = ["", "", "Junior", "Senior", "Senior", "Lead", "Staff", "Principal"]
TEAMS = ["", "", "", "Payments", "Platform", "Growth", "Data", "Mobile", "Security", "Infrastructure"]
# How an employer's second posting of one job, or a board's copy, writes the same title.
TITLE_CHANGES = [
    lambda title: title, lambda title: title, lambda title: f"{title} (m/w/d)", lambda title: f"{title} (all genders)",
    lambda title: title.replace("Senior ", "Sr. "),
]
BOARDS = ["linkedin", "indeed", "glassdoor"]
BOARD_SHARE = 0.5  # of the duplicates: a job board's copy (the rest: the employer's own posting listed twice)
LARGEST_SHARE = 0.1  # of the new postings timed: at the largest employer, the candidate query's worst case
# Migration 0021 builds the candidate index (on empty keys, in an upgrade); the bench builds it again as the model
# declares it once the keys are stored.
CANDIDATES_INDEX = "job_cluster_candidates"
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


def employer_sizes(*, jobs: int, employers: int, largest: int) -> list[int]:
    """Jobs per employer, largest first: the i-th has ~i^-s of them (Zipf-like), s chosen so that the first has
    `largest` of `jobs`; every employer has one at least."""
    low, high = 0.0, 4.0
    for _ in range(40):
        exponent = (low + high) / 2
        weights = [(rank + 1) ** -exponent for rank in range(employers)]
        if weights[0] / sum(weights) < largest / jobs:
            low = exponent
        else:
            high = exponent
    total = sum(weights)
    return [max(1, round(jobs * weight / total)) for weight in weights]


def employer_names(count: int) -> list[str]:
    base = listing.company_names(200)
    return [f"{base[number % len(base)]} {number // len(base) + 1}" for number in range(count)]


def role(rng: random.Random) -> tuple[str, str]:
    """(title, department): one of bench/postings.py's titles with a level and a team, ~700 titles in all."""
    title, department = rng.choice(TITLES)
    level, team = rng.choice(LEVELS), rng.choice(TEAMS)
    return " ".join(filter(None, (level, title))) + (f" - {team}" if team else ""), department


class Generated:
    """What the row generator made, for the steps after the load: each job's keys, and the duplicate pairs."""

    def __init__(self):
        self.keys = []  # (external id, employer key, title key)
        self.pairs = []  # (original's external id, duplicate's external id)


def _set(row: tuple, **values) -> tuple:
    row = list(row)
    for column, value in values.items():
        row[listing.COPY_COLUMNS.index(column)] = value
    return tuple(row)


def _column(row: tuple, column: str):
    return row[listing.COPY_COLUMNS.index(column)]


def duplicate_row(original: tuple, number: int, *, company, company_index: int, rng: random.Random, now) -> tuple:
    """A posting of `original`'s job: the employer's own posting again, or a job board's copy naming the employer;
    its title written as it (or lightly changed), its text and places the same, its dates and pay drawn afresh."""
    title = rng.choice(TITLE_CHANGES)(_column(original, "title"))
    row = listing.job_row(
        number, company=company, company_index=company_index, title=title, department=_column(original, "department"),
        markup=_column(original, "description_html"), text=_column(original, "raw_content"), rng=rng, now=now,
    )
    row = _set(row, locations=_column(original, "locations"))
    if rng.random() < BOARD_SHARE:
        employer = company.name + rng.choice(["", " Inc.", " GmbH"])
        row = _set(row, external_id=f"{rng.choice(BOARDS)}:bench-{number}", source_origin="board",
                   source_data=json.dumps({"company": employer, "title": title}))
    return row


def keys_of(row: tuple, company_name: str) -> tuple[str, str, str]:
    """(external id, employer key, title key) as extraction.clustering.jobs_cluster stores them: the employer a board
    row names, else the company's (employer_of)."""
    from extraction.clustering import title_key
    from extraction.duplicates.employers import name_key

    employer = json.loads(_column(row, "source_data")).get("company") or company_name
    return _column(row, "external_id"), name_key(employer)[:200], title_key(_column(row, "title"))


def rows_maker(args, sizes: list[int], generated: Generated):
    """bench/listing.load's `rows`: args.jobs jobs over employers sized `sizes`, each with its own text, and
    args.duplicates of them repeating the job just before them at the same employer."""
    copy_chance = args.duplicates / (1 - args.duplicates)  # after each original, so that duplicates are that share

    def rows(companies, rng, now):
        slots = [index for index, size in enumerate(sizes) for _ in range(size)]
        rng.shuffle(slots)
        number = 0
        for index in slots:
            if number >= args.jobs:
                return
            company = companies[index]
            title, department = role(rng)
            markup = posting_html(rng, company=company.name, title=title, department=department,
                                  location=rng.choice(listing.PLACES)[0])
            row = listing.job_row(number, company=company, company_index=index, title=title, department=department,
                                  markup=markup, text=listing.posting_text(markup), rng=rng, now=now)
            generated.keys.append(keys_of(row, company.name))
            yield row
            number += 1
            if number < args.jobs and rng.random() < copy_chance:
                copy = duplicate_row(row, number, company=company, company_index=index, rng=rng, now=now)
                generated.keys.append(keys_of(copy, company.name))
                generated.pairs.append((_column(row, "external_id"), _column(copy, "external_id")))
                yield copy
                number += 1

    return rows


def _copy_temp(cursor, table: str, columns: str, rows) -> None:
    cursor.execute(f"CREATE TEMP TABLE {table} ({columns})")
    with cursor.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def keys_store(generated: Generated) -> dict[str, float]:
    """Store every job's keys (bench/listing.load COPYs at migration 0006's schema, before the key columns exist),
    then build the candidate index as migration 0021 does; returns timings, and the index's size in MB."""
    from django.db import connection

    timings = {}
    started = time.perf_counter()
    with connection.connection.cursor() as cursor:
        _copy_temp(cursor, "bench_keys", "external_id text, employer_key text, title_key text", generated.keys)
        cursor.execute("DROP INDEX job_cluster_candidates")  # 0021 built it over empty keys
        cursor.execute(
            "UPDATE jobscraper_job j SET employer_key = k.employer_key, title_key = k.title_key FROM bench_keys k "
            "WHERE j.external_id = k.external_id"
        )
        cursor.execute("DROP TABLE bench_keys")
    timings["store keys (COPY to a temporary table, one UPDATE)"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")  # as bench/listing.load sets for its GIN index
        cursor.execute(_index_sql(CANDIDATES_INDEX))
        timings["build the candidate index (as migration 0021 does)"] = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute("VACUUM (ANALYZE) jobscraper_job")
        timings["VACUUM ANALYZE after the keys"] = time.perf_counter() - started
        cursor.execute("SELECT pg_relation_size('job_cluster_candidates')")
        timings["index MB"] = cursor.fetchone()[0] / 2**20
    return timings


def _index_sql(name: str) -> str:
    """The CREATE INDEX statement of the job model's index `name`, as a migration runs it."""
    from django.db import connection

    from jobscraper.models import Job

    [index] = [index for index in Job._meta.indexes if index.name == name]
    with connection.schema_editor(collect_sql=True) as editor:
        return str(index.create_sql(Job, editor))


def pairs_cluster(pairs: list[tuple[str, str]]) -> int:
    """Put each generated pair in a cluster of its own by SQL (the cluster's id is the duplicate's job id), for the
    pairs jobs_cluster did not match; returns how many."""
    from django.db import connection

    with connection.connection.cursor() as cursor:
        _copy_temp(cursor, "bench_pairs", "original text, duplicate text", pairs)
        cursor.execute(
            "CREATE TEMP TABLE bench_pair_ids AS SELECT o.id AS original, d.id AS duplicate, "
            "least(o.first_seen_at, d.first_seen_at) AS first_seen_at FROM bench_pairs p "
            "JOIN jobscraper_job o ON o.external_id = p.original JOIN jobscraper_job d ON d.external_id = p.duplicate "
            "WHERE o.cluster_id IS NULL AND d.cluster_id IS NULL"
        )
        cursor.execute(
            "INSERT INTO jobscraper_jobcluster (id, first_seen_at, created_at, updated_at) "
            "SELECT duplicate, first_seen_at, now(), now() FROM bench_pair_ids"
        )
        count = cursor.rowcount
        cursor.execute("SELECT setval(pg_get_serial_sequence('jobscraper_jobcluster', 'id'), "
                       "(SELECT coalesce(max(id), 0) + 1 FROM jobscraper_jobcluster), false)")
        cursor.execute(
            "UPDATE jobscraper_job j SET cluster_id = p.duplicate, cluster_match = '{\"by\": \"bench\"}' "
            "FROM bench_pair_ids p WHERE j.id = p.original OR j.id = p.duplicate"
        )
        cursor.execute("DROP TABLE bench_pairs, bench_pair_ids")
    return count


def ids_of(external_ids: list[str]) -> list[int]:
    from jobscraper.models import Job

    found = dict(Job.objects.filter(external_id__in=external_ids).values_list("external_id", "pk"))
    return [found[external_id] for external_id in external_ids]


def new_postings(args, *, count: int, sizes: list[int], rng: random.Random) -> list[tuple[int, str]]:
    """`count` postings stored as a scrape and their extraction store them (with their keys): half repeat a stored
    open job (LARGEST_SHARE of them at the largest employer), half are new roles at employers drawn by size
    (LARGEST_SHARE at the largest). Returns (job id, what it is)."""
    from django.db.models import JSONField
    from django.utils import timezone

    from extraction.clustering import cluster_keys
    from jobscraper.models import Company, Job

    names = employer_names(args.employers)
    companies = {company.name: company for company in Company.objects.all()}
    largest = companies[names[0]]
    now = timezone.now()
    public = Job.objects.public()
    at_largest = list(public.filter(company=largest).values_list("pk", flat=True))
    anywhere = list(public.values_list("pk", flat=True))
    made = []
    for n in range(count):
        number = args.jobs + n
        at_the_largest = (n // 2) % round(1 / LARGEST_SHARE) == 0  # of each kind
        if n % 2 == 0:
            original = Job.objects.select_related("company").get(
                pk=rng.choice(at_largest if at_the_largest else anywhere))
            company = original.company
            original_row = _set(
                tuple(None for _ in listing.COPY_COLUMNS), title=original.title, department=original.department,
                description_html=original.description_html, raw_content=original.raw_content,
                locations=json.dumps(original.locations),
            )
            row = duplicate_row(original_row, number, company=company, company_index=company.pk, rng=rng, now=now)
            kind = "repeats a stored job"
        else:
            company = largest if at_the_largest else companies[names[rng.choices(range(len(sizes)), sizes)[0]]]
            title, department = role(rng)
            markup = posting_html(rng, company=company.name, title=title, department=department, location="Berlin")
            row = listing.job_row(number, company=company, company_index=company.pk, title=title,
                                  department=department, markup=markup, text=listing.posting_text(markup), rng=rng,
                                  now=now)
            kind = "a new role"
        # Open and public, first seen now: a posting just scraped.
        row = _set(row, status="open", closed_at=None, review_status="approved", first_seen_at=now, last_seen_at=now,
                   created_at=now, updated_at=now)
        fields = {
            column: json.loads(value) if isinstance(Job._meta.get_field(column), JSONField) else value
            for column, value in zip(listing.COPY_COLUMNS, row)
        }
        job = Job(**fields)
        for name, value in cluster_keys(job).items():  # as storing its extraction writes them
            setattr(job, name, value)
        job.save()
        made.append((job.pk, kind + (", at the largest employer" if company.pk == largest.pk else "")))
    return made


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
    sample_ids = ids_of([duplicate for _, duplicate in sample])
    samples, _, outcomes = timed_clustering(sample_ids, batch=args.batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobscraper_job")
    print(f"\nclusters: {paired:,} generated pairs by SQL ({sql_seconds:.1f} s), then jobs_cluster on "
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
