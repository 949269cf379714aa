"""The job list's state as it travels in the URL: parsed from query parameters and written back (pure)."""
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.http import QueryDict

from .countries import country_name
from .models import Job, SourceKind
from .text import clean_text

SORTS = ("relevance", "newest", "salary")  # relevance is the default with search words, and needs them
POSTED_DAYS = (1, 7, 30, 90)  # choices offered on the page; any positive number of days is accepted in the URL
MAX_QUERY_LENGTH = 200  # characters of search text: longer input is cut, not refused
MAX_COMPANIES = 50  # company ids in one URL: more is no longer a filter anyone means
MAX_PAGE = 100_000  # a page number beyond any real listing; keeps OFFSET arithmetic small
# Characters of the list query a job link carries back (`from`): every parameter at its longest is ~1,000.
MAX_RETURN_QUERY = 2_000
CURRENCY = re.compile(r"^[A-Z]{3}$")
# Salaries are stored to the cent below 10^12 (Job's salary columns): a figure past that is no salary, and PostgreSQL
# refuses to compare a column with it ("value overflows numeric format").
SALARY_CEILING = Decimal(10**12)
CENT = Decimal("0.01")
DEFAULT_KM = 50  # the distance filter's radius when the URL gives none
MAX_KM = 500  # a wider radius is a region's or a country's filter, which the list has
MAX_PLACE_TEXT = 100  # characters of a place to search near: longer is no place name


@dataclass(frozen=True)
class JobFilters:
    """What a visitor asked for. Empty values mean "no filter"; `sort` and `page` always have a value."""

    q: str = ""
    companies: tuple[int, ...] = ()
    country: str = ""
    city: str = ""
    remote: str = ""
    remote_in: str = ""  # a country's alpha-2 code: fully remote jobs open to people there (selectors._remote_in_filter)
    employment_type: str = ""
    seniority: str = ""
    salary_min: Decimal | None = None  # a year, in `currency`
    currency: str = ""  # what salary_min is stated in; empty: the base currency (exchange_rates.base_currency)
    posted_days: int | None = None
    source: str = ""
    near: str = ""  # a place as the visitor wrote it: jobs within `km` of the one city it names
    km: int = DEFAULT_KM
    near_at: tuple[float, float] | None = field(default=None, compare=False)  # `near`'s (lat, lon), where it names one
    sort: str = "newest"
    page: int = 1
    notes: tuple[str, ...] = field(default=(), compare=False)  # what was ignored, and why, to show the visitor

    @property
    def is_filtered(self) -> bool:
        return any(
            (self.q, self.companies, self.country, self.city, self.remote, self.remote_in, self.employment_type,
             self.seniority,
             self.salary_min is not None, self.posted_days, self.source, self.near_at)
        )


def _positive_int(value: str, *, ceiling: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return min(number, ceiling) if number >= 1 else None


def _choice(value: str, choices) -> str:
    return value if value in choices else ""


class _CleanParams:
    """A QueryDict's values as text the database and pages take (jobscraper.text.clean_text): every parameter of
    every public URL passes here, so none carries a NUL to PostgreSQL or a bidi override into a page's title."""

    def __init__(self, params):
        self._params = params

    def get(self, name: str, default: str = "") -> str:
        value = self._params.get(name, default)
        return clean_text(value) if isinstance(value, str) else default

    def getlist(self, name: str) -> list[str]:
        return [clean_text(value) for value in self._params.getlist(name) if isinstance(value, str)]


def _country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code as pycountry knows it ("es" is "ES"), else ""."""
    code = value.strip().upper()
    return code if len(code) == 2 and code.isalpha() and country_name(code) != code else ""


def _default_sort(q: str) -> str:
    return "relevance" if q else "newest"


def _sort(value: str, q: str) -> str:
    chosen = _choice(value, SORTS) or _default_sort(q)
    return "newest" if chosen == "relevance" and not q else chosen


def _km(value: str, notes: list[str]) -> int:
    if not value.strip():
        return DEFAULT_KM
    try:
        km = int(value.strip())
    except ValueError:
        km = 0
    if km < 1:
        notes.append(f"The distance is not a whole number of kilometres, so {DEFAULT_KM} km was used.")
        return DEFAULT_KM
    if km > MAX_KM:
        notes.append(f"The distance is at most {MAX_KM} km, so {MAX_KM} km was used.")
    return min(km, MAX_KM)


def job_filters_parse(params, *, place_of: Callable[[str], tuple[float, float] | None] | None = None) -> JobFilters:
    """JobFilters from a QueryDict-like `params` (`get`, `getlist`); unknown or malformed values are dropped.

    A shared or hand-edited URL must never fail: a bad value is ignored, and what is ignored for a reason the
    visitor can fix (a salary that is no number, a negative one, a place no one city is known by) is said in `notes`.
    `place_of` gives the coordinates of the one city a place names (extraction.cities.coordinates_of, which the
    public views pass: this layer may not import it); without it, `near` is kept but not applied.
    """
    params, notes = _CleanParams(params), []
    ids = (_positive_int(value, ceiling=2**62) for value in params.getlist("company"))
    companies = tuple(dict.fromkeys(pk for pk in ids if pk))
    salary_min = None
    currency = params.get("currency", "").strip().upper()
    currency = currency if CURRENCY.match(currency) else ""
    raw_salary = params.get("salary_min", "").strip().replace(",", "").replace("_", "")
    if raw_salary:
        try:
            salary_min = Decimal(raw_salary)
        except InvalidOperation:
            notes.append("The minimum salary is not a number, so it was ignored.")
        else:
            if not salary_min.is_finite():
                salary_min = None
                notes.append("The minimum salary is not a number, so it was ignored.")
            elif salary_min < 0:
                salary_min = None
                notes.append("The minimum salary cannot be negative, so it was ignored.")
            elif salary_min >= SALARY_CEILING or salary_min.quantize(CENT) >= SALARY_CEILING:
                salary_min = None
                notes.append("The minimum salary is larger than any salary, so it was ignored.")
            else:
                # In `currency`, or the base currency when none is given: the list converts it (selectors.salary_floor).
                salary_min = salary_min.quantize(CENT)
    q = " ".join(params.get("q", "").split())[:MAX_QUERY_LENGTH]
    near = " ".join(params.get("near", "").split())[:MAX_PLACE_TEXT]
    km = _km(params.get("km", ""), notes) if near else DEFAULT_KM
    near_at = place_of(near) if near and place_of else None
    if near and place_of and near_at is None:
        notes.append(f"No one city is known as “{near}”, so the distance filter was ignored.")
    return JobFilters(
        q=q,
        companies=companies[:MAX_COMPANIES],
        country=params.get("country", "").strip()[:60],
        city=params.get("city", "").strip()[:200],
        remote=_choice(params.get("remote", ""), Job.Remote.values),
        remote_in=_country_code(params.get("remote_in", "")),
        employment_type=_choice(params.get("type", ""), Job.EmploymentType.values),
        seniority=params.get("seniority", "").strip()[:32],
        salary_min=salary_min,
        currency=currency,
        posted_days=_positive_int(params.get("posted", ""), ceiling=3650),
        source=_choice(params.get("source", ""), SourceKind.values),
        near=near,
        km=km,
        near_at=near_at,
        sort=_sort(params.get("sort", ""), q),
        page=_positive_int(params.get("page", ""), ceiling=MAX_PAGE) or 1,
        notes=tuple(notes),
    )


def job_filters_params(filters: JobFilters) -> list[tuple[str, str]]:
    """The URL query parameters that reproduce `filters` (page left out: links choose their own)."""
    pairs = [("q", filters.q)] + [("company", str(pk)) for pk in filters.companies]
    pairs += [
        ("country", filters.country), ("city", filters.city), ("remote", filters.remote),
        ("remote_in", filters.remote_in), ("type", filters.employment_type), ("seniority", filters.seniority),
        ("salary_min", "" if filters.salary_min is None else f"{filters.salary_min.normalize():f}"),
        ("currency", filters.currency), ("posted", str(filters.posted_days or "")), ("source", filters.source),
        ("near", filters.near), ("km", str(filters.km) if filters.near and filters.km != DEFAULT_KM else ""),
        ("sort", "" if filters.sort == _default_sort(filters.q) else filters.sort),
    ]
    return [(name, value) for name, value in pairs if value]


@dataclass(frozen=True)
class ActiveFilter:
    """One filter a search applies, and the same search without it (from its first page)."""

    name: str  # the query parameter that sets it ("salary_min" stands for the salary and its currency)
    value: str
    without: JobFilters


def filters_active(filters: JobFilters) -> list[ActiveFilter]:
    """Each filter `filters` applies, in the form's order; each company chosen is one."""
    base = replace(filters, page=1, notes=())
    found = []
    if filters.q:
        found.append(ActiveFilter("q", filters.q, replace(base, q="", sort=_sort(base.sort, ""))))
    found += [
        ActiveFilter("company", str(pk), replace(base, companies=tuple(c for c in filters.companies if c != pk)))
        for pk in filters.companies
    ]
    for name, attribute in (("country", "country"), ("city", "city"), ("remote", "remote"), ("remote_in", "remote_in"),
                            ("type", "employment_type"), ("seniority", "seniority")):
        if value := getattr(filters, attribute):
            found.append(ActiveFilter(name, value, replace(base, **{attribute: ""})))
    if filters.salary_min is not None:
        found.append(ActiveFilter("salary_min", f"{filters.salary_min.normalize():f}", replace(base, salary_min=None, currency="")))
    if filters.posted_days:
        found.append(ActiveFilter("posted", str(filters.posted_days), replace(base, posted_days=None)))
    if filters.source:
        found.append(ActiveFilter("source", filters.source, replace(base, source="")))
    if filters.near_at:  # a place no city is known by filters nothing, and has no chip
        found.append(ActiveFilter("near", f"{filters.km} km of {filters.near}",
                                  replace(base, near="", km=DEFAULT_KM, near_at=None)))
    return found


def job_list_query(filters: JobFilters, *, page: int = 1) -> str:
    """The list's query string for `filters` on `page` (page 1 left out): what a job's link carries so that its page
    can lead back to this search."""
    pairs = job_filters_params(filters) + ([("page", str(page))] if page > 1 else [])
    return urlencode(pairs)


def job_list_query_clean(raw: str) -> str:
    """A list query string as a job link carried it, rebuilt from the filters it parses to: only the list's own
    parameters survive, each valid, so the back link it makes can lead nowhere but our list (a scheme, a host or a
    path in `raw` is no parameter of ours, and is dropped). Empty for anything longer than a list query can be."""
    if len(raw) > MAX_RETURN_QUERY:
        return ""
    filters = job_filters_parse(QueryDict(raw.removeprefix("?")))
    return job_list_query(filters, page=filters.page)


def websearch_terms(q: str) -> tuple[list[str], list[str]]:
    """(required, excluded) terms of web-search syntax, for databases without full-text search.

    "quoted phrases" stay whole, -word excludes, and the word `or` is dropped: the fallback is a plain
    AND of substrings, as close to websearch_to_tsquery as a LIKE can get.
    """
    try:
        tokens = shlex.split(q)
    except ValueError:  # an unbalanced quote
        tokens = q.replace('"', " ").split()
    required, excluded = [], []
    for token in tokens:
        word = token.lstrip("-")
        if not word or token.lower() == "or":
            continue
        (excluded if token.startswith("-") else required).append(word)
    return required, excluded
