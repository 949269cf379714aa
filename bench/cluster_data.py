"""The clustering benchmark's data: jobs over employers sized like a power law, some of them a duplicate of the job
before them (the employer's own posting listed twice, or a job board's copy), their cluster keys, the pairs clustered
by SQL, and new postings stored as a scrape and their extraction store them (bench/clustering.py times the rest)."""
import json
import random
import time

from bench import listing
from bench.postings import TITLES, posting_html

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
    from jobscraper.sightings import jobs_seen

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
        row = _set(row, status="open", closed_at=None, review_status="approved", first_seen_at=now,
                   created_at=now, updated_at=now)
        fields = {  # COPY_COLUMNS are migration 0006's: last seen is a sighting now
            column: json.loads(value) if isinstance(Job._meta.get_field(column), JSONField) else value
            for column, value in zip(listing.COPY_COLUMNS, row) if column != "last_seen_at"
        }
        job = Job(**fields)
        for name, value in cluster_keys(job).items():  # as storing its extraction writes them
            setattr(job, name, value)
        job.save()
        jobs_seen([job.pk], seen_at=now)
        made.append((job.pk, kind + (", at the largest employer" if company.pk == largest.pk else "")))
    return made
