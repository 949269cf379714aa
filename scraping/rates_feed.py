"""The European Central Bank's reference rates: read its XML (the daily file or a history file) into dated rows, and
fetch it through the scraper's polite HTTP client.

The ECB publishes, on each working day at about 16:00 CET, how many units of each of some 30 currencies one euro buys
(https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html), as a
gesmes envelope of cubes: `<Cube time="2025-05-09"><Cube currency="USD" rate="1.1252"/>…</Cube>`, one dated cube in
`eurofxref-daily.xml`, one per working day in `eurofxref-hist-90d.xml` and `eurofxref-hist.xml`.

A feed is read whole or refused whole (RatesFeedError, saying what is wrong and where): a bad rate in it means it is
not what we think it is, and half a feed stored would look complete.
"""
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings

from .errors import SourceError
from .http import get_bytes

ECB_SOURCE = "ECB"
XML_ACCEPT = "application/xml, text/xml;q=0.9, */*;q=0.1"
CURRENCY = re.compile(r"[A-Z]{3}")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
RATE = re.compile(r"\d{1,12}(\.\d+)?")  # plain positive decimals, within ExchangeRate.per_euro's 12 integer digits
RATE_PLACES = Decimal("0.000001")  # ExchangeRate.per_euro keeps 6 decimal places; the ECB publishes at most 5


class RatesFeedError(SourceError):
    """A feed that is not the ECB's reference-rate XML, or holds a value that is not a rate: nothing of it is used."""


class Rate(NamedTuple):
    """One rate as exchange_rates.exchange_rates_store takes it."""

    currency: str  # ISO 4217, upper case
    day: date
    per_euro: Decimal  # units of `currency` one euro buys on `day`


def ecb_rates_parse(body: bytes, *, origin: str = "the feed") -> list[Rate]:
    """Every rate of an ECB reference-rate file (daily or history), oldest day first; raises RatesFeedError, naming
    `origin` (a URL or file), for anything else: not XML, no dated cube, a day without rates, a currency that is not
    three letters, a rate that is not a positive decimal, a date that is no date, a currency twice on one day."""
    try:
        root = fromstring(body)
    except (ParseError, DefusedXmlException) as exc:
        raise RatesFeedError(f"{origin} is not XML ({exc.__class__.__name__}: {exc}); the first bytes: "
                             f"{body[:60]!r}") from exc
    if _local(root.tag) != "Envelope":
        raise RatesFeedError(f"{origin} is XML but not the ECB's reference rates: its root is <{_local(root.tag)}>, "
                             "not a gesmes <Envelope>")
    rates, seen = [], set()
    for cube in root.iter():
        if _local(cube.tag) != "Cube" or "time" not in cube.attrib:
            continue
        day = _day(cube.attrib["time"], origin)
        listed = [child for child in cube if _local(child.tag) == "Cube"]
        if not listed:
            raise RatesFeedError(f"{origin}: the cube of {day} lists no rates")
        for child in listed:
            rate = Rate(currency=_currency(child.attrib.get("currency"), day, origin), day=day,
                        per_euro=_rate(child.attrib.get("rate"), day, child.attrib.get("currency"), origin))
            if (rate.currency, day) in seen:
                raise RatesFeedError(f"{origin}: {rate.currency} is listed twice on {day}")
            seen.add((rate.currency, day))
            rates.append(rate)
    if not rates:
        raise RatesFeedError(f"{origin} is an ECB envelope without a dated cube (<Cube time=\"…\">): no rates in it")
    return sorted(rates, key=lambda rate: (rate.day, rate.currency))


def ecb_rates_fetch(url: str | None = None) -> list[Rate]:
    """The rates at `url` (EXCHANGE_RATES_URL, the ECB's daily file, by default), fetched politely like any page;
    raises FetchError when it cannot be fetched and RatesFeedError when it is not a feed of rates."""
    url = url or settings.EXCHANGE_RATES_URL
    return ecb_rates_parse(get_bytes(url, accept=XML_ACCEPT), origin=url)


def _local(tag) -> str:
    """A tag without its namespace ("{http://www.ecb.int/…}Cube" -> "Cube"); comments and such have no name."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _day(text: str, origin: str) -> date:
    try:
        if DAY.fullmatch(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise RatesFeedError(f"{origin}: a cube's time {text[:40]!r} is not a date (YYYY-MM-DD)")


def _currency(text: str | None, day: date, origin: str) -> str:
    code = (text or "").strip()
    if not CURRENCY.fullmatch(code):
        raise RatesFeedError(f"{origin}: on {day}, the currency {code[:40]!r} is not a three-letter code")
    if code == "EUR":
        raise RatesFeedError(f"{origin}: on {day}, a rate for EUR, the currency every rate is per")
    return code


def _rate(text: str | None, day: date, currency: str | None, origin: str) -> Decimal:
    value = (text or "").strip()
    try:
        if RATE.fullmatch(value) and (rate := Decimal(value).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)) > 0:
            return rate
    except InvalidOperation:
        pass
    raise RatesFeedError(f"{origin}: on {day}, the rate of {currency} {value[:40]!r} is not a positive decimal "
                         "(units per euro, below 10^12, at least 0.000001)")
