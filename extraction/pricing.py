"""Cloud prices and costs (pure): what a call costs or may cost at a model's price, and the budget's day (UTC)."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import ROUND_UP, Decimal

PER_TOKENS = 1_000_000  # prices are quoted in USD per million tokens
BATCH_PRICE_FACTOR = Decimal("0.5")  # what OpenAI's Batch API charges, as a share of a synchronous request's price
CENT_FRACTION = Decimal("0.000001")  # costs are kept to a millionth of a dollar, rounded up


class PriceUnknown(Exception):
    """The cloud model has no price: calling it would spend without counting, so it is not called."""


@dataclass(frozen=True)
class Price:
    input: Decimal  # USD per 1M prompt tokens
    output: Decimal  # USD per 1M completion tokens


def price_of(model: str, prices: dict) -> Price:
    """The model's price from a {model: {"input": ..., "output": ...}} table (CLOUD_MODEL_PRICES)."""
    entry = prices.get(model)
    if entry is None:
        raise PriceUnknown(
            f"cloud not configured: no price for the model {model!r}: add it to CLOUD_MODEL_PRICES (USD per 1M input and output "
            f"tokens, e.g. '{{\"{model}\": {{\"input\": 0.15, \"output\": 0.6}}}}'); priced: {', '.join(sorted(prices))}"
        )
    return Price(input=Decimal(str(entry["input"])), output=Decimal(str(entry["output"])))


def call_cost(*, tokens_in: int, tokens_out: int, price: Price, batch: bool = False) -> Decimal:
    """USD for a call's tokens; a Batch API call costs half."""
    cost = (tokens_in * price.input + tokens_out * price.output) / PER_TOKENS
    if batch:
        cost *= BATCH_PRICE_FACTOR
    return cost.quantize(CENT_FRACTION, rounding=ROUND_UP)


def budget_day(at: datetime) -> date:
    """The day whose budget a call at `at` counts against: budgets run from midnight to midnight UTC."""
    return at.astimezone(dt_timezone.utc).date()


def budget_resets_at(at: datetime) -> datetime:
    return datetime.combine(budget_day(at) + timedelta(days=1), time(0), tzinfo=dt_timezone.utc)
