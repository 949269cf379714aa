"""Exchange rates as dated rows, and every salary's annual figures in one base currency, so that salaries stated in
EUR, GBP and USD sort and filter against each other.

Rates are kept as the European Central Bank publishes them: units of a currency per euro on a day (the euro is 1 on
every day), so any pair converts through the euro. A salary converts at each currency's latest rate on or before its
job's day (the day it was posted, else first seen): a rate missing for that day is the latest earlier one, and the
job keeps the day of the rate used (`salary_base_rate_day`) so that its page can say so; a job listed before every
rate stored converts at the earliest one after its day, and says so too. A currency with no rate at all (an unknown
code) leaves the converted figures empty: such a job sorts last and no salary filter matches it.

Rates arrive through exchange_rates_store, from beat's daily fetch of the ECB's feed (scraping.rates_feed) or a saved
file (`manage.py load_exchange_rates`), which converts again the salaries the new rates can change.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from datetime import timezone as dt_timezone
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, DateField, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

EURO = "EUR"
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.000001")  # as ExchangeRate.per_euro keeps them, so that a rate compares equal to its row
STORE_BATCH = 1000  # rates a statement: the ECB's whole history (~200,000 rates) goes in ~200 inserts


class ExchangeRate(models.Model):
    currency = models.CharField("currency", max_length=3, help_text="ISO 4217 code, e.g. USD.")
    day = models.DateField("day", help_text="The day the rate is the reference rate of.")
    per_euro = models.DecimalField("units per euro", max_digits=18, decimal_places=6,
                                   help_text="How many units of the currency one euro buys on that day.")
    source = models.CharField("source", max_length=40, help_text="Where the rate came from, e.g. ECB.")
    fetched_at = models.DateTimeField("fetched", default=timezone.now)

    class Meta:
        verbose_name = "exchange rate"
        ordering = ["-day", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["source", "currency", "day"], name="exchange_rate_once_a_day"),
            models.CheckConstraint(condition=Q(per_euro__gt=0), name="exchange_rate_positive"),
        ]
        indexes = [models.Index(fields=["currency", "-day"], name="exchange_rate_latest")]

    def __str__(self):
        return f"1 EUR = {self.per_euro.normalize():f} {self.currency} on {self.day} ({self.source})"


def base_currency() -> str:
    """The currency every salary is also stored in (SALARY_BASE_CURRENCY)."""
    return settings.SALARY_BASE_CURRENCY


def _latest(currency, day, field: str):
    """`field` of `currency`'s latest rate on or before `day` (values, or OuterRef expressions); where it has none,
    of its earliest rate after `day`: a job listed before the first rates stored converts at the nearest ones (and
    its rate's day says so) rather than not at all."""
    rates = ExchangeRate.objects.filter(currency=currency)
    return Coalesce(Subquery(rates.filter(day__lte=day).order_by("-day", "source").values(field)[:1]),
                    Subquery(rates.filter(day__gt=day).order_by("day", "source").values(field)[:1]))


def jobs_salary_convert(*, jobs: models.QuerySet) -> int:
    """Write `jobs`' annual salary figures in the base currency, and the day of the rate used (none for a salary in
    the base currency); empty where a job states no currency or annual figure, or a currency no rate is known for.
    One UPDATE whatever the number of jobs; returns how many jobs have a salary to convert."""
    base, decimal = base_currency(), models.DecimalField(max_digits=30, decimal_places=12)
    day = Cast(OuterRef("listed_at"), DateField())
    own = Case(When(salary_currency=EURO, then=Value(Decimal(1))),
               default=_latest(OuterRef("salary_currency"), day, "per_euro"), output_field=decimal)
    target = Value(Decimal(1)) if base == EURO else _latest(base, day, "per_euro")
    factor = Case(When(salary_currency=base, then=Value(Decimal(1))),
                  default=ExpressionWrapper(target / own, output_field=decimal), output_field=decimal)
    rate_day = Case(When(salary_currency=base, then=Value(None)),
                    When(salary_currency=EURO, then=_latest(base, day, "day")),
                    default=_latest(OuterRef("salary_currency"), day, "day"), output_field=DateField())
    stated = Q(salary_currency__gt="") & (Q(salary_annual_min__isnull=False) | Q(salary_annual_max__isnull=False))
    converted = jobs.filter(stated).update(salary_base_min=F("salary_annual_min") * factor,
                                           salary_base_max=F("salary_annual_max") * factor, salary_base_rate_day=rate_day)
    jobs.exclude(stated).exclude(salary_base_min=None, salary_base_max=None, salary_base_rate_day=None).update(
        salary_base_min=None, salary_base_max=None, salary_base_rate_day=None)
    return converted


def amount_to_base(amount: Decimal, currency: str, *, on: date | None = None) -> tuple[Decimal | None, date | None]:
    """`amount` of `currency` in the base currency at the latest rates on or before `on` (today), to the cent, with
    the day of the rate used; (None, None) when no rate is known for either currency."""
    currency, base, on = currency.upper(), base_currency(), on or timezone.now().date()
    if currency == base:
        return amount, None
    rates = {}
    for code in {currency, base} - {EURO}:
        found = ExchangeRate.objects.filter(currency=code, day__lte=on).order_by("-day", "source").first()
        if found is None:
            return None, None
        rates[code] = found
    per_euro = {code: rate.per_euro for code, rate in rates.items()} | {EURO: Decimal(1)}
    converted = (amount * per_euro[base] / per_euro[currency]).quantize(CENT, rounding=ROUND_HALF_UP)
    return converted, min(rate.day for rate in rates.values())


@dataclass(frozen=True)
class RatesStored:
    """What exchange_rates_store did with a feed's rates, and how many jobs it converted again."""

    source: str
    added: int  # rates new for their source, currency and day
    corrected: int  # rates stored before with another value, now the feed's
    unchanged: int  # rates stored before alike: left as they were (their fetched_at too)
    first_day: date | None
    last_day: date | None
    jobs_converted: int  # jobs stating a salary that were converted again

    def __str__(self):
        days = f"{self.first_day} to {self.last_day}" if self.first_day != self.last_day else f"{self.first_day}"
        return (f"{self.source} rates of {days}: {self.added} added, {self.corrected} corrected, {self.unchanged} "
                f"unchanged; {self.jobs_converted} salaries converted again")


def exchange_rates_store(*, source: str, rates: Iterable[tuple[str, date, Decimal]]) -> RatesStored:
    """Store `source`'s rates, (currency, day, units per euro) each, and convert again the salaries they change, all
    in one transaction. A rate new for its source, currency and day is added; one stored before with another value is
    corrected (the source's latest word on a day wins); one stored alike is left untouched. A salary converts at the
    latest rates on or before its job's day, so a rate changes no job listed before it: the jobs converted again are
    those listed on or after the earliest day added or corrected, none when nothing changed."""
    from .models import Job  # models imports this module

    rates = {(currency, day): Decimal(per_euro).quantize(RATE_PLACES) for currency, day, per_euro in rates}
    days = [day for _, day in rates]
    with transaction.atomic():
        earlier = ExchangeRate.objects.filter(source=source, day__range=(min(days), max(days))) if days else []
        stored = {(rate.currency, rate.day): rate.per_euro for rate in earlier}
        changed = {key: per_euro for key, per_euro in rates.items() if stored.get(key) != per_euro}
        now = timezone.now()
        ExchangeRate.objects.bulk_create(
            [ExchangeRate(source=source, currency=currency, day=day, per_euro=per_euro, fetched_at=now)
             for (currency, day), per_euro in changed.items()],
            batch_size=STORE_BATCH, update_conflicts=True, unique_fields=["source", "currency", "day"],
            update_fields=["per_euro", "fetched_at"])
        converted = 0
        if changed:
            since = datetime.combine(min(day for _, day in changed), time.min, tzinfo=dt_timezone.utc)
            # And the jobs converted at a later day's rate for want of an earlier one (a new rate may be nearer), and
            # those not converted yet (listed before any rate was stored, or in a currency that had none).
            later = Q(salary_base_rate_day__gt=Cast(F("listed_at"), DateField()))
            unconverted = Q(salary_base_min__isnull=True, salary_base_max__isnull=True)
            converted = jobs_salary_convert(jobs=Job.objects.filter(Q(listed_at__gte=since) | later | unconverted))
    added = sum(key not in stored for key in changed)
    return RatesStored(source=source, added=added, corrected=len(changed) - added, unchanged=len(rates) - len(changed),
                       first_day=min(days, default=None), last_day=max(days, default=None), jobs_converted=converted)
