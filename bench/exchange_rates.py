"""What converting salaries costs in PostgreSQL (`make bench-rates`): N jobs that state a salary (bench/listing.py's
realistic rows, every one with pay, listed over a year), a year of daily rates for their currencies, then
exchange_rates.jobs_salary_convert over every job, against exchange_rates_store as the daily refresh calls it (today's
rates, converting the jobs listed since) and as loading a 90-day file over them does (the jobs of 90 days)."""
import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

from bench.database import servers_required  # noqa: E402

RATE_DAYS = 365  # days of rates before today, working days only (as the ECB publishes)
# Units per euro, the ECB's of 25 February 2025 (jobscraper/data/exchange_rates/), drifted a little each day below.
PER_EURO = {"USD": "1.0497", "GBP": "0.82908", "CAD": "1.4969", "SGD": "1.4047", "CHF": "0.9386", "JPY": "157.19"}


def _rates(days):
    from jobscraper.exchange_rates import ExchangeRate

    return [ExchangeRate(currency=code, day=day, source="bench",
                         per_euro=(Decimal(rate) * (1 + Decimal(day.day) / 1000)).quantize(Decimal("0.000001")))
            for day in days for code, rate in PER_EURO.items()]


def _say(what: str, seconds: list[float]) -> None:
    runs = ", ".join(f"{run:.2f}" for run in seconds)
    print(f"{what}: median {statistics.median(seconds):.2f} s (runs: {runs})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--companies", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    servers_required("exchange_rates.py", "bench-rates")

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    import bench.listing as listing
    from jobscraper.exchange_rates import ExchangeRate, exchange_rates_store, jobs_salary_convert
    from jobscraper.models import Job

    listing.SALARY_SHARE = 1.0  # every job states pay: the worst case for a conversion of all of them
    started = time.perf_counter()
    listing.load(argparse.Namespace(jobs=args.jobs, companies=args.companies, seed=args.seed))
    print(f"loaded {args.jobs:,} jobs in {time.perf_counter() - started:.0f} s")

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('jobscraper_job'))")
        print(f"jobscraper_job: {cursor.fetchone()[0]}")
    today = timezone.now().date()
    days = [day for day in (today - timedelta(days=back) for back in range(1, RATE_DAYS)) if day.weekday() < 5]
    ExchangeRate.objects.all().delete()
    ExchangeRate.objects.bulk_create(_rates(days))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) jobscraper_exchangerate")
    print(f"{len(days) * len(PER_EURO):,} rates over {len(days)} working days before today; "
          f"{Job.objects.count():,} jobs")

    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        converted = jobs_salary_convert(jobs=Job.objects.all())
        seconds.append(time.perf_counter() - started)
    _say(f"convert every job ({converted:,})", seconds)

    # The daily refresh: today's rates stored, the jobs listed since converted again (deleted between runs).
    seconds = []
    for _ in range(args.repeat):
        ExchangeRate.objects.filter(day=today).delete()
        started = time.perf_counter()
        stored = exchange_rates_store(source="bench", rates=[(rate.currency, rate.day, rate.per_euro)
                                                             for rate in _rates([today])])
        seconds.append(time.perf_counter() - started)
    _say(f"store today's {stored.added} rates, converting the {stored.jobs_converted:,} jobs listed today", seconds)

    # A 90-day history whose every rate differs from the stored ones (a first load over existing jobs).
    recent = [day for day in days if day >= today - timedelta(days=90)]
    started = time.perf_counter()
    stored = exchange_rates_store(source="bench", rates=[(rate.currency, rate.day, rate.per_euro * 2)
                                                         for rate in _rates(recent)])
    _say(f"store 90 days of rates ({stored.corrected:,} corrected), converting the {stored.jobs_converted:,} jobs "
         "listed since", [time.perf_counter() - started])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('jobscraper_job'))")
        print(f"jobscraper_job after the updates: {cursor.fetchone()[0]} (dead row versions until VACUUM)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
