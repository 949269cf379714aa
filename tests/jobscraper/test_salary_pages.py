"""Salaries across currencies on the public pages: the list's salary filter and order read the figures in the base
currency, the card and the job's page show them beside the stated salary (with the rate's day where an earlier rate
was used), the feed says them and the exports carry them. The rates are test-made round figures, so that every
expected amount can be checked by hand."""
import csv
import io
import json
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobscraper.exchange_rates import ExchangeRate, jobs_salary_convert
from jobscraper.models import Job
from tests.builders import make_job, plain_company

pytestmark = pytest.mark.django_db

# Test-made rates, units per euro: £0.80 and $1.25 to the euro, so £1 = €1.25 and $1 = €0.80.
RATE_DAY = date(2026, 3, 9)
JOB_DAY = date(2026, 3, 10)  # a day with no rate of its own: 9 March's is used, and said


@pytest.fixture(autouse=True)
def euro_base(settings):
    settings.SALARY_BASE_CURRENCY = "EUR"


def _rates(day: date = RATE_DAY, **per_euro: str):
    ExchangeRate.objects.bulk_create(ExchangeRate(currency=code, day=day, per_euro=Decimal(rate), source="test")
                                     for code, rate in per_euro.items())


def _seen(day: date, hours: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=dt_timezone.utc) + timedelta(hours=hours)


def _paid(company, title: str, currency: str, low, high, *, period: str = "year", annual=None, hours: int = 0,
          day: date = JOB_DAY) -> Job:
    """A job stating pay, with its annual figures as extraction computes them (given, or the stated ones a year)."""
    low, high = (Decimal(value) if value is not None else None for value in (low, high))
    annual_low, annual_high = annual or (low, high)
    return make_job(company, title=title, salary_min=low, salary_max=high, salary_currency=currency,
                    salary_period=period, salary_annual_min=annual_low and Decimal(annual_low),
                    salary_annual_max=annual_high and Decimal(annual_high), first_seen_at=_seen(day, hours))


@pytest.fixture
def paid():
    """Jobs in EUR, GBP and USD whose raw numbers order otherwise than their value, one in a currency no rate is
    known for, and one without pay; converted as extraction leaves them."""
    _rates(GBP="0.80", USD="1.25")
    acme = plain_company("Acme")
    jobs = {
        "Pounds": _paid(acme, "Pounds", "GBP", "50000", "56000", hours=1),  # €62,500–70,000: the best paid
        "Euros": _paid(acme, "Euros", "EUR", "55000", "60000", hours=2),
        "Dollars": _paid(acme, "Dollars", "USD", "65000", "70000", hours=3),  # €52,000–56,000: the most digits, least
        "Unknown": _paid(acme, "Unknown", "XYZ", "900000", "1000000", hours=4),  # no rate: never converted
        "Unstated": make_job(acme, title="Unstated", first_seen_at=_seen(JOB_DAY, 5)),
    }
    jobs_salary_convert(jobs=Job.objects.all())
    return jobs


def _titles(client, **query) -> list[str]:
    """The list's titles for `query`, best paid first."""
    query = {"sort": "salary", **query}
    return [job.title for job in client.get(reverse("job_list"), query).context["page"].jobs]


def test_the_salary_order_compares_salaries_in_the_base_currency_and_puts_those_without_one_last(client, paid):
    # Pounds' 56,000 is €70,000 and Dollars' 70,000 is €56,000; Unknown's million converts to nothing: it sorts with
    # the job that states no pay, the newer first
    assert _titles(client, sort="salary") == ["Pounds", "Euros", "Dollars", "Unstated", "Unknown"]


def test_the_exports_follow_the_same_order(client, paid):
    response = client.get(reverse("job_export_json"), {"sort": "salary"})
    records = json.loads(b"".join(response.streaming_content))
    assert [record["title"] for record in records] == ["Pounds", "Euros", "Dollars", "Unstated", "Unknown"]


def test_the_minimum_salary_is_converted_and_matches_jobs_in_every_currency(client, paid):
    # no currency named: the base currency. Pounds pays up to €70,000, Euros €60,000, Dollars €56,000.
    assert _titles(client, salary_min="60000") == ["Pounds", "Euros"]
    assert _titles(client, salary_min="60001") == ["Pounds"]
    assert _titles(client, salary_min="56000", currency="EUR") == ["Pounds", "Euros", "Dollars"]
    # in dollars: $75,000 is €60,000 at today's latest rate (9 March's)
    response = client.get(reverse("job_list"), {"salary_min": "75000", "currency": "USD", "sort": "salary"})
    assert [job.title for job in response.context["page"].jobs] == ["Pounds", "Euros"]
    assert [chip.label for chip in response.context["page"].chips] == ["At least USD 75,000 a year (≈ EUR 60,000)"]
    assert response.context["page"].notes == []


def test_a_job_in_the_visitors_currency_is_compared_as_it_states_its_pay(client, paid):
    # today's rate is not the rate on the job's day: £56,000 was €70,000 then, and is €56,000 now (£1 = €1). A
    # visitor asking for £56,000 finds the job paying £56,000, and for £56,001 does not, whatever it was worth then;
    # jobs in other currencies compare at today's rate (Euros' €60,000, Dollars' €56,000).
    _rates(timezone.now().date(), GBP="1.00")
    assert _titles(client, salary_min="56000", currency="GBP") == ["Pounds", "Euros", "Dollars"]
    assert _titles(client, salary_min="56001", currency="GBP") == ["Euros"]


def test_a_salary_in_a_currency_no_rate_converts_is_never_matched_by_a_minimum_in_another(client, paid):
    # a million XYZ, and a minimum of 1 euro (or pound, or dollar): the million is not known to be worth 1 euro
    for currency in ("", "EUR", "GBP", "USD"):
        assert "Unknown" not in _titles(client, salary_min="1", currency=currency)


def test_a_minimum_in_a_currency_no_rate_converts_is_compared_with_that_currencys_jobs_and_says_so(client, paid):
    response = client.get(reverse("job_list"), {"salary_min": "950000", "currency": "xyz"})

    page = response.context["page"]
    assert [job.title for job in page.jobs] == ["Unknown"]  # not the euros, pounds or dollars, whatever the amount
    assert page.notes == ["No exchange rate is known for XYZ, so the minimum salary is compared only with jobs paying "
                          "in XYZ."]
    assert [chip.label for chip in page.chips] == ["At least XYZ 950,000 a year"]  # nothing converted to show
    assert "No exchange rate is known for XYZ" in response.content.decode()
    assert _titles(client, salary_min="1000001", currency="XYZ") == []
    # a currency no job pays in, either: nothing matches, and the page says why
    empty = client.get(reverse("job_list"), {"salary_min": "1", "currency": "ABC"}).context["page"]
    assert (empty.jobs, empty.notes[0][:34]) == ([], "No exchange rate is known for ABC,")


def test_the_card_shows_the_stated_salary_and_its_value_in_the_base_currency(client, paid):
    html = client.get(reverse("job_list"), {"sort": "salary"}).content.decode()

    # the job's day (10 March) has no rate: 9 March's was used, and the card says so
    assert ('<span class="salary">GBP 50,000–56,000 per year</span><span class="salary-base">≈ EUR 62,500–70,000 a '
            'year at the rate of 9 Mar 2026</span>') in html
    assert '<span class="salary">EUR 55,000–60,000 per year</span>\n' in html  # the base currency: nothing beside it
    assert ('<span class="salary" title="Not converted to EUR: no exchange rate is known for XYZ">'
            'XYZ 900,000–1,000,000 per year</span>\n') in html


def test_a_rate_of_the_jobs_own_day_is_not_dated(client):
    _rates(JOB_DAY, GBP="0.80")
    job = _paid(plain_company(), "Pounds", "GBP", "40000", None)
    jobs_salary_convert(jobs=Job.objects.all())

    html = client.get(reverse("job_list")).content.decode()

    assert '<span class="salary-base">≈ EUR 50,000 a year</span>' in html
    assert "≈ EUR 50,000 a year" in client.get(job.get_absolute_url()).content.decode()


def test_the_job_page_states_the_salary_a_year_and_in_the_base_currency(client, paid):
    hourly = _paid(plain_company("Bolt"), "Barista", "GBP", "14", "14", period="hour", annual=("29120", "29120"))
    jobs_salary_convert(jobs=Job.objects.filter(pk=hourly.pk))

    def salary(job) -> str:
        html = client.get(job.get_absolute_url()).content.decode()
        return html.split('<dd class="salary">', 1)[1].split("</dd>", 1)[0]

    assert salary(hourly) == ("GBP 14 per hour (≈ GBP 29,120 a year; ≈ EUR 36,400 a year at the rate of 9 Mar "
                              "2026)")
    assert salary(paid["Pounds"]) == "GBP 50,000–56,000 per year (≈ EUR 62,500–70,000 a year at the rate of 9 Mar 2026)"
    assert salary(paid["Euros"]) == "EUR 55,000–60,000 per year"
    assert salary(paid["Unknown"]) == ("XYZ 900,000–1,000,000 per year (not converted to EUR: no exchange rate is "
                                       "known for XYZ)")


def test_another_base_currency_is_shown_and_offered_as_the_default(client, settings):
    settings.SALARY_BASE_CURRENCY = "USD"
    _rates(GBP="0.80", USD="1.25")
    company = plain_company()
    euros = _paid(company, "Euros", "EUR", "60000", None)
    _paid(company, "Pounds", "GBP", "48000", None)
    jobs_salary_convert(jobs=Job.objects.all())

    response = client.get(reverse("job_list"), {"salary_min": "75000"})  # dollars now

    assert {job.title for job in response.context["page"].jobs} == {"Euros", "Pounds"}  # $75,000 each
    html = response.content.decode()
    assert '<option value="">USD</option>' in html and '<option value="EUR">EUR (1)</option>' in html
    assert "≈ USD 75,000 a year at the rate of 9 Mar 2026" in client.get(euros.get_absolute_url()).content.decode()


def test_the_feed_says_the_converted_salary(client, paid):
    body = client.get(reverse("job_feed")).content.decode()
    assert "GBP 50,000–56,000 per year (≈ EUR 62,500–70,000 a year at the rate of 9 Mar 2026)" in body
    assert "EUR 55,000–60,000 per year" in body and "EUR 55,000–60,000 per year (" not in body


# The exports' columns before the base currency's were added: they keep their names and places.
COLUMNS_BEFORE = [
    "id", "url", "title", "company", "locations", "countries", "remote", "remote_regions", "employment_type",
    "seniority", "salary_min",
    "salary_max", "salary_currency", "salary_period", "salary_annual_min", "salary_annual_max", "date_posted",
    "first_seen_at", "apply_url",
]
BASE_COLUMNS = ["salary_base_min", "salary_base_max", "salary_base_currency", "salary_base_rate_day"]


def test_the_exports_carry_the_salary_in_the_base_currency_after_every_earlier_column(client, paid):
    body = b"".join(client.get(reverse("job_export_csv"), {"sort": "salary"}).streaming_content).decode()
    reader = csv.DictReader(io.StringIO(body))
    rows = {row["title"]: row for row in reader}

    assert reader.fieldnames == COLUMNS_BEFORE + BASE_COLUMNS
    assert [rows["Pounds"][column] for column in BASE_COLUMNS] == ["62500.00", "70000.00", "EUR", "2026-03-09"]
    assert [rows["Euros"][column] for column in BASE_COLUMNS] == ["55000.00", "60000.00", "EUR", ""]
    assert [rows[title][column] for title in ("Unknown", "Unstated") for column in BASE_COLUMNS] == [""] * 8
    records = json.loads(b"".join(client.get(reverse("job_export_json")).streaming_content))
    pounds = next(record for record in records if record["title"] == "Pounds")
    assert list(pounds) == COLUMNS_BEFORE + BASE_COLUMNS
    assert [pounds[column] for column in BASE_COLUMNS] == ["62500.00", "70000.00", "EUR", "2026-03-09"]
    unknown = next(record for record in records if record["title"] == "Unknown")
    assert [unknown[column] for column in BASE_COLUMNS] == [None, None, "", None]
