"""PostgreSQL crashed (immediate stop: every backend killed, no checkpoint) and restarted in the middle of a run."""
import json
import os
import subprocess
import sys

import pytest

from tests.faults.harness import report
from tests.workers import ROOT

pytestmark = [pytest.mark.faults, pytest.mark.celery]

POSTINGS = 1000  # as tests/faults/postgres_scenario.py serves them
SCENARIO_TIMEOUT = 180  # seconds; the scenario stops waiting for the pipeline to settle well before this


def test_postgres_crash_mid_run_loses_duplicates_and_corrupts_nothing(own_postgres, own_redis):
    """The scenario runs in a process of its own, on the test's PostgreSQL and Redis (postgres_scenario.py says why)."""
    # given 1,000 postings on 10 boards, and the scrape and gpu workers as deployed on a PostgreSQL the test may crash
    env = {**os.environ, "DATABASE_URL": own_postgres.url("jobscraper"), "REDIS_URL": own_redis.url}
    scenario = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.postgres_scenario", str(own_postgres.directory), str(own_postgres.port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )

    # when PostgreSQL crashes while postings are stored and extracted, starts again 3 s later, and the system recovers
    try:
        out, err = scenario.communicate(timeout=SCENARIO_TIMEOUT)
    except subprocess.TimeoutExpired:
        scenario.terminate()  # the scenario stops the workers it started on SIGTERM
        out, err = scenario.communicate()
    assert scenario.returncode == 0 and out, f"the scenario failed ({scenario.returncode}):\n{err[-6000:]}"
    result = json.loads(out.splitlines()[-1])

    # then every posting is stored once and extracted once, with the content it was served with
    counts = dict(result["tally"])
    counts.update({f"{name} at the crash": value for name, value in result["at crash"].items()})
    for name in ("half-written jobs", "scrape runs", "companies without a succeeded run", "retried", "failed for good",
                 "workers exited", "recovered after seconds"):
        counts[name] = result[name]
    integrity = result["integrity"]
    counts["amcheck"] = (f"{integrity['tables checked']} tables, {integrity['indexes checked']} indexes, "
                         f"{len(integrity['corruption found'])} corrupt")
    line = report("PostgreSQL restarted", f"{POSTINGS} postings on 10 boards, PostgreSQL crashed mid-run (immediate "
                  "stop) and started 3 s later, tasks retried, beat's wake-up of the gpu worker sent", counts)
    at_crash = result["at crash"]
    assert at_crash["stored"] < POSTINGS and at_crash["half-stored companies"], line  # the crash landed mid-run
    assert result["settled"], line
    tally = result["tally"]
    assert (tally["stored"], tally["extracted"], tally["duplicates"], tally["lost"]) == (POSTINGS, POSTINGS, 0, 0), line
    assert tally["states"] == {"done": POSTINGS}, line
    assert result["half-written jobs"] == 0, line
    # and PostgreSQL's own check finds every table and index sound after crash recovery
    assert integrity["indexes checked"] and integrity["corruption found"] == [], line
    # and the tasks the crash interrupted were tried again by the same workers, reconnected, none given up on
    assert result["retried"].get("scrape_company_task"), line
    assert result["failed for good"] == {} and result["workers exited"] == 0, line
    # and every company was scraped whole; a run the crash cut short could not be written finished, and stays
    # "running" until the company's next scrape past SCRAPE_TIME_LIMIT ends it: one at most per scrape retried
    assert result["companies without a succeeded run"] == 0, line
    assert result["scrape runs"].get("running", 0) <= result["retried"]["scrape_company_task"], line
