"""Two `celery beat` processes on one database: each company is still scraped once per period."""
import os
import subprocess
import sys
import time

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from jobscraper.models import ScrapeRun
from tests.builders import greenhouse_company
from tests.polling import wait_for
from tests.faults.harness import SCRAPE_TASK, boards_with_references, report, serve_boards
from tests.workers import ROOT

pytestmark = [pytest.mark.faults, pytest.mark.celery]

PERIOD = 4  # seconds between a company's scheduled scrapes (set in beat's admin, as an operator may)
BEATS_RUN = 18  # seconds both beats run: four periods and a little


def _start_beat(env: dict, log_path) -> subprocess.Popen:
    # --max-interval 1: each beat looks at the schedule every second, so both fire close to the due time.
    cmd = [sys.executable, "-m", "celery", "-A", "jobscraper", "beat", "-S",
           "jobscraper.beat:Scheduler", "--max-interval", "1", "-l", "INFO"]
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)


def test_two_beats_scrape_each_company_once_per_period(loopback, fault_workers, broker, own_redis, settings, scratch):
    # given two companies scheduled every PERIOD seconds, and a scrape worker
    boards = boards_with_references(postings=20, companies=2)
    serve_boards(loopback, boards)
    companies = [greenhouse_company(loopback.url, token=token, name=f"{token} (faults)") for token in boards]
    every, _ = IntervalSchedule.objects.get_or_create(every=PERIOD, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(company__in=companies).update(interval=every)
    workers = fault_workers(["scrape"])

    # when two beats run at once
    env = {"DATABASE_URL": workers.database_url, "REDIS_URL": own_redis.url}
    logs = [scratch / "beat-1.log", scratch / "beat-2.log"]
    beats = [_start_beat(env, path) for path in logs]
    time.sleep(BEATS_RUN)
    for beat in beats:
        beat.terminate()
        beat.wait(timeout=20)

    # then every message either scraped the company or was refused as this period's duplicate
    def sent(log, company):
        return log.read_text().count(f"Sending due task scrape company {company.pk} ")

    def skipped(company):
        return workers.log_text("scrape").count(f"scrape of {company} skipped")

    sends = {company.pk: [sent(log, company) for log in logs] for company in companies}
    wait_for(lambda: all(ScrapeRun.objects.filter(company=company, status="succeeded").count() + skipped(company)
                         == sum(sends[company.pk]) for company in companies),
             timeout=60, message="every scrape beat sent handled")
    counts = {}
    for company in companies:
        runs = ScrapeRun.objects.filter(company=company).count()
        counts[company.name] = f"beats sent {sends[company.pk]}, scraped {runs}, refused {skipped(company)}"
    line = report("beat started twice", f"2 beats, 2 companies every {PERIOD} s, for {BEATS_RUN} s", counts)
    for company in companies:
        by_beat = sends[company.pk]
        assert min(by_beat) >= 2, line  # both beats were sending the company's scrapes
        # one scrape per period: as many as one beat alone sends, not the two beats' sum. The two beats start and
        # stop at their own times, so the span they cover together can hold one period more than either's: a
        # second beat firing just after the first one's window has passed scrapes that extra period, once.
        assert ScrapeRun.objects.filter(company=company).count() <= max(by_beat) + 1 < sum(by_beat), line

    # and a scrape asked for by hand (no schedule named, as companies_scrape_now sends it) runs within the period
    broker.send_task(SCRAPE_TASK, args=[companies[0].pk], queue="scrape")
    runs_before = ScrapeRun.objects.filter(company=companies[0]).count()
    wait_for(lambda: ScrapeRun.objects.filter(company=companies[0], status="succeeded").count() > runs_before,
             timeout=30, message="the manual scrape")
