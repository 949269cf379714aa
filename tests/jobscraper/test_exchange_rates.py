"""Salaries in one base currency (jobscraper/exchange_rates.py): each job's annual figures converted at its day's
rates, the latest earlier rate where its day has none (and the day said), nothing for a currency no rate is known
for. The rates here are test-made round figures, so that every expected amount can be checked by hand."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from jobscraper.exchange_rates import ExchangeRate, amount_to_base, jobs_salary_convert
from jobscraper.models import Company, Job
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db


def _rates(day: date, **per_euro: str):
    ExchangeRate.objects.bulk_create(ExchangeRate(currency=code, day=day, per_euro=Decimal(rate), source="test")
                                     for code, rate in per_euro.items())


def _job(currency: str, low, high, *, seen: date = date(2026, 3, 10), posted: date | None = None) -> Job:
    company = Company.objects.filter(name="Acme").first() or plain_company()
    return make_job(company, salary_currency=currency, salary_period="year" if currency else "",
                    salary_annual_min=low and Decimal(low), salary_annual_max=high and Decimal(high), date_posted=posted,
                    first_seen_at=datetime.combine(seen, datetime.min.time(), tzinfo=timezone.utc))


def _converted(job: Job):
    job.refresh_from_db()
    return job.salary_base_min, job.salary_base_max, job.salary_base_rate_day


def test_each_salary_is_converted_at_its_own_days_rate_and_the_base_needs_none(settings):
    settings.SALARY_BASE_CURRENCY = "EUR"
    _rates(date(2026, 3, 9), USD="1.25", GBP="0.80")
    _rates(date(2026, 3, 20), USD="1.00")
    dollars, pounds, euros = _job("USD", "100000", "125000"), _job("GBP", "40000", None), _job("EUR", "50000", "60000")
    later = _job("USD", "100000", "100000", seen=date(2026, 4, 1))

    assert jobs_salary_convert(jobs=Job.objects.all()) == 4

    # 10 March has no rate: 9 March's, the latest before it, and the job says which day it was.
    assert _converted(dollars) == (Decimal("80000.00"), Decimal("100000.00"), date(2026, 3, 9))
    assert _converted(pounds) == (Decimal("50000.00"), None, date(2026, 3, 9))
    assert _converted(euros) == (Decimal("50000.00"), Decimal("60000.00"), None)
    assert _converted(later) == (Decimal("100000.00"), Decimal("100000.00"), date(2026, 3, 20))


def test_a_job_converts_at_the_day_it_was_posted_when_that_is_earlier_than_first_seen(settings):
    settings.SALARY_BASE_CURRENCY = "EUR"
    _rates(date(2026, 1, 5), USD="2.00")
    _rates(date(2026, 3, 9), USD="1.25")
    job = _job("USD", "100000", "100000", seen=date(2026, 3, 10), posted=date(2026, 1, 6))

    jobs_salary_convert(jobs=Job.objects.all())

    assert _converted(job) == (Decimal("50000.00"), Decimal("50000.00"), date(2026, 1, 5))


def test_another_base_currency_converts_through_the_euro(settings):
    settings.SALARY_BASE_CURRENCY = "USD"
    _rates(date(2026, 3, 9), USD="1.25", GBP="0.80")
    pounds, euros, dollars = _job("GBP", "40000", "48000"), _job("EUR", "80000", None), _job("USD", "90000", None)

    jobs_salary_convert(jobs=Job.objects.all())

    assert _converted(pounds)[:2] == (Decimal("62500.00"), Decimal("75000.00"))
    assert _converted(euros) == (Decimal("100000.00"), None, date(2026, 3, 9))
    assert _converted(dollars) == (Decimal("90000.00"), None, None)


def test_no_rate_no_currency_or_no_figure_leaves_nothing_converted(settings):
    settings.SALARY_BASE_CURRENCY = "EUR"
    _rates(date(2026, 3, 9), USD="1.25")
    unknown = _job("XYZ", "100", "200")
    bare = _job("", None, None)
    stale = _job("", None, None)
    Job.objects.filter(pk=stale.pk).update(salary_base_min=Decimal(1), salary_base_max=Decimal(2))

    assert jobs_salary_convert(jobs=Job.objects.all()) == 1

    assert _converted(unknown) == (None, None, None)
    assert _converted(bare) == _converted(stale) == (None, None, None)


def test_a_job_listed_before_every_rate_converts_at_the_earliest_later_one(settings):
    settings.SALARY_BASE_CURRENCY = "EUR"
    _rates(date(2026, 3, 20), USD="1.00")
    _rates(date(2026, 3, 9), USD="1.25")
    early = _job("USD", "100000", None, seen=date(2026, 3, 1))

    jobs_salary_convert(jobs=Job.objects.all())

    assert _converted(early) == (Decimal("80000.00"), None, date(2026, 3, 9))


def test_an_amount_converts_at_the_latest_rates(settings):
    settings.SALARY_BASE_CURRENCY = "EUR"
    _rates(date(2026, 3, 9), USD="1.25", GBP="0.80")
    _rates(date(2026, 3, 20), USD="1.00")

    assert amount_to_base(Decimal("100000"), "usd") == (Decimal("100000.00"), date(2026, 3, 20))
    assert amount_to_base(Decimal("100000"), "USD", on=date(2026, 3, 10)) == (Decimal("80000.00"), date(2026, 3, 9))
    assert amount_to_base(Decimal("40000"), "GBP") == (Decimal("50000.00"), date(2026, 3, 9))
    assert amount_to_base(Decimal("5"), "EUR") == (Decimal("5"), None)
    assert amount_to_base(Decimal("5"), "XYZ") == (None, None)
