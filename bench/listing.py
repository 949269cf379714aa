"""Listing benchmark: N realistic jobs in PostgreSQL, then the public pages' server-side latency, p50/p95/p99."""
import argparse
import gc
import html
import json
import os
import random
import re
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")
# Pages reuse their database connection, as a deployment does with CONN_MAX_AGE; a new connection per request
# would add its ~3 ms set-up to every figure.
os.environ.setdefault("CONN_MAX_AGE", "600")
# The API's cases ask hundreds of times a minute from one address: its rate limit still counts each in Redis.
os.environ.setdefault("API_RATE_LIMIT", str(10**9))

from bench.database import servers_required  # noqa: E402
from bench.machine import machine_summary  # noqa: E402
from bench.postings import COMPANY_NAMES, TITLES, posting_html  # noqa: E402

COMPANY_SUFFIXES = ["", "Group", "Labs", "Europe", "Americas", "Digital", "Systems", "Studio", "Partners", "Holdings"]
# (city, region, country, currency): where postings are, and what they pay in.
PLACES = [
    ("Berlin", "", "DE", "EUR"), ("Munich", "", "DE", "EUR"), ("Amsterdam", "", "NL", "EUR"),
    ("Paris", "", "FR", "EUR"), ("Lisbon", "", "PT", "EUR"), ("Dublin", "", "IE", "EUR"), ("London", "", "GB", "GBP"),
    ("Toronto", "ON", "CA", "CAD"),
    ("New York", "NY", "US", "USD"), ("San Francisco", "CA", "US", "USD"), ("Austin", "TX", "US", "USD"),
    ("Singapore", "", "SG", "SGD"),
]
REMOTE = (["onsite", "hybrid", "remote", "unknown"], [35, 35, 20, 10])
EMPLOYMENT = (["full_time", "contract", "part_time", "internship", "unknown"], [80, 8, 5, 4, 3])
SENIORITY = (["unknown", "junior", "mid", "senior", "lead", "manager", "director"], [30, 10, 20, 25, 7, 6, 2])
STATUS = (["open", "closed"], [85, 15])
REVIEW = (["unreviewed", "approved", "rejected"], [80, 17, 3])
SALARY_SHARE = 0.4  # of postings that state pay (as bench/postings.py)
# Bench-made round rates, units per euro, for the currencies PLACES pay in, on every weekday of the jobs' history (as
# the ECB publishes: a job first seen on a weekend converts at the Friday's rate).
RATES_PER_EURO = {"GBP": "0.85", "USD": "1.10", "CAD": "1.50", "SGD": "1.45"}
HISTORY_DAYS = 365  # first_seen_at spreads over this many days before now
COPY_COLUMNS = (
    "company_id", "external_id", "source_url", "content_hash", "raw_content", "description_html", "source_data",
    "also_listed_on", "source_origin", "title", "locations", "remote", "employment_type", "seniority", "department",
    "salary_min", "salary_max", "salary_currency", "salary_period", "salary_annual_min", "salary_annual_max",
    "skills", "requirements", "benefits", "visa_sponsorship", "date_posted", "summary", "field_sources", "status",
    "first_seen_at", "last_seen_at", "closed_at", "extraction_state", "extraction_engine", "extracted_hash",
    "extraction_error", "extraction_attempts", "review_status", "created_at", "updated_at",
)
SOURCE_KINDS = ["greenhouse", "lever", "ashby", "workday", "career_page"]
SKILLS = ["Python", "Go", "Java", "PostgreSQL", "Kubernetes", "AWS", "React", "TypeScript", "dbt", "Spark", "SQL"]
TAG = re.compile(r"<[^>]+>")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Load N realistic jobs into PostgreSQL (COPY), then time the public list, search, filters, a deep "
        "page and the detail page in-process (Django test client, whole middleware stack) and print p50/p95/p99 and "
        "the slowest case's query plans. Run it with `make bench-listing` (scripts/with_servers.sh gives fresh "
        "servers)."
    )
    parser.add_argument("--jobs", type=int, default=500_000, help="jobs to load (default 500,000)")
    parser.add_argument("--companies", type=int, default=200, help="companies they belong to (default 200)")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per case (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="time only the cases whose name contains this (e.g. salary)")
    return parser.parse_args(argv)


def company_names(count: int) -> list[str]:
    names = [f"{name} {suffix}".strip() for suffix in COMPANY_SUFFIXES for name in COMPANY_NAMES]
    if count > len(names):
        raise SystemExit(f"--companies must be at most {len(names)}")
    return names[:count]


def postings_pool(rng: random.Random, names: list[str]) -> dict[tuple[int, int], tuple[str, str]]:
    """(company index, title index) -> (description HTML, its text): one real-looking posting per pair, reused by
    that company's openings of that title (what a company re-posting a role looks like)."""
    pool = {}
    for company_index, company in enumerate(names):
        for title_index, (title, department) in enumerate(TITLES):
            markup = posting_html(rng, company=company, title=title, department=department, location="Berlin, Germany")
            pool[company_index, title_index] = (markup, posting_text(markup))
    return pool


def posting_text(markup: str) -> str:
    """A posting's text as a scrape stores it beside its HTML (raw_content)."""
    return html.unescape(TAG.sub(" ", markup))


def _pick(rng, choices):
    return rng.choices(*choices)[0]


def job_rows(*, count: int, companies: list, pool: dict, rng: random.Random, now):
    """COPY rows in COPY_COLUMNS order."""
    for number in range(count):
        company_index = rng.randrange(len(companies))
        title_index = rng.randrange(len(TITLES))
        title, department = TITLES[title_index]
        markup, text = pool[company_index, title_index]
        yield job_row(number, company=companies[company_index], company_index=company_index, title=title,
                      department=department, markup=markup, text=text, rng=rng, now=now)


def job_row(number: int, *, company, company_index: int, title: str, department: str, markup: str, text: str,
            rng: random.Random, now) -> tuple:
    """One COPY row in COPY_COLUMNS order: job `number` of `company`, its posting `markup` and `text`, the rest drawn
    from `rng` (places, pay, dates, status)."""
    places = rng.sample(PLACES, 1 if rng.random() < 0.85 else 2)
    locations = [
        {"name": ", ".join(part for part in (city, region or country) if part), "city": city, "region": region,
         "country": country}
        for city, region, country, _ in places
    ]
    salary = [None, None, "", "", None, None]  # min, max, currency, period, annual min, annual max
    if rng.random() < SALARY_SHARE:
        low = Decimal(rng.randrange(35_000, 180_000, 5_000))
        high = low + rng.randrange(5_000, 50_000, 5_000)
        salary = [low, high, places[0][3], "year", low, high]
    first_seen = now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 86400))
    status = _pick(rng, STATUS)
    return (
        company.pk, f"bench-{number}", f"https://jobs.example/{company_index}/{number}",
        f"{number:064x}", text, markup, "{}", "[]", "ats", title, _json(locations), _pick(rng, REMOTE),
        _pick(rng, EMPLOYMENT), _pick(rng, SENIORITY), department, *salary,
        _json(rng.sample(SKILLS, rng.randint(2, 5))), "[]", "[]", "unknown", first_seen.date(),
        f"{title} at {company.name}, {department.lower()} team.", "{}", status, first_seen,
        first_seen, first_seen if status == "closed" else None, "done", "rules", f"{number:064x}", "", 1,
        _pick(rng, REVIEW), first_seen, first_seen,
    )


def _json(value) -> str:
    return json.dumps(value)


def load(args, *, names: list[str] | None = None, rows=None) -> dict[str, float]:
    """Create companies and COPY the jobs in, then build what migration 0007 adds (as an upgrade would). `names` and
    `rows(companies, rng, now)` (COPY rows) replace the listing's companies and jobs (bench/clustering.py's)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.utils import timezone

    timings = {}
    started = time.perf_counter()
    # Load into the schema before the search migration, then apply it: bulk-building its GIN index after COPY is
    # several times faster than growing it row by row, and the migration's backfill is measured at scale on the way.
    call_command("migrate", verbosity=0, interactive=False)
    call_command("migrate", "jobscraper", "0006", verbosity=0, interactive=False)  # the table still empty
    # Companies as that schema has them: the model of migration 0006, not today's (which has later columns).
    loader = MigrationLoader(connection)
    before_search = loader.get_migration_by_prefix("jobscraper", "0006")
    Company = loader.project_state(("jobscraper", before_search.name)).apps.get_model("jobscraper", "Company")
    rng = random.Random(args.seed)
    names = names or company_names(args.companies)
    companies = Company.objects.bulk_create(
        Company(name=name, careers_url=f"https://{number}.example/careers", source_kind=rng.choice(SOURCE_KINDS))
        for number, name in enumerate(names)
    )
    if rows is None:
        pool = postings_pool(rng, names)

        def rows(companies, rng, now):
            return job_rows(count=args.jobs, companies=companies, pool=pool, rng=rng, now=now)
    timings["generate postings pool"] = time.perf_counter() - started

    started = time.perf_counter()
    jobs_copy(rows(companies, rng, timezone.now()))
    timings["COPY jobs"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")  # the GIN build sorts in memory, not on disk
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate 0007 (backfill tsvector, build indexes)"] = time.perf_counter() - started

    started = time.perf_counter()
    converted = salaries_convert(now=timezone.now())
    timings[f"rates, and {converted:,} salaries in the base currency"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) jobscraper_job")  # visibility map for index-only scans, fresh statistics
        cursor.execute("ANALYZE")
    timings["VACUUM ANALYZE"] = time.perf_counter() - started
    return timings


def jobs_copy(rows, columns=COPY_COLUMNS) -> None:
    """COPY `rows` (tuples in `columns` order) into the job table, as migration 0006 has it (its last-seen column moves
    into jobscraper.sightings with migration 0026, which the load then applies, as an upgrade does)."""
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY jobscraper_job ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def salaries_convert(*, now) -> int:
    """Exchange rates for the jobs' history, then every salary's figures in the base currency (one UPDATE), as an
    upgrade's backfill would; returns how many salaries were converted."""
    from jobscraper.exchange_rates import ExchangeRate, jobs_salary_convert
    from jobscraper.models import Job

    first = (now - timedelta(days=HISTORY_DAYS + 7)).date()
    days = [first + timedelta(days=n) for n in range((now.date() - first).days + 1)]
    ExchangeRate.objects.bulk_create(
        ExchangeRate(currency=code, day=day, per_euro=Decimal(rate), source="bench")
        for day in days if day.weekday() < 5 for code, rate in RATES_PER_EURO.items()
    )
    return jobs_salary_convert(jobs=Job.objects.all())


def cases() -> list[tuple[str, str]]:
    from jobscraper.models import Job

    detail_ids = list(Job.objects.public().order_by("?").values_list("id", flat=True)[:100])
    return [
        ("no filter", "/"),
        ("text search (python), most relevant first", "/?q=python"),
        ("text search (python), newest first", "/?q=python&sort=newest"),
        ('text search ("machine learning")', "/?q=%22machine+learning%22"),
        ("text search + 3 filters", "/?q=engineer&country=DE&remote=hybrid&type=full_time"),
        ("salary sort", "/?sort=salary"),
        ("salary sort + min salary", "/?sort=salary&salary_min=100000&currency=USD"),
        ("deep page 500", "/?page=500"),
        ("job detail", [f"/jobs/{pk}/" for pk in detail_ids]),
        ("api: no filter", "/api/v1/jobs"),
        ("api: text search (python)", "/api/v1/jobs?q=python"),
        ("api: text search + 3 filters", "/api/v1/jobs?q=engineer&country=DE&remote=hybrid&type=full_time"),
        ("api: salary sort + min salary", "/api/v1/jobs?sort=salary&salary_min=100000&currency=USD"),
        ("api: 100 a page", "/api/v1/jobs?limit=100"),
        ("api: cursor as deep as page 500", deep_cursor_url()),
        ("api: job with history", [f"/api/v1/jobs/{pk}" for pk in detail_ids]),
        ("api: companies", "/api/v1/companies?limit=100"),
    ]


def deep_cursor_url() -> str:
    """The API's next page after as many jobs as the list's first 499 pages hold, reached by following `next`."""
    from django.test import Client

    client, url = Client(HTTP_HOST="localhost"), "/api/v1/jobs?limit=100"
    for _ in range(499 * 25 // 100):
        url = client.get(url).json()["next"]
    return url.removeprefix("http://localhost")


def measure(client, urls, repeat: int) -> list[float]:
    urls = urls if isinstance(urls, list) else [urls]
    for url in urls[:5]:  # warm-up: templates compiled, plans cached, pages in shared buffers
        assert client.get(url).status_code == 200, url
    samples = []
    for n in range(repeat):
        url = urls[n % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return samples


class GcPauses:
    """The garbage collector's pauses in this process from now on, per generation: a stall inside one request that
    the page itself did not cause."""

    def __init__(self):
        self.started, self.pauses = {}, {0: [], 1: [], 2: []}
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self.started[info["generation"]] = time.perf_counter()
        else:
            self.pauses[info["generation"]].append((time.perf_counter() - self.started[info["generation"]]) * 1000)

    def summary(self) -> str:
        return ", ".join(
            f"gen {generation} {len(ms)} x, max {max(ms, default=0):.1f} ms, total {sum(ms):.0f} ms"
            for generation, ms in self.pauses.items()
        )


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def explain(client, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    for query in captured.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\n-- {query['sql'][:300]}{'…' if len(query['sql']) > 300 else ''}\n{plan}")


def main(argv=None) -> int:
    args = parse_args(argv)
    servers_required("listing.py", "bench-listing")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from jobscraper.models import Job

    print(f"machine: {machine_summary()}; load average before: {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    timings = load(args)
    public = Job.objects.public().count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('jobscraper_job')), version()")
        size, version = cursor.fetchone()
    print(f"loaded {args.jobs:,} jobs ({public:,} public) over {args.companies} companies in "
          f"{time.perf_counter() - started:.1f} s; table with TOAST and indexes: {size}; {version.split(',')[0]}")
    for step, seconds in timings.items():
        print(f"  {step:<50} {seconds:7.1f} s")

    import jobscraper.wsgi  # noqa: F401 - the page is served as gunicorn serves it, after the app's start-up

    client = Client(HTTP_HOST="localhost")
    results = []
    pauses = GcPauses()
    load_before = os.getloadavg()[0]
    print(f"\n{'case':<36} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}   ({args.repeat} requests each)")
    for name, urls in cases():
        if args.only not in name:
            continue
        samples = measure(client, urls, args.repeat)
        results.append((percentile(samples, 0.95), name, urls))
        print(f"{name:<36} {statistics.median(samples):8.1f} {percentile(samples, 0.95):8.1f} "
              f"{percentile(samples, 0.99):8.1f} {max(samples):8.1f}", flush=True)
    if not results:
        raise SystemExit(f"no case's name contains {args.only!r}")
    print(f"load average (1 min) before timing {load_before:.2f}, after {os.getloadavg()[0]:.2f} "
          f"(2 cores: above ~0.5, other processes shared them)")
    print(f"this process's garbage collections during the timing: {pauses.summary()}")

    p95, name, urls = max(results, key=lambda result: result[0])
    url = urls[0] if isinstance(urls, list) else urls
    print(f"\nslowest at p95: {name} ({p95:.1f} ms), {url}: its queries and their plans")
    explain(client, url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
