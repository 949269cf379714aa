"""Turn engine output and source data into the job's stored fields: merge, ground, annualise (pure)."""
import math
import re
from datetime import date
from decimal import Decimal

from jobscraper.fields import EXTRACTED, EXTRACTED_SALARY, EXTRACTED_SCALARS

from .injection import without_instructions
from .eligibility import remote_regions
from .figures import currencies_written, pay_numbers_in
from .cities import city_of
from .places import country_of, iso_country
from .schema import JobFields

# Annualisation assumes full-time work: 40 h/week, 5 days/week, 52 weeks/year.
PERIODS_PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
GROUNDING_TOLERANCE = 0.005  # a figure matches the text within 0.5 % (e.g. "$99.5k" vs 99500)
# A salary stated without its period is a year's pay when its figures are at least this large, in a currency whose
# monthly pay rarely reaches it (postings paying by the month, week, day or hour say so). Not in yen, roubles,
# pesos or kronor, whose monthly figures are this large.
ANNUAL_FIGURE_MIN = 10_000  # currency units
# In India a figure of lakhs stated alone is the year's pay, the CTC ("₹ 2,00,000 - 3,00,000").
ANNUAL_FIGURE_MINS = {
    **dict.fromkeys(("USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SGD"), ANNUAL_FIGURE_MIN), "INR": 100_000,
}
# Currencies of countries whose postings state pay by the month, and say so only when it is by the hour or year.
MONTHLY_CURRENCIES = {
    "RUB", "UAH", "BYN", "KZT", "CZK", "PLN", "HUF", "RON", "BGN", "BRL", "ARS", "CLP", "COP", "PEN", "MXN", "CNY",
    "TRY", "PHP", "IDR", "VND", "THB", "MYR", "ILS", "JOD", "EGP", "SAR", "AED", "NGN", "KES", "GHS", "PKR", "BDT",
    "LKR",
}
# In euros and Swiss francs a figure of hundreds or a few thousand stated without a period is a month's pay
# ("1.100€–1.300€", "2 000 EUR"): an hour's or a day's is smaller, a year's larger (ANNUAL_FIGURE_MIN).
MONTHLY_BY_SIZE_CURRENCIES = {"EUR", "CHF"}
MONTHLY_FIGURE_MIN = 400
INFERRED_LABEL = "rules"  # the origin of a value one of our rules inferred from the others

_EMPTY = (None, "", "unknown", [], {})
CITY_KEYS = ("geoname_id", "lat", "lon", "region_code")  # what `located` adds for a city, recomputed each time


def flatten(fields: JobFields) -> dict:
    """Engine output in our stored field names; empty values left out."""
    flat = {name: getattr(fields, name) for name in EXTRACTED_SCALARS}
    for name in ("skills", "requirements", "benefits"):
        flat[name] = [item.strip() for item in getattr(fields, name) if item and item.strip()]
    flat["locations"] = [location_dict(**loc.model_dump()) for loc in fields.locations]
    flat["locations"] = [loc for loc in flat["locations"] if loc]
    if fields.salary is not None:
        flat.update(
            # An infinite or NaN figure (JSON's 1e999) is no amount: left out like a missing one.
            salary_min=_finite(fields.salary.min),
            salary_max=_finite(fields.salary.max),
            salary_currency=(fields.salary.currency or "").upper() or None,
            salary_period=fields.salary.period,
        )
    return {name: value for name, value in flat.items() if value not in _EMPTY}


def _finite(amount: float | None) -> float | None:
    return amount if amount is not None and math.isfinite(amount) else None


def location_dict(*, city=None, region=None, country=None, name=None) -> dict:
    parts = [part.strip() for part in (city, region, country) if part and part.strip()]
    name = (name or ", ".join(parts)).strip()
    if not name:
        return {}
    return {"name": name, "city": (city or "").strip(), "region": (region or "").strip(), "country": (country or "").strip()}


def located(location: dict) -> dict:
    """A stored place with its country as an ISO 3166-1 alpha-2 code, which the country filter and facets read: the
    country given, written as a code or a name ("DE", "DEU", "Germany", "Deutschland"); else the one its name reads
    as, where it reads as one only ("München", "Austin, TX", "Remote - Canada"; not "Remote - EMEA" nor "Hyderabad",
    in India and in Pakistan). Its name is kept as written; a country that names none ("EU") is left out.

    Where it names one city (extraction.cities.city_of), the city as geonames names it ("München": "Munich"), its
    geonames id, coordinates and region (ISO 3166-2, where known: `region_code`), which the distance filter and the
    city facet read; else none of these, and its city as written."""
    given = str(location.get("country") or "")
    country = iso_country(given) if given.strip() else None
    city_region = ", ".join(str(location[key]).strip() for key in ("city", "region") if location.get(key))
    names = [str(location.get("name") or ""), city_region]
    if not country:
        country = next((found for name in names if name.strip() and (found := country_of(name))), None)
    place = {key: value for key, value in location.items() if key not in CITY_KEYS}
    city = next((found for name in names[::-1] if name.strip() and (found := city_of(name, country=country or ""))), None)
    if city:
        country = country or city.country
        place.update(city=city.name, geoname_id=city.geoname_id, lat=city.lat, lon=city.lon)
        place.update({"region_code": city.region} if city.region else {})
    if country:
        return {**place, "country": country}
    return {**place, "country": ""} if "country" in location else place


def salary_is_grounded(values: dict, text: str) -> bool:
    """Every salary figure must be written in the posting text as pay: not as funding, equity, a bonus or commission."""
    figures = [values.get(key) for key in ("salary_min", "salary_max") if values.get(key) is not None]
    written = pay_numbers_in(text, wanted=lambda number: _may_ground(number, figures))
    return all(any(_grounds(w, f) for w in written) for f in figures)


def _grounds(number: float, figure) -> bool:
    return abs(float(figure) - number) <= GROUNDING_TOLERANCE * max(abs(float(figure)), 1)


def _may_ground(number: float, figures: list) -> bool:
    """Only a number near a figure can ground it: the others need not be checked as pay. A figure that is no number
    keeps them all, and fails the check as before."""
    try:
        return any(_grounds(number, figure) for figure in figures)
    except (TypeError, ValueError):
        return True


def period_from_size(values: dict) -> str | None:
    """The period a salary stated without one is in: "year" for figures large enough to be a year's pay in its
    currency, "month" in a currency whose postings state pay by the month (roubles, zloty, reais, yuan...) or for
    figures of a month's size in euros."""
    figures = [values[key] for key in ("salary_min", "salary_max") if values.get(key) is not None]
    currency = values.get("salary_currency")
    if not figures:
        return None
    if currency in ANNUAL_FIGURE_MINS and min(figures) >= ANNUAL_FIGURE_MINS[currency]:
        return "year"
    if currency in MONTHLY_CURRENCIES:
        return "month"
    if currency in MONTHLY_BY_SIZE_CURRENCIES and MONTHLY_FIGURE_MIN <= min(figures) <= max(figures) < ANNUAL_FIGURE_MIN:
        return "month"
    return None


def location_is_grounded(location: dict, text: str) -> bool:
    """The posting names the place: its city, region or country as written (a bare country code is not checked)."""
    return _place_named(location, _as_read(text))


def _as_read(text: str) -> str:
    # Compared as words, links read as their text: "Melbourne VIC (Remote)" is in "[Melbourne VIC](/jobs) (Remote)".
    return _LINK_TARGET_RE.sub("]", text).casefold()


def _place_named(location: dict, text: str) -> bool:
    """`location_is_grounded` on the posting as `_as_read` gives it, read once for all its places."""
    parts = [location.get(key) or "" for key in ("city", "region", "country")]
    # A bare code ("IL", "GB") is not checked; a short name in another script ("南京") is.
    names = [part for part in parts if part.strip() and not re.fullmatch(r"[A-Za-z]{1,3}", part.strip())]
    names = names or [part for part in parts if part.strip()] or [location.get("name") or ""]  # "USA", "US": either
    return all(len(name.strip()) <= 2 for name in names) or any(
        _has_words(text, _WORDS_RE.findall(name.casefold())) for name in names
    )


_LINK_TARGET_RE = re.compile(r"\]\([^)]*\)")
_WORDS_RE = re.compile(r"\w+")
_WORD_RE = re.compile(r"\w{2,}")


def title_is_grounded(title: str, text: str) -> bool:
    """At least half the title's words are in the posting: a model may write out "Sr." or leave off "(m/f/d)", but
    a title the posting never gives (one it was told to say) has none of them."""
    words = set(_WORD_RE.findall(str(title).casefold()))
    folded = text.casefold()
    return not words or 2 * sum(_has_words(folded, [word]) for word in words) >= len(words)


def _has_words(text: str, words: list[str]) -> bool:
    """`words` stand in `text` one after the other, each whole, with no other word between them (as the text's runs
    of word characters, \\w, list them): looked up where the first occurs, not by listing the text's words, which
    cost ~0.1 ms a posting. No words stand in a text that has none."""
    if not words:
        return not _WORDS_RE.search(text)
    start = text.find(words[0])
    while start >= 0:
        if _words_at(text, start, words):
            return True
        start = text.find(words[0], start + 1)
    return False


def _words_at(text: str, start: int, words: list[str]) -> bool:
    if start and _is_word_character(text[start - 1]):
        return False
    position = start
    for index, word in enumerate(words):
        if index:
            while position < len(text) and not _is_word_character(text[position]):
                position += 1
            if not text.startswith(word, position):
                return False
        position += len(word)
        if position < len(text) and _is_word_character(text[position]):
            return False
    return True


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # as a regular expression's \w reads it


def annualise(amount, period: str | None) -> Decimal | None:
    if amount is None or period not in PERIODS_PER_YEAR:
        return None
    return (Decimal(str(amount)) * PERIODS_PER_YEAR[period]).quantize(Decimal("0.01"))


def _date_or_none(value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _single_figure_bounded(source: dict, extracted: dict) -> str | None:
    """The bound to leave out when the source gives pay as one figure (JSON-LD's single "value": min and max alike)
    and the engine read that same figure in the posting as one bound only ("30万円～", "from €40,000", "up to $90k"):
    "salary_max" or "salary_min", else None."""
    figure = source.get("salary_min")
    if figure in _EMPTY or source.get("salary_max") != figure:
        return None
    low, high = extracted.get("salary_min"), extracted.get("salary_max")
    if low is not None and high is None and _grounds(low, figure):
        return "salary_max"
    if high is not None and low is None and _grounds(high, figure):
        return "salary_min"
    return None


def merge(*, source: dict, source_label: str, extracted: dict, engine_label: str, text: str) -> tuple[dict, dict, list]:
    """Source data wins; the engine fills only what is missing; ungrounded engine values are dropped.

    Returns (stored values, where each came from, notes on dropped values).
    """
    values, origins, dropped = {}, {}, []
    # What the posting says to a model grounds nothing the model answers.
    text, instructions = without_instructions(text)
    if instructions:
        dropped.append(f"the posting speaks to a language model ({instructions} sentence{'s' * (instructions > 1)}, "
                       "not used to check the extracted values)")
    source_has_salary = any(source.get(key) not in _EMPTY for key in ("salary_min", "salary_max"))
    for name in EXTRACTED:
        if source.get(name) not in _EMPTY:
            values[name], origins[name] = source[name], source_label
        elif extracted.get(name) not in _EMPTY and not (name in EXTRACTED_SALARY and source_has_salary):
            values[name], origins[name] = extracted[name], engine_label
    if source_has_salary and (bound := _single_figure_bounded(source, extracted)):
        dropped.append(f"{bound} {values.pop(bound)} left out: the posting states the source's one figure as a bound")
        origins.pop(bound)
    if origins.get("title") == engine_label and not title_is_grounded(values["title"], text):
        dropped.append(f"title {values.pop('title')} not found in the posting text")
        origins.pop("title")
    engine_salary = [key for key in EXTRACTED_SALARY if origins.get(key) == engine_label]
    engine_amount = "salary_min" in engine_salary or "salary_max" in engine_salary
    has_amount = any(values.get(key) not in _EMPTY for key in ("salary_min", "salary_max"))
    ungrounded = engine_amount and not salary_is_grounded(values, text)
    if ungrounded:
        dropped.append(f"salary {values.get('salary_min')}-{values.get('salary_max')} not found in the posting text")
    # A currency or period without a figure says nothing: the engine's go with its figures.
    if engine_salary and (ungrounded or not has_amount):
        for key in engine_salary:
            values.pop(key)
            origins.pop(key)
    # The posting's currencies are read only to check an engine's.
    if (
        origins.get("salary_currency") == engine_label
        and (written := currencies_written(text))
        and values["salary_currency"] not in written
    ):
        dropped.append(f"currency {values.pop('salary_currency')} contradicts the posting's {', '.join(sorted(written))}")
        origins.pop("salary_currency")
    if values.get("salary_period") in _EMPTY and (period := period_from_size(values)):
        values["salary_period"], origins["salary_period"] = period, INFERRED_LABEL
    values["date_posted"] = _date_or_none(values.get("date_posted"))
    if values["date_posted"] is None:
        origins.pop("date_posted", None)
    values["locations"] = [loc if isinstance(loc, dict) else location_dict(name=str(loc)) for loc in values.get("locations", [])]
    if origins.get("locations") == engine_label:
        read = _as_read(text)
        grounded = [loc for loc in values["locations"] if _place_named(loc, read)]
        dropped += [f"location {loc['name']} not found in the posting text" for loc in values["locations"] if loc not in grounded]
        values["locations"] = grounded
        if not grounded:
            origins.pop("locations")
    dropped += [
        f"location {loc.get('name')}: country {loc['country']!r} names no country, left out"
        for loc in values["locations"] if str(loc.get("country") or "").strip() and not iso_country(str(loc["country"]))
    ]
    values["locations"] = [located(loc) for loc in values["locations"]]
    values["remote_regions"], said_by = remote_regions(
        remote=values.get("remote", ""), locations=values["locations"], stated=source.get("remote_regions") or (),
        text=text,
    )
    if said_by:  # the source's statement, or our rules' reading of the places or the words
        origins["remote_regions"] = source_label if said_by == "source" else INFERRED_LABEL
    period = values.get("salary_period")
    values["salary_annual_min"] = annualise(values.get("salary_min"), period)
    values["salary_annual_max"] = annualise(values.get("salary_max"), period)
    return values, origins, dropped
