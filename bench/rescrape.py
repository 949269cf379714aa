"""Re-scrape benchmark (issue 21): one Greenhouse board of N postings on loopback, scraped once through
`company_scrape` in this process, then again unchanged K times: postings a second, and what each re-scrape wrote to
the jobs table (PostgreSQL's own counters: rows updated, of them HOT, inserted)."""
import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project, tests/ and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")
# The board is served on 127.0.0.1, which scraping refuses unless allowed; unpaced, as politeness is not measured.
os.environ.update(SCRAPE_ALLOW_PRIVATE_NETWORKS="true", SCRAPE_HOST_INTERVAL="0", SCRAPE_HOST_CONCURRENCY="1000")

from bench.database import servers_required  # noqa: E402
from bench.machine import machine_summary  # noqa: E402
from bench.postings import greenhouse_boards  # noqa: E402
from tests.servers import LoopbackServer, Reply  # noqa: E402

TABLE = "jobscraper_job"
COUNTERS = ("n_tup_upd", "n_tup_hot_upd", "n_tup_ins")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Scrape one loopback Greenhouse board of N postings through company_scrape in this process, then "
        "re-scrape it unchanged K times; print postings/s and the jobs table's rows updated (HOT among them) and "
        "inserted by each. Run it with `make bench-rescrape` (scripts/with_servers.sh)."
    )
    parser.add_argument("--postings", type=int, default=2000, help="postings on the board (default 2,000)")
    parser.add_argument("--again", type=int, default=3, help="unchanged re-scrapes timed (default 3)")
    return parser.parse_args(argv)


def table_counters() -> dict[str, int]:
    """The jobs table's write counters as PostgreSQL has them now (this backend's pending counts flushed first)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")  # PostgreSQL 15: a backend flushes its counts lazily
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(f"SELECT {', '.join(COUNTERS)} FROM pg_stat_user_tables WHERE relname = %s", [TABLE])
        return dict(zip(COUNTERS, cursor.fetchone()))


def scrape(company_id: int) -> tuple[float, dict[str, int], dict]:
    """One company_scrape: (seconds, the jobs table's counters it moved, the run's counts)."""
    from django.db import connection

    from jobscraper.models import Company
    from scraping.services import company_scrape

    before = table_counters()
    started = time.perf_counter()
    outcome = company_scrape(company=Company.objects.get(pk=company_id))
    seconds = time.perf_counter() - started
    connection.close()  # a new backend: the counts of the scrape's own are flushed as it exits
    time.sleep(0.2)
    after = table_counters()
    run = outcome.run
    counts = {"status": run.status, "found": run.found, "new": run.new, "changed": run.changed,
              "unchanged": run.unchanged}
    return seconds, {name: after[name] - before[name] for name in COUNTERS}, counts


def main(argv=None) -> int:
    args = parse_args(argv)
    servers_required("rescrape.py", "bench-rescrape", redis=True)

    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request would bury the table
    from django.core.management import call_command

    from tests.builders import greenhouse_company

    call_command("migrate", verbosity=0, interactive=False)
    [(token, board)] = greenhouse_boards(postings=args.postings, companies=1).items()
    server = LoopbackServer()
    server.routes = {f"/v1/boards/{token}/jobs": Reply.json(board)} | {
        # each job's own answer, which a scrape asks for its pay (pay_input_ranges, here none)
        f"/v1/boards/{token}/jobs/{job['id']}": Reply.json({**job, "pay_input_ranges": []}) for job in board["jobs"]
    }
    server.start()
    try:
        company_id = greenhouse_company(server.url, token=token, name="Rescrape bench").pk
        print(f"machine: {machine_summary()}; load average before: {os.getloadavg()[0]:.2f}")
        print(f"one Greenhouse board of {args.postings:,} postings on loopback, company_scrape in this process\n")
        print(f"{'scrape':<14} {'seconds':>8} {'postings/s':>11} {'rows updated':>13} {'of them HOT':>12} "
              f"{'inserted':>9}  run")
        rates = []
        for number in range(args.again + 1):
            seconds, written, counts = scrape(company_id)
            label = "first" if number == 0 else f"again {number}"
            rate = args.postings / seconds
            if number:
                rates.append(rate)
            print(f"{label:<14} {seconds:8.2f} {rate:11.0f} {written['n_tup_upd']:13,} {written['n_tup_hot_upd']:12,} "
                  f"{written['n_tup_ins']:9,}  {counts}", flush=True)
        print(f"\nunchanged re-scrape: median {statistics.median(rates):.0f} postings/s (target >= 5,000, and 0 job rows "
              f"rewritten); load average at the end {os.getloadavg()[0]:.2f}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
