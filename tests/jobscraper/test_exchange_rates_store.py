"""Storing a source's rates (jobscraper.exchange_rates.exchange_rates_store) and `manage.py load_exchange_rates`: new
rates added, changed ones corrected, equal ones left alone, the salaries they can change converted again and no
other; the shipped real 90-day file (jobscraper/data/exchange_rates/, MANIFEST.tsv) loaded as the demo loads it."""
from datetime import date, datetime, timezone
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from jobscraper.exchange_rates import ExchangeRate, exchange_rates_store
from jobscraper.models import Job
from tests.builders import make_job, plain_company
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SHIPPED = settings.BASE_DIR / "jobscraper" / "data" / "exchange_rates" / "ecb-hist-90d-2025-02-25.xml"
FRIDAY, MONDAY = date(2025, 2, 21), date(2025, 2, 24)


@pytest.fixture(autouse=True)
def _euro_base(settings):
    settings.SALARY_BASE_CURRENCY = "EUR"


def _job(currency: str, annual: str, *, seen: date) -> Job:
    company = Job.objects.first().company if Job.objects.exists() else plain_company()
    return make_job(company, salary_currency=currency, salary_period="year", salary_annual_min=Decimal(annual),
                    salary_annual_max=Decimal(annual),
                    first_seen_at=datetime.combine(seen, datetime.min.time(), tzinfo=timezone.utc))


def _base(job: Job):
    job.refresh_from_db()
    return job.salary_base_min, job.salary_base_rate_day


def test_rates_are_added_corrected_or_left_and_say_so():
    first = exchange_rates_store(source="ECB", rates=[("USD", FRIDAY, Decimal("1.0465")),
                                                      ("GBP", FRIDAY, Decimal("0.8"))])
    assert (first.added, first.corrected, first.unchanged) == (2, 0, 0)
    fetched = ExchangeRate.objects.get(currency="GBP").fetched_at

    again = exchange_rates_store(source="ECB", rates=[("USD", FRIDAY, Decimal("1.05")), ("GBP", FRIDAY, Decimal("0.8")),
                                                      ("USD", MONDAY, Decimal("1.0466"))])

    assert (again.added, again.corrected, again.unchanged) == (1, 1, 1)
    assert str(again) == ("ECB rates of 2025-02-21 to 2025-02-24: 1 added, 1 corrected, 1 unchanged; "
                          "0 salaries converted again")
    assert ExchangeRate.objects.get(currency="USD", day=FRIDAY).per_euro == Decimal("1.05")
    assert ExchangeRate.objects.get(currency="GBP").fetched_at == fetched  # left as it was
    # another source's rate of the same day is a row of its own
    exchange_rates_store(source="test", rates=[("USD", FRIDAY, Decimal("2"))])
    assert ExchangeRate.objects.filter(currency="USD", day=FRIDAY).count() == 2


def test_jobs_listed_on_or_after_a_changed_day_or_before_every_rate_are_converted_again():
    before, on_friday, on_monday = (_job("USD", "104650", seen=day) for day in (date(2025, 2, 20), FRIDAY, MONDAY))

    stored = exchange_rates_store(source="ECB", rates=[("USD", FRIDAY, Decimal("1.0465"))])

    assert stored.jobs_converted == 3
    assert _base(before) == (Decimal("100000.00"), FRIDAY)  # no rate on or before its day: the nearest later one
    assert _base(on_friday) == (Decimal("100000.00"), FRIDAY)
    assert _base(on_monday) == (Decimal("100000.00"), FRIDAY)  # Monday has no rate yet: Friday's, and it says so

    stored = exchange_rates_store(source="ECB", rates=[("USD", MONDAY, Decimal("1.25"))])

    assert stored.jobs_converted == 2  # Monday's job, and the one converted at a later day's rate (still Friday's)
    assert _base(before) == (Decimal("100000.00"), FRIDAY)
    assert _base(on_friday) == (Decimal("100000.00"), FRIDAY)
    assert _base(on_monday) == (Decimal("83720.00"), MONDAY)


def test_an_unknown_currency_stays_unconverted():
    unknown = _job("XYZ", "50000", seen=MONDAY)

    stored = exchange_rates_store(source="ECB", rates=[("USD", FRIDAY, Decimal("1.0465"))])

    assert stored.jobs_converted == 1  # it states a salary, so it was looked at
    assert _base(unknown) == (None, None)


def test_the_command_loads_the_shipped_file_and_converts_salaries_at_its_rates():
    # given jobs from before the file's days, within them, on a weekend in them, and after them
    old, wednesday, sunday, later = (_job("USD", "104970", seen=day) for day in (
        date(2024, 11, 1), date(2025, 1, 15), date(2025, 2, 23), date(2026, 12, 7)))
    pounds = _job("GBP", "82908", seen=date(2026, 12, 7))
    out = StringIO()

    call_command("load_exchange_rates", str(SHIPPED), stdout=out)

    assert out.getvalue().strip() == ("ECB rates of 2024-11-28 to 2025-02-25: 1830 added, 0 corrected, 0 unchanged; "
                                      "5 salaries converted again")
    assert ExchangeRate.objects.filter(source="ECB").count() == 1830
    assert ExchangeRate.objects.get(currency="USD", day=date(2025, 2, 25)).per_euro == Decimal("1.0497")
    assert ExchangeRate.objects.get(currency="USD", day=date(2025, 1, 15)).per_euro == Decimal("1.03")
    assert _base(old) == (Decimal("99573.14"), date(2024, 11, 28))  # before the file: its first day's rate, 1.0542
    assert _base(wednesday) == (Decimal("101912.62"), date(2025, 1, 15))  # 104,970 / 1.03
    assert _base(sunday) == (Decimal("100305.78"), FRIDAY)  # 104,970 / 1.0465, Friday 21 February's rate
    assert _base(later) == (Decimal("100000.00"), date(2025, 2, 25))
    assert _base(pounds) == (Decimal("100000.00"), date(2025, 2, 25))

    call_command("load_exchange_rates", str(SHIPPED), "--source", "ECB", stdout=out)

    assert "0 added, 0 corrected, 1830 unchanged; 0 salaries converted again" in out.getvalue()


def test_the_command_refuses_a_broken_file_and_stores_nothing(tmp_path):
    broken = tmp_path / "eurofxref-hist-90d.xml"
    # test-made: the real 90-day file with one rate of its oldest day made "abc"
    body = (FIXTURES / "rates" / "ecb-hist-90d-2020-12-10.xml").read_bytes()
    oldest = body.index(b'<Cube time="2020-09-14">')
    broken.write_bytes(body[:oldest] + body[oldest:].replace(b'rate="1.1876"', b'rate="abc"', 1))

    refused = r"nothing stored: .*eurofxref-hist-90d.xml: on 2020-09-14, the rate of USD 'abc'"
    with pytest.raises(CommandError, match=refused):
        call_command("load_exchange_rates", str(broken))
    with pytest.raises(CommandError, match="cannot read .*missing.xml"):
        call_command("load_exchange_rates", str(tmp_path / "missing.xml"))

    assert not ExchangeRate.objects.exists()


def test_admin_lists_the_rates_read_only(admin_client):
    exchange_rates_store(source="ECB", rates=[("USD", FRIDAY, Decimal("1.0465"))])

    listing = admin_client.get("/admin/jobscraper/exchangerate/?source=ECB&currency=USD")
    rate = ExchangeRate.objects.get()
    page = admin_client.get(f"/admin/jobscraper/exchangerate/{rate.pk}/change/")

    assert listing.status_code == 200 and "1.046500" in listing.text and "Feb. 21, 2025" in listing.text
    assert page.status_code == 200 and 'name="per_euro"' not in page.text  # shown, not editable
    assert admin_client.get("/admin/jobscraper/exchangerate/add/").status_code == 403
