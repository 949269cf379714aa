"""Reading the ECB's reference rates (scraping/rates_feed.py): the real daily and 90-day files under
tests/fixtures/rates/ (MANIFEST.tsv says where each was copied from), fetched from a loopback server as the ECB serves
them; and feeds that are not rates, refused whole with a message that says what is wrong. Those feeds are test-made:
each is built from a real file by the change its test names, or written here (the HTML error page)."""
from datetime import date
from decimal import Decimal

import pytest

from scraping.errors import FetchError
from scraping.rates_feed import ECB_SOURCE, Rate, RatesFeedError, ecb_rates_fetch, ecb_rates_parse
from tests.conftest import FIXTURES
from tests.servers import Reply

RATES = FIXTURES / "rates"
DAILY = (RATES / "ecb-daily-2025-05-09.xml").read_bytes()
HISTORY = (RATES / "ecb-hist-90d-2020-12-10.xml").read_bytes()


def _per_euro(rates: list[Rate]) -> dict[tuple[str, date], Decimal]:
    return {(rate.currency, rate.day): rate.per_euro for rate in rates}


def test_the_daily_file_gives_one_days_rates():
    rates = ecb_rates_parse(DAILY)

    assert len(rates) == 30
    assert {rate.day for rate in rates} == {date(2025, 5, 9)}
    per_euro = _per_euro(rates)
    assert per_euro["USD", date(2025, 5, 9)] == Decimal("1.1252")
    assert per_euro["GBP", date(2025, 5, 9)] == Decimal("0.84770")
    assert per_euro["JPY", date(2025, 5, 9)] == Decimal("163.36")
    assert per_euro["IDR", date(2025, 5, 9)] == Decimal("18606.59")
    # The ECB stopped publishing the kuna (euro from 2023) and the rouble (March 2022).
    assert not {"HRK", "RUB", "EUR"} & {rate.currency for rate in rates}


def test_an_older_daily_file_lists_the_currencies_of_its_day():
    rates = _per_euro(ecb_rates_parse((RATES / "ecb-daily-2022-07-08.xml").read_bytes()))

    assert len(rates) == 31
    assert rates["HRK", date(2022, 7, 8)] == Decimal("7.5190")
    assert rates["USD", date(2022, 7, 8)] == Decimal("1.0163")


def test_the_90_day_file_gives_every_working_day_oldest_first():
    rates = ecb_rates_parse(HISTORY)

    days = sorted({rate.day for rate in rates})
    assert (len(days), days[0], days[-1]) == (64, date(2020, 9, 14), date(2020, 12, 10))
    assert len(rates) == 64 * 32
    assert rates[0].day == date(2020, 9, 14) and rates[-1].day == date(2020, 12, 10)
    assert date(2020, 12, 5) not in days  # a Saturday: the ECB publishes on working days only
    per_euro = _per_euro(rates)
    assert per_euro["USD", date(2020, 12, 10)] == Decimal("1.2115")
    assert per_euro["USD", date(2020, 11, 2)] == Decimal("1.1652")
    assert per_euro["GBP", date(2020, 12, 9)] == Decimal("0.9")
    assert per_euro["RUB", date(2020, 12, 10)] == Decimal("88.8661")


def _with(old: str, new: str) -> bytes:
    """The real daily file with one change, as a broken or hostile feed would bring it."""
    assert old.encode() in DAILY
    return DAILY.replace(old.encode(), new.encode())


HTML_ERROR_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Service unavailable</title></head>
<body><h1>We'll be back soon</h1><p>The site is under maintenance.</body></html>"""

BROKEN_FEEDS = {
    # the real file cut at half its bytes, as a dropped connection leaves it
    "truncated": (DAILY[: len(DAILY) // 2], "is not XML"),
    "an HTML error page": (HTML_ERROR_PAGE, "is not XML"),
    "well-formed XHTML": (b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Moved</p></body></html>',
                          "its root is <html>"),
    "JSON": (b'{"rates": {"USD": 1.1252}}', "is not XML"),
    "empty": (b"", "is not XML"),
    "no dated cube": (_with("<Cube time='2025-05-09'>", "<Cube>"), "without a dated cube"),
    "an empty dated cube": (DAILY[: DAILY.index(b"<Cube currency='USD'")] + b"</Cube></Cube></gesmes:Envelope>",
                            "the cube of 2025-05-09 lists no rates"),
    "a rate that is not a number": (_with("rate='20.4835'", "rate='abc'"), "the rate of ZAR 'abc'"),
    "a negative rate": (_with("rate='1.1252'", "rate='-1.1252'"), "the rate of USD '-1.1252'"),
    "a zero rate": (_with("rate='1.1252'", "rate='0'"), "the rate of USD '0'"),
    "a rate in exponent form": (_with("rate='1.1252'", "rate='1E3'"), "the rate of USD '1E3'"),
    "a rate past the column": (_with("rate='18606.59'", "rate='1234567890123'"), "the rate of IDR"),
    "a missing rate": (_with("rate='1.1252'", ""), "the rate of USD ''"),
    "a two-letter currency": (_with("currency='USD'", "currency='US'"), "the currency 'US'"),
    "a lower-case currency": (_with("currency='USD'", "currency='usd'"), "the currency 'usd'"),
    "the euro itself": (_with("currency='USD'", "currency='EUR'"), "a rate for EUR"),
    "a currency twice": (_with("currency='JPY'", "currency='USD'"), "USD is listed twice on 2025-05-09"),
    "a date that is no date": (_with("time='2025-05-09'", "time='2025-02-30'"), "'2025-02-30' is not a date"),
    "a date in another form": (_with("time='2025-05-09'", "time='09.05.2025'"), "'09.05.2025' is not a date"),
    "an entity bomb": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                       b"<r>&b;</r>", "is not XML"),
}


@pytest.mark.parametrize("body, message", BROKEN_FEEDS.values(), ids=BROKEN_FEEDS.keys())
def test_a_feed_that_is_not_rates_is_refused_whole_saying_why(body, message):
    with pytest.raises(RatesFeedError, match="eurofxref.xml") as refused:
        ecb_rates_parse(body, origin="eurofxref.xml")

    assert message in str(refused.value)


def test_a_feed_is_fetched_through_the_scrapers_client_from_the_configured_url(loopback, settings):
    loopback.routes["/stats/eurofxref/eurofxref-daily.xml"] = Reply(body=DAILY, headers={"Content-Type": "text/xml"})
    settings.EXCHANGE_RATES_URL = f"{loopback.url}/stats/eurofxref/eurofxref-daily.xml"

    rates = ecb_rates_fetch()

    assert rates == ecb_rates_parse(DAILY)
    (method, path, _, _, headers), = loopback.requests
    assert (method, path) == ("GET", "/stats/eurofxref/eurofxref-daily.xml")
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT
    assert "xml" in headers["Accept"]
    assert ECB_SOURCE == "ECB"


def test_a_feed_answering_an_error_page_with_200_is_a_feed_error(loopback):
    loopback.routes["/eurofxref-daily.xml"] = Reply.html(HTML_ERROR_PAGE)

    with pytest.raises(RatesFeedError, match=f"{loopback.url}/eurofxref-daily.xml is not XML"):
        ecb_rates_fetch(f"{loopback.url}/eurofxref-daily.xml")


def test_a_feed_that_keeps_failing_is_a_fetch_error_after_the_clients_retries(loopback, settings):
    loopback.routes["/eurofxref-daily.xml"] = Reply(status=503, body="busy")

    with pytest.raises(FetchError) as failed:
        ecb_rates_fetch(f"{loopback.url}/eurofxref-daily.xml")

    assert failed.value.status == 503
    assert len(loopback.hits("/eurofxref-daily.xml")) == settings.SCRAPE_MAX_ATTEMPTS
