"""The public list on SQLite, as `make demo` serves it: text search by plain matching, filters, and facet counts by
SQLite's JSON functions. Run in a child process, since the suite's own database is PostgreSQL."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
import django

django.setup()
from django.core.management import call_command
from django.http import QueryDict

from jobscraper.filters import job_filters_parse
from jobscraper.job_list import job_list_page
from tests.builders import make_job, plain_company

call_command("migrate", verbosity=0)
from datetime import date
from decimal import Decimal

from jobscraper.exchange_rates import ExchangeRate, jobs_salary_convert
from jobscraper.models import Job

acme, bolt = plain_company(name="Acme"), plain_company(name="Bolt")
berlin, munich = {"name": "Berlin", "city": "Berlin", "country": "DE"}, {"name": "Munich", "city": "Munich", "country": "DE"}
make_job(acme, title="Python Developer", remote="hybrid", locations=[berlin, munich], seniority="senior")
make_job(acme, title="Data Engineer", raw_content="Python and SQL", remote="hybrid", locations=[berlin, "nowhere"])
make_job(bolt, title="Python Engineer", remote="remote", locations={"city": "not a list"}, salary_currency="EUR")
make_job(bolt, title="Designer", remote="hybrid", locations=[munich])
# Pay in pounds and euros, converted as extraction leaves it, at a test-made round rate: £0.80 to the euro.
ExchangeRate.objects.create(currency="GBP", day=date(2026, 3, 9), per_euro=Decimal("0.80"), source="test")
for title, currency, pay in (("Welder", "GBP", "56000"), ("Baker", "EUR", "60000"), ("Potter", "XYZ", "900000")):
    make_job(bolt, title=title, remote="onsite", salary_currency=currency, salary_period="year",
             salary_annual_min=Decimal(pay), salary_annual_max=Decimal(pay), first_seen_at="2026-03-10T12:00:00Z")
jobs_salary_convert(jobs=Job.objects.all())
make_job(bolt, title="Support Agent", remote="remote", remote_regions=["EU"])
make_job(bolt, title="Sales Rep", remote="remote", remote_regions=["US"])
# Cities with their coordinates, as extraction stores them, for the distance filter
from extraction.cities import coordinates_of
from extraction.normalize import located
from jobscraper.job_places import job_places_sync
for title, place in (("Brewer", "München"), ("Miller", "Augsburg"), ("Baker of Bremen", "Bremen")):
    job_places_sync(jobs=[make_job(bolt, title=title, locations=[located({"name": place})])])

def page(query):
    listed = job_list_page(filters=job_filters_parse(QueryDict(query)))
    facets = {name: {option.label: option.count for option in options} for name, options in listed.facets.items()}
    return {"titles": sorted(job.heading for job in listed.jobs), "total": listed.total, "facets": facets,
            "in order": [job.heading for job in listed.jobs]}

pages = {"python": page("q=python"), "python hybrid": page("q=python -designer&remote=hybrid")}
pages["odd text"] = page("q=%25s+100%25+%7B0%7D+it%27s")  # %s 100% {0} it's: no match, and no error
pages["best paid"] = page("remote=onsite&sort=salary")
pages["at least 50,000 pounds"] = page("salary_min=50000&currency=GBP&sort=salary")
pages["remote in spain"] = page("remote_in=ES")
pages["near munich"] = {
    km: sorted(job.heading for job in job_list_page(
        filters=job_filters_parse(QueryDict(f"near=Munich&km={km}"), place_of=coordinates_of)).jobs)
    for km in (20, 80)
}
# One job posted twice (matched as extraction leaves it: rapidfuzz over the employer's titles on SQLite), listed once.
from extraction.clustering import job_cluster
text = "Night shift baker for our Leipzig bakery: bread, rolls and pastry from 2 am, six nights a week."
twice = [make_job(bolt, title=title, raw_content=text, locations=[{"name": "Leipzig"}]) for title in ("Night Baker", "Night Baker (m/w/d)")]
pages["matched"] = [job_cluster(job.pk) for job in twice]
pages["posted twice"] = page("q=baker")
print(json.dumps(pages))
"""


def test_search_filters_and_facets_work_on_sqlite(tmp_path):
    # The place tables this run saved (extraction.table_cache) are read, not built again, by the child
    saved = Path(os.environ.get("JOBSCRAPER_VAR_DIR", ROOT / "var")) / "tables"
    saved.mkdir(parents=True, exist_ok=True)
    (tmp_path / "tables").symlink_to(saved)
    env = {
        **os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "jobscraper.settings", "JOBSCRAPER_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    pages = json.loads(done.stdout.splitlines()[-1])
    python = pages["python"]
    assert python["titles"] == ["Data Engineer", "Python Developer", "Python Engineer"]
    assert python["total"] == 3
    assert python["facets"]["company"] == {"Acme": 2, "Bolt": 1}
    assert python["facets"]["remote"] == {"Hybrid": 2, "Remote": 1}  # in public words
    # a job in two German cities counts once for Germany; a place that is not an object, or locations that are not
    # a list, count nowhere
    assert python["facets"]["country"] == {"Germany": 2}
    assert python["facets"]["city"] == {"Berlin": 2, "Munich": 1}
    assert python["facets"]["seniority"] == {"Senior": 1}
    assert python["facets"]["currency"] == {"EUR": 1}
    assert pages["python hybrid"]["titles"] == ["Data Engineer", "Python Developer"]
    assert (pages["odd text"]["titles"], pages["odd text"]["total"]) == ([], 0)
    # salaries in the base currency: £56,000 is €70,000; the XYZ no rate converts comes last
    assert pages["best paid"]["in order"] == ["Welder", "Baker", "Potter"]
    # £50,000 is €62,500: the pounds, and not the euros' €60,000 nor the unconverted XYZ
    assert pages["at least 50,000 pounds"]["in order"] == ["Welder"]
    # remote, open to people in Spain: the EU job, not the US one; the facet counts each country an area covers
    assert pages["remote in spain"]["titles"] == ["Support Agent"]
    assert pages["remote in spain"]["facets"]["remote_in"]["Spain"] == 1
    # within 20 km of Munich, the job in München; within 80, Augsburg's too (~55 km); never Bremen's
    assert pages["near munich"] == {"20": ["Brewer"], "80": ["Brewer", "Miller"]}
    # the same job posted twice is one cluster, shown once: the first posting
    assert pages["matched"] == ["alone", "joined"]
    twice = pages["posted twice"]
    assert "Night Baker" in twice["titles"] and "Night Baker (m/w/d)" not in twice["titles"]
    assert twice["total"] == len(twice["titles"])
