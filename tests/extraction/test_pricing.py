"""Prices and costs of cloud calls, and the budget's day (pure)."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from extraction.pricing import Price, PriceUnknown, budget_day, budget_resets_at, call_cost, price_of
from jobscraper.settings import cloud_model_prices

PRICES = {"gpt-4o-mini": {"input": 0.15, "output": 0.60}}


def test_a_call_costs_its_tokens_at_the_models_price_and_half_in_a_batch():
    price = price_of("gpt-4o-mini", PRICES)

    assert price == Price(input=Decimal("0.15"), output=Decimal("0.6"))
    # 10,000 tokens in at $0.15/M and 1,000 out at $0.60/M
    assert call_cost(tokens_in=10_000, tokens_out=1_000, price=price) == Decimal("0.002100")
    assert call_cost(tokens_in=10_000, tokens_out=1_000, price=price, batch=True) == Decimal("0.001050")
    # a fraction of a millionth is rounded up, never down to free
    assert call_cost(tokens_in=1, tokens_out=0, price=price) == Decimal("0.000001")
    assert call_cost(tokens_in=0, tokens_out=0, price=price) == Decimal(0)


def test_a_model_without_a_price_is_an_error_naming_the_fix():
    with pytest.raises(PriceUnknown) as raised:
        price_of("gpt-9-ultra", PRICES)

    assert str(raised.value).startswith("cloud not configured: no price for the model 'gpt-9-ultra'")
    assert "CLOUD_MODEL_PRICES" in str(raised.value) and "priced: gpt-4o-mini" in str(raised.value)


def test_the_budget_day_runs_midnight_to_midnight_utc():
    late_in_lisbon_summer = datetime(2025, 6, 30, 23, 30, tzinfo=timezone(timedelta(hours=1)))  # 22:30 UTC

    assert budget_day(late_in_lisbon_summer).isoformat() == "2025-06-30"
    assert budget_resets_at(late_in_lisbon_summer) == datetime(2025, 7, 1, tzinfo=timezone.utc)
    assert budget_day(datetime(2025, 7, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))).isoformat() == "2025-06-30"


def test_prices_from_the_environment_add_models_and_replace_defaults():
    prices = cloud_model_prices('{"my-model": {"input": 1, "output": 4}, "gpt-4o-mini": {"input": 0.1, "output": 0.5}}')

    assert prices["my-model"] == {"input": 1, "output": 4}
    assert prices["gpt-4o-mini"] == {"input": 0.1, "output": 0.5}
    assert prices["gpt-4o"] == {"input": 2.50, "output": 10.00}  # a default kept


@pytest.mark.parametrize("raw", ['{"m": {"input": 1}}', '{"m": {"input": -1, "output": 2}}', '{"m": 3}', "[1]", "{"])
def test_prices_that_are_not_two_non_negative_numbers_are_refused(raw):
    with pytest.raises(ImproperlyConfigured, match="CLOUD_MODEL_PRICES"):
        cloud_model_prices(raw)
