"""Digest benchmark: N jobs in PostgreSQL (bench/listing.py's loader) with a day's new ones among them, 10,000 saved
searches drawn as visitors make them, then one daily run in its two shares side by side, each its claim (a listing
query per distinct search) and its sending to a real SMTP server on loopback (aiosmtpd's sink, in a process of its
own)."""
import argparse
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project and bench/ become importable

from bench import listing  # noqa: E402 - also sets DJANGO_SETTINGS_MODULE as the listing bench runs
from bench.database import database_create  # noqa: E402
from bench.machine import machine_summary, own_cpu_seconds  # noqa: E402
from bench.postings import TITLES  # noqa: E402

# What a saved search holds, each part with the share of searches that set it: words from the titles, a place, a
# work mode, seniority, a salary floor. Drawn at random, so many visitors save the same search, as on a real board.
WORDS = sorted({word.strip(",").lower() for title, _ in TITLES for word in title.split()} | {"python", "go", "react"})
COUNTRIES = [country for _, _, country, _ in listing.PLACES]
PARTS = [
    (0.8, lambda rng: ("q", " ".join(rng.sample(WORDS, rng.choice((1, 1, 2)))))),
    (0.4, lambda rng: ("country", rng.choice(COUNTRIES))),
    (0.3, lambda rng: ("remote", rng.choice(("remote", "hybrid", "onsite")))),
    (0.2, lambda rng: ("seniority", rng.choice(("junior", "mid", "senior", "lead")))),
    (0.15, lambda rng: ("salary_min", str(rng.randrange(40_000, 150_000, 10_000)))),
]


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Load N jobs (bench/listing.py), make --new of them first seen within the last day, save "
        "--searches alerts, then time one daily digest run: claim, then send over SMTP to a loopback sink. Run it "
        "with `bash scripts/with_servers.sh .venv/bin/python bench/digests.py`."
    )
    parser.add_argument("--jobs", type=int, default=100_000, help="jobs to load (default 100,000)")
    parser.add_argument("--companies", type=int, default=200, help="companies they belong to (default 200)")
    parser.add_argument("--new", type=int, default=2_000, help="of them first seen in the last day (default 2,000)")
    parser.add_argument("--searches", type=int, default=10_000, help="saved searches, one alert each (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def search_query(rng: random.Random) -> str:
    """A saved search as the alert form stores it: the listing's canonical query string."""
    from django.http import QueryDict

    from jobscraper.filters import job_filters_params, job_filters_parse

    pairs = [part(rng) for share, part in PARTS if rng.random() < share]
    return urlencode(job_filters_params(job_filters_parse(QueryDict(urlencode(pairs)))))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_sink() -> tuple[subprocess.Popen, int]:
    """aiosmtpd's Sink (takes every message, keeps none) in a process of its own, so it does not share our CPU time."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c",
                             "aiosmtpd.handlers.Sink"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the SMTP sink did not start")


def run_share(task) -> dict:
    """One share of the run, in a process of its own: its claim, then its sending, each timed."""
    from alerts.digests import digests_claim, digests_send

    now, part, parts = task
    cpu, wall = own_cpu_seconds(), time.perf_counter()
    counts = digests_claim(frequency="daily", now=now, part=part, parts=parts)
    share = {"claim wall": time.perf_counter() - wall, "claim cpu": own_cpu_seconds() - cpu}
    cpu, wall = own_cpu_seconds(), time.perf_counter()
    counts += digests_send(part=part, parts=parts)
    share.update({"send wall": time.perf_counter() - wall, "send cpu": own_cpu_seconds() - cpu, "counts": dict(counts)})
    return share


def main(argv=None) -> int:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench/digests.py needs PostgreSQL: run it with "
                 "`bash scripts/with_servers.sh .venv/bin/python bench/digests.py`.")
    database_create(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from django.db import connections

    from alerts.digests import SETTLE, digests_claim
    from alerts.tasks import DIGEST_PARTS
    from alerts.models import Send, Subscription
    from jobscraper.models import Job

    print(f"machine: {machine_summary()}; load average before: {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    listing.load(argparse.Namespace(jobs=args.jobs, companies=args.companies, seed=args.seed))
    now = timezone.now()
    with connection.cursor() as cursor:
        # A day's new jobs: the last --new stored (jobs get their ids as they are first seen), first seen at random
        # within the day, open and unposted; the loader's others that fell within the day are moved a day back.
        cursor.execute("UPDATE jobscraper_job SET first_seen_at = first_seen_at - interval '1 day' "
                       "WHERE first_seen_at > %s - interval '1 day'", [now - SETTLE])
        cursor.execute(
            "UPDATE jobscraper_job SET first_seen_at = %s - random() * interval '1 day', date_posted = NULL, "
            "status = 'open', closed_at = NULL WHERE id IN (SELECT id FROM jobscraper_job ORDER BY id DESC LIMIT %s)",
            [now - SETTLE, args.new],
        )
        cursor.execute("ANALYZE jobscraper_job")
    public_new = Job.objects.public().filter(first_seen_at__gt=now - SETTLE - timedelta(days=1)).count()
    print(f"loaded {args.jobs:,} jobs, {public_new:,} of them public and new within the day, in "
          f"{time.perf_counter() - started:.1f} s")

    rng = random.Random(args.seed)
    since = now - SETTLE - timedelta(days=1)
    Subscription.objects.bulk_create(
        Subscription(email=f"reader{n}@example.org", query=search_query(rng), frequency="daily", status="active",
                     confirmed_at=since, covered_until=since)
        for n in range(args.searches)
    )
    distinct = Subscription.objects.values("query").distinct().count()
    print(f"{args.searches:,} saved searches, {distinct:,} distinct")

    sink, port = smtp_sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    connections.close_all()  # each share's process opens its own
    try:
        # The run's shares side by side in processes of their own, as the scrape worker's two children run them.
        wall = time.perf_counter()
        with ProcessPoolExecutor(DIGEST_PARTS, mp_context=multiprocessing.get_context("fork")) as pool:
            shares = list(pool.map(run_share, [(now, part, DIGEST_PARTS) for part in range(DIGEST_PARTS)]))
        run_wall = time.perf_counter() - wall
        wall = time.perf_counter()
        quiet = digests_claim(frequency="daily", now=now + timedelta(minutes=10))
        quiet_wall = time.perf_counter() - wall
    finally:
        sink.terminate()
        sink.wait()

    jobs_listed = sum(len(ids) for ids in Send.objects.values_list("job_ids", flat=True))
    print()
    for part, share in enumerate(shares):
        print(f"share {part + 1} of {DIGEST_PARTS}: claim {share['claim wall']:5.1f} s wall ({share['claim cpu']:4.1f} s CPU), "
              f"send {share['send wall']:5.1f} s wall ({share['send cpu']:4.1f} s CPU) | {share['counts']}")
    sent = sum(share["counts"].get("sent", 0) for share in shares)
    print(f"run:   {run_wall:6.1f} s for {args.searches:,} saved searches over {public_new:,} new jobs: {sent:,} emails "
          f"({sent / run_wall:.0f} a second), {jobs_listed:,} job lines")
    print(f"a quiet run 10 minutes later (nothing new in the window): {quiet_wall:.1f} s | {dict(quiet)}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
