"""The ECB rates reader given garbage (scraping.rates_feed.ecb_rates_parse): every feed is read into well-formed rates
or refused whole as a RatesFeedError naming the feed; nothing else escapes and nothing hangs."""
import re
from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, tostring

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraping.rates_feed import RatesFeedError, ecb_rates_parse
from tests.conftest import FIXTURES
from tests.fuzz.strategies import fuzz, page_bytes, texts
from tests.timing import no_hang

pytestmark = pytest.mark.fuzz

ORIGIN = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
DAILY = (FIXTURES / "rates" / "ecb-daily-2025-05-09.xml").read_bytes()
ECB = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}"
# Values near the real ones, and the edges a rate, a code or a day can cross.
RATES = texts | st.sampled_from(["1.1252", "0.000001", "0.0000004", "999999999999.9", "1e3", "-1", "0", " 1.5 ", ""])
CODES = texts | st.sampled_from(["USD", "usd", "EUR", "US", "USDX", " GBP ", "ÜSD"])
DAYS = texts | st.sampled_from(["2025-05-09", "2025-02-30", "0000-01-01", "9999-12-31", "2025-5-9", " 2025-05-09 "])


@st.composite
def ecb_feeds(draw) -> bytes:
    """An envelope of dated cubes of rates, any attribute holding anything or missing."""
    root = Element("{http://www.gesmes.org/xml/2002-08-01}Envelope")
    outer = SubElement(root, f"{ECB}Cube")
    for _ in range(draw(st.integers(0, 3))):
        dated = SubElement(outer, f"{ECB}Cube", draw(st.dictionaries(st.just("time"), DAYS)))
        for _ in range(draw(st.integers(0, 4))):
            attributes = draw(st.fixed_dictionaries({}, optional={"currency": CODES, "rate": RATES}))
            SubElement(dated, f"{ECB}Cube", attributes)
    return tostring(root, encoding="utf-8")


@st.composite
def cut_or_spliced(draw) -> bytes:
    """The real daily file cut anywhere, or with a run of its bytes replaced by any bytes."""
    start = draw(st.integers(0, len(DAILY)))
    end = draw(st.integers(start, len(DAILY)))
    return DAILY[:start] if draw(st.booleans()) else DAILY[:start] + draw(st.binary(max_size=40)) + DAILY[end:]


@fuzz
@given(body=ecb_feeds() | cut_or_spliced() | page_bytes)
def test_any_feed_is_read_into_rates_or_refused_whole(body):
    try:
        rates = no_hang(ecb_rates_parse, body, origin=ORIGIN)
    except RatesFeedError as exc:
        assert str(exc).startswith(ORIGIN)
        return
    assert rates
    assert len({(rate.currency, rate.day) for rate in rates}) == len(rates)
    for rate in rates:
        assert re.fullmatch("[A-Z]{3}", rate.currency) and rate.currency != "EUR"
        assert isinstance(rate.day, date)
        # what ExchangeRate.per_euro stores: positive, 6 decimal places, 12 digits before the point
        assert isinstance(rate.per_euro, Decimal) and 0 < rate.per_euro < 10 ** 12
        assert rate.per_euro == rate.per_euro.quantize(Decimal("0.000001"))
