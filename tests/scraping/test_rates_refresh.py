"""Beat's daily refresh of the exchange rates (scraping.tasks.refresh_exchange_rates_task): the real ECB daily file
served on loopback is stored and converts salaries; the same feed again changes nothing; a feed that cannot be
fetched or is not rates stores nothing and says why. The broken feeds are test-made from the real file, each by the
change its test names; the HTML page is written here."""
import logging
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from jobscraper.exchange_rates import ExchangeRate
from jobscraper.models import Job
from scraping.errors import FetchError
from scraping.rates_feed import RatesFeedError
from scraping.tasks import refresh_exchange_rates_task
from tests.builders import make_job, plain_company
from tests.conftest import FIXTURES
from tests.polling import wait_for
from tests.servers import Reply

DAILY = (FIXTURES / "rates" / "ecb-daily-2025-05-09.xml").read_bytes()
FEED_PATH = "/stats/eurofxref/eurofxref-daily.xml"


@pytest.fixture
def feed(loopback, settings):
    """The ECB's daily file of Friday 9 May 2025 at EXCHANGE_RATES_URL; set `feed.body` to serve another."""
    settings.EXCHANGE_RATES_URL = f"{loopback.url}{FEED_PATH}"
    settings.SALARY_BASE_CURRENCY = "EUR"
    loopback.routes[FEED_PATH] = Reply(body=DAILY, headers={"Content-Type": "text/xml"})
    return loopback


def _job(currency: str, low: str, high: str | None, *, seen: date) -> Job:
    company = plain_company() if not Job.objects.exists() else Job.objects.first().company
    return make_job(company, salary_currency=currency, salary_period="year", salary_annual_min=Decimal(low),
                    salary_annual_max=high and Decimal(high),
                    first_seen_at=datetime.combine(seen, datetime.min.time(), tzinfo=timezone.utc))


def _base(job: Job):
    job.refresh_from_db()
    return job.salary_base_min, job.salary_base_max, job.salary_base_rate_day


@pytest.mark.django_db
def test_the_refresh_stores_the_days_rates_and_converts_salaries_at_them(feed):
    # given jobs first seen on Monday 12 May 2025, a weekend after the feed's day, and one seen before it
    dollars = _job("USD", "112520", "168780", seen=date(2025, 5, 12))
    pounds = _job("GBP", "84770", None, seen=date(2025, 5, 12))
    unknown = _job("XYZ", "100000", "120000", seen=date(2025, 5, 12))
    earlier = _job("USD", "112520", None, seen=date(2025, 5, 8))

    # when beat's task runs
    outcome = refresh_exchange_rates_task.run()

    # then the 30 rates are rows of source ECB, and each salary is in euros at Friday's rates, which it names; the job
    # listed before Friday has no earlier rate, so it converts at Friday's too, and names it
    assert outcome == {"added": 30, "corrected": 0, "unchanged": 0, "last_day": "2025-05-09", "jobs_converted": 4}
    assert ExchangeRate.objects.filter(source="ECB", day=date(2025, 5, 9)).count() == 30
    assert ExchangeRate.objects.get(currency="USD").per_euro == Decimal("1.1252")
    assert _base(dollars) == (Decimal("100000.00"), Decimal("150000.00"), date(2025, 5, 9))
    assert _base(pounds) == (Decimal("100000.00"), None, date(2025, 5, 9))
    # a currency the ECB does not publish stays unconverted
    assert _base(unknown) == (None, None, None)
    assert _base(earlier) == (Decimal("100000.00"), None, date(2025, 5, 9))


@pytest.mark.django_db
def test_the_same_feed_again_changes_nothing(feed):
    dollars = _job("USD", "112520", "168780", seen=date(2025, 5, 12))
    refresh_exchange_rates_task.run()
    rows = list(ExchangeRate.objects.values_list("currency", "day", "per_euro", "fetched_at"))
    converted = _base(dollars)
    Job.objects.filter(pk=dollars.pk).update(salary_base_min=Decimal(1))  # a conversion that a re-run would redo

    outcome = refresh_exchange_rates_task.run()

    assert outcome == {"added": 0, "corrected": 0, "unchanged": 30, "last_day": "2025-05-09", "jobs_converted": 0}
    assert list(ExchangeRate.objects.values_list("currency", "day", "per_euro", "fetched_at")) == rows
    assert _base(dollars) == (Decimal(1), *converted[1:])


@pytest.mark.django_db
def test_a_corrected_rate_replaces_the_stored_one_and_converts_again(feed):
    dollars = _job("USD", "112520", None, seen=date(2025, 5, 12))
    refresh_exchange_rates_task.run()
    # the real file with the dollar's rate changed, as a correction of the day's rate would come
    feed.routes[FEED_PATH] = Reply(body=DAILY.replace(b"rate='1.1252'", b"rate='1.2500'"))

    outcome = refresh_exchange_rates_task.run()

    assert (outcome["added"], outcome["corrected"], outcome["unchanged"]) == (0, 1, 29)
    assert ExchangeRate.objects.get(currency="USD", day=date(2025, 5, 9)).per_euro == Decimal("1.25")
    assert _base(dollars) == (Decimal("90016.00"), None, date(2025, 5, 9))


BROKEN = {
    "truncated": DAILY[: len(DAILY) // 2],  # the real file cut at half its bytes
    "an HTML error page with 200": b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Maintenance</title>"
                                   b"</head><body><p>Back soon.</body></html>",
    "a rate 'abc'": DAILY.replace(b"rate='20.4835'", b"rate='abc'"),  # ZAR, the last: 29 good rates before it
    "an empty cube": DAILY[: DAILY.index(b"<Cube currency='USD'")] + b"</Cube></Cube></gesmes:Envelope>",
}


@pytest.mark.django_db
@pytest.mark.parametrize("body", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_feed_stores_nothing_and_says_why(feed, body, caplog):
    feed.routes[FEED_PATH] = Reply(body=body, headers={"Content-Type": "text/xml"})
    dollars = _job("USD", "112520", None, seen=date(2025, 5, 12))

    with caplog.at_level(logging.ERROR, logger="scraping.tasks"), pytest.raises(RatesFeedError) as refused:
        refresh_exchange_rates_task.run()

    assert str(refused.value).startswith(f"{feed.url}{FEED_PATH}")
    assert f"exchange rates not refreshed, nothing stored: {refused.value}" in caplog.messages
    assert not ExchangeRate.objects.exists()
    assert _base(dollars) == (None, None, None)


@pytest.mark.django_db
def test_a_feed_that_cannot_be_fetched_stores_nothing_and_says_why(feed, caplog):
    feed.routes[FEED_PATH] = Reply(status=404, body="Not Found")

    with caplog.at_level(logging.ERROR, logger="scraping.tasks"), pytest.raises(FetchError, match="404"):
        refresh_exchange_rates_task.run()

    assert any(message.startswith("exchange rates not refreshed, nothing stored:") for message in caplog.messages)
    assert not ExchangeRate.objects.exists()


def test_beats_daily_entry_runs_the_task_on_the_scrape_queue(feed, settings, celery_workers):
    # given the deployment's beat entry and a real scrape worker reading the feed on loopback
    entry = settings.CELERY_BEAT_SCHEDULE["money: refresh exchange rates"]
    assert entry["task"] == refresh_exchange_rates_task.name
    assert entry["schedule"].hour == {16}  # once a day, after the ECB's 16:00 CET publication
    celery_workers(EXCHANGE_RATES_URL=settings.EXCHANGE_RATES_URL, SALARY_BASE_CURRENCY="EUR")
    dollars = _job("USD", "112520", "168780", seen=date(2025, 5, 12))

    # when beat sends it (as it would: by name, routed by the app's task_routes)
    from jobscraper.celery import app

    app.send_task(entry["task"])

    # then the scrape worker stores the rates and converts the salary
    wait_for(lambda: ExchangeRate.objects.count() == 30, timeout=60, message="the 30 rates stored by the worker")
    assert _base(dollars) == (Decimal("100000.00"), Decimal("150000.00"), date(2025, 5, 9))
