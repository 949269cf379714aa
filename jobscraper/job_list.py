"""The public list's page: one page of matches in the chosen order, the total, and facet counts over a sample."""
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchHeadline
from django.db import connection
from django.db.models import QuerySet

from .countries import country_name
from .filters import ActiveFilter, JobFilters, filters_active, job_filters_params
from .models import Company, Job, SourceKind
from .regions import area_members, covering
from .selectors import (
    SalaryFloor, job_filter_public, job_ids_by_relevance, job_rows_listed, jobs_ordered, salary_floor, search_query,
)

PAGE_SIZE = 25  # jobs per list page
# Facets are counted over a sample of this many matches rather than all of them: a GROUP BY over every match
# costs ~100 ms at 500k jobs. When there are fewer matches, counts and total are exact. Finding the sample is
# the slowest part of a broad search with filters (at 500k jobs, ~24k rows read for 1,000 matches, ~27 ms);
# 500 halves that, and still ranks the values a facet offers the way the matches do.
FACET_SAMPLE = 500  # rows
FACET_OPTIONS = 15  # most frequent values shown per facet (a selected value is always kept)
# Beyond FACET_SAMPLE matches the total is counted only this many pages past the current one ("page 3 of 40+"):
# an exact count of a broad search reads every match, the slowest part of a list page.
PAGES_AHEAD = 10
RELAXATIONS = 3  # filters an empty result suggests dropping, those that would find the most first
# Search words rank the newest RANK_WINDOW matches by relevance (its first 10 pages); later pages go on newest first.
# ts_rank reads each match's search vector, kilobytes out of line: ranking every match of a broad search took 257 ms
# at 100k jobs, where its newest 25 take 25 ms.
RANK_WINDOW = 10 * PAGE_SIZE
# Where a snippet's matching words start and stop: control characters, which no stored text holds (jobscraper.text),
# so the snippet is escaped whole and only these become <mark> (templatetags.jobs.snippet).
MARK_START, MARK_STOP = "\x02", "\x03"
# What a visitor reads for a source kind: where the posting was found, or the ATS's name (its label's first word).
PUBLIC_SOURCE_NAMES = {SourceKind.CAREER_PAGE: "Company website", SourceKind.JOB_BOARDS: "Job boards"}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Chip:
    """An active filter as the page shows it, with the list's query without it (and, to suggest, what that finds)."""

    label: str
    query: str
    count: int | None = None


@dataclass(frozen=True)
class JobListPage:
    jobs: list[Job]
    number: int
    total: int  # matches counted; a lower bound when not total_is_exact
    total_is_exact: bool
    facets: dict[str, list[FacetOption]]
    facets_sampled: bool  # counted over a sample of FACET_SAMPLE matches only
    chips: list[Chip] = field(default_factory=list)  # the filters applied, each removable
    relaxations: list[Chip] = field(default_factory=list)  # on an empty page: filters whose removal finds jobs
    notes: list[str] = field(default_factory=list)  # how a filter was read, where the URL alone cannot say (as notes)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _options(counts: Counter, *, selected, labels=None) -> list[FacetOption]:
    """The most frequent values, then any selected value that is not among them (with its count, maybe 0)."""
    chosen = [str(value) for value in (selected if isinstance(selected, tuple) else (selected,)) if value]
    labels = {str(value): label for value, label in (labels or {}).items()}
    tallies = {str(value): count for value, count in counts.items()}
    shown = [str(value) for value, _ in counts.most_common(FACET_OPTIONS)]
    shown += [value for value in chosen if value not in shown]
    return [FacetOption(value, labels.get(value, value), tallies.get(value, 0), value in chosen) for value in shown]


# Facet counts over the first FACET_SAMPLE rows of `sample` (the filtered jobs' facet columns, FACET_SAMPLE + 1 of
# them), counted by the database: a row per (facet, value, label, count), the first one ("", "", "", rows in the
# sample). Counting in SQL sends ~100 counts rather than 1,000 rows whose locations Python would decode (~6 ms).
# A job in two places of one country counts once for that country.
_FACET_COUNTS = """
WITH sample (company_id, company_name, source, remote, employment_type, seniority, currency, locations, regions)
AS ({sample}),
counted AS (SELECT * FROM (SELECT sample.*, ROW_NUMBER() OVER () AS position FROM sample) AS numbered
            WHERE position <= %s),
places AS (SELECT counted.position, {country} AS country, {city} AS city FROM counted {places})
SELECT '', '', '', COUNT(*) FROM sample
UNION ALL SELECT 'company', CAST(company_id AS TEXT), MAX(company_name), COUNT(*) FROM counted GROUP BY company_id
UNION ALL SELECT 'source', source, '', COUNT(*) FROM counted GROUP BY source
UNION ALL SELECT 'remote', remote, '', COUNT(*) FROM counted GROUP BY remote
UNION ALL SELECT 'type', employment_type, '', COUNT(*) FROM counted GROUP BY employment_type
UNION ALL SELECT 'seniority', seniority, '', COUNT(*) FROM counted WHERE seniority NOT IN ('', 'unknown') GROUP BY seniority
UNION ALL SELECT 'currency', currency, '', COUNT(*) FROM counted WHERE currency <> '' GROUP BY currency
UNION ALL SELECT 'country', country, '', COUNT(DISTINCT position) FROM places WHERE country <> '' GROUP BY country
UNION ALL SELECT 'city', city, '', COUNT(DISTINCT position) FROM places WHERE city <> '' GROUP BY city
UNION ALL SELECT 'regions', CAST(regions AS TEXT), '', COUNT(*) FROM counted WHERE remote = 'remote'
  GROUP BY CAST(regions AS TEXT)
"""
# Each job's places, as JSON objects (anything else in `locations` is skipped), and a place's country and city.
_PLACES = {
    "postgresql": (
        "CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(counted.locations) = 'array' "
        "THEN counted.locations ELSE '[]' END) AS place (value) WHERE jsonb_typeof(place.value) = 'object'",
        "COALESCE(place.value ->> '{key}', '')",
    ),
    "sqlite": (
        ", json_each(CASE WHEN json_type(counted.locations) = 'array' THEN counted.locations ELSE '[]' END) AS place "
        "WHERE place.type = 'object'",
        "COALESCE(CAST(json_extract(place.value, '$.{key}') AS TEXT), '')",
    ),
}


def _facet_counts(jobs: QuerySet[Job]) -> tuple[int, dict[str, Counter], dict[str, str]]:
    """(rows in the sample, up to FACET_SAMPLE + 1; counts per facet and value; company names by id)."""
    sample = jobs.values_list(
        "company_id", "company__name", "company__source_kind", "remote", "employment_type", "seniority",
        "salary_currency", "locations", "remote_regions",
    )[: FACET_SAMPLE + 1]
    sample_sql, params = sample.query.sql_with_params()
    places, place_key = _PLACES[connection.vendor]
    sql = _FACET_COUNTS.format(
        sample=sample_sql, places=places, country=place_key.format(key="country"), city=place_key.format(key="city")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, FACET_SAMPLE))
        rows = cursor.fetchall()
    counts, names = defaultdict(Counter), {}
    for facet, value, label, count in rows[1:]:
        counts[facet][value] = count
        if facet == "company":
            names[value] = label
    return rows[0][3], counts, names


def public_source_name(kind: str) -> str:
    if kind in PUBLIC_SOURCE_NAMES:
        return PUBLIC_SOURCE_NAMES[kind]
    return SourceKind(kind).label.split()[0] if kind in SourceKind.values else kind


def _capitalised(labels) -> dict:
    return {value: label[:1].upper() + label[1:] for value, label in labels}


def _facets(counts: dict[str, Counter], filters: JobFilters, company_names: dict) -> dict[str, list[FacetOption]]:
    return {
        "company": _options(counts["company"], selected=filters.companies, labels=company_names),
        "source": _options(counts["source"], selected=filters.source,
                           labels={kind: public_source_name(kind) for kind in SourceKind.values}),
        "remote": _options(counts["remote"], selected=filters.remote, labels=_capitalised(Job.Remote.choices)),
        "type": _options(counts["type"], selected=filters.employment_type,
                         labels=_capitalised(Job.EmploymentType.choices)),
        "seniority": _options(counts["seniority"], selected=filters.seniority,
                              labels=_capitalised((value, value) for value in counts["seniority"])),
        "currency": _options(counts["currency"], selected=filters.currency),
        "country": _options(counts["country"], selected=filters.country,
                            labels={code: country_name(code) for code in (*counts["country"], filters.country)}),
        "city": _options(counts["city"], selected=filters.city),
        "remote_in": _remote_in_options(counts["regions"], selected=filters.remote_in),
    }


def _remote_in_options(stated: Counter, *, selected: str) -> list[FacetOption]:
    """The countries some sampled remote job is open to, by name, each with how many are (a job open to the EU counts
    for each member): counted from each distinct list of regions the sample's remote jobs state (a few dozen)."""
    lists = [(set(json.loads(text)), count) for text, count in stated.items() if text and text not in ("[]", "null")]
    lists = [(regions, count) for regions, count in lists if regions]
    counts = Counter()
    for country in {member for regions, _ in lists for code in regions for member in area_members().get(code, {code})}:
        counts[country] = sum(count for regions, count in lists if regions & set(covering(country)))
    if selected and selected not in counts:
        counts[selected] = 0
    options = [FacetOption(code, country_name(code), count, code == selected) for code, count in counts.items()]
    return sorted(options, key=lambda option: option.label)


def _salary_label(salary: SalaryFloor) -> str:
    """"At least GBP 50,000 a year (≈ EUR 58,500)": the amount as asked, and as compared where it was converted."""
    label = f"At least {salary.currency} {salary.amount:,.0f} a year"
    if salary.base_amount is not None and salary.currency != salary.base_currency:
        label += f" (≈ {salary.base_currency} {salary.base_amount:,.0f})"
    return label


def _salary_notes(salary: SalaryFloor | None) -> list[str]:
    if salary is None or salary.base_amount is not None:
        return []
    return [f"No exchange rate is known for {salary.currency}, so the minimum salary is compared only with jobs "
            f"paying in {salary.currency}."]


def _remote_in_notes(filters: JobFilters) -> list[str]:
    if not filters.remote_in:
        return []
    return [f"Only remote jobs that say they are open to people in {country_name(filters.remote_in)} (or an area "
            "that includes it, such as the EU or EMEA) are listed; remote jobs that do not say where they hire are not."]


def _chip_label(active: ActiveFilter, company_names: dict, salary: SalaryFloor | None) -> str:
    labels = {
        "q": lambda: f"“{active.value}”",
        "company": lambda: company_names.get(active.value, f"Company {active.value}"),
        "country": lambda: country_name(active.value),
        "remote_in": lambda: f"Remote, open to people in {country_name(active.value)}",
        "remote": lambda: _capitalised(Job.Remote.choices)[active.value],
        "type": lambda: _capitalised(Job.EmploymentType.choices)[active.value],
        "seniority": lambda: active.value[:1].upper() + active.value[1:],
        "salary_min": lambda: _salary_label(salary),
        "posted": lambda: f"Posted in the last {'day' if active.value == '1' else active.value + ' days'}",
        "source": lambda: public_source_name(active.value),
        "near": lambda: f"Within {active.value}",
    }
    return labels[active.name]() if active.name in labels else active.value


def _chips(filters: JobFilters, company_names: dict, salary: SalaryFloor | None) -> list[tuple[Chip, JobFilters]]:
    return [
        (Chip(_chip_label(active, company_names, salary), urlencode(job_filters_params(active.without))),
         active.without)
        for active in filters_active(filters)
    ]


def _relaxations(chips: list[tuple[Chip, JobFilters]], salary: SalaryFloor | None) -> list[Chip]:
    """For an empty page: the filters whose removal alone finds jobs, with how many (counted up to FACET_SAMPLE)."""
    found = []
    for chip, without in chips:
        count = job_filter_public(filters=without, salary=salary).order_by().values("id")[: FACET_SAMPLE + 1].count()
        if count:
            found.append(Chip(chip.label, chip.query, count))
    return sorted(found, key=lambda chip: -chip.count)[:RELAXATIONS]


def _page_ids(matches: QuerySet[Job], filters: JobFilters, offset: int) -> list[int]:
    """The ids on the page starting at `offset`; by relevance, the page's share of the ranked window of newest."""
    if filters.sort == "relevance" and filters.q and connection.vendor == "postgresql" and offset < RANK_WINDOW:
        window = list(matches.values_list("id", flat=True)[:RANK_WINDOW])
        return job_ids_by_relevance(ids=window, q=filters.q)[offset : offset + PAGE_SIZE]
    return list(matches.values_list("id", flat=True)[offset : offset + PAGE_SIZE])


def _rows(ids: list[int], q: str) -> dict[int, Job]:
    rows = job_rows_listed(Job.objects.filter(pk__in=ids))
    if q and connection.vendor == "postgresql":
        # The posting's words around the matching ones, for this page's rows only (ts_headline reads the whole text).
        rows = rows.annotate(snippet=SearchHeadline(
            "raw_content", search_query(q), config="english", start_sel=MARK_START, stop_sel=MARK_STOP,
            min_words=12, max_words=30, max_fragments=2, fragment_delimiter=" … ",
        ))
    return {job.pk: job for job in rows}


def job_list_page(*, filters: JobFilters) -> JobListPage:
    """One page of the public list with facet counts, in 3 queries (+1 for a deep page, +1 with a company filter, +1
    to rank search words' matches, +1 per filter applied when the page is empty, to suggest which to drop; +1 or +2
    to convert a minimum salary stated in a currency other than the base, exchange_rates.amount_to_base).

    1. facet counts over FACET_SAMPLE matches, in no order, and the exact total when it fits;
    2. on a page deep enough to need more, a count capped PAGES_AHEAD pages beyond this one;
    3. this page's ids, by an index-only scan of the order's index (a deep OFFSET then skips index entries, not
       table rows), then 4. those rows alone.
    """
    salary = salary_floor(filters=filters)
    unordered = job_filter_public(filters=filters, salary=salary).order_by()
    matches = jobs_ordered(unordered, filters.sort)
    # In no order, so that PostgreSQL may take the sample straight from the indexes' bitmaps (the search's GIN
    # index proves a plain word without reading the row's tsvector). Newest first, it would walk the date index
    # and test each row it passes: for a broad search with filters, ~16k rows and their out-of-line tsvectors.
    sample_size, counts, sampled_names = _facet_counts(unordered)
    sampled = sample_size > FACET_SAMPLE
    offset = (filters.page - 1) * PAGE_SIZE
    total, exact = min(sample_size, FACET_SAMPLE), not sampled
    cap = offset + PAGES_AHEAD * PAGE_SIZE
    if sampled and cap > FACET_SAMPLE:  # else the sample already says "more than FACET_SAMPLE"
        total = unordered.values("id")[: cap + 1].count()
        exact = total <= cap
        total = min(total, cap)
    number = filters.page
    if exact and offset >= total:  # past the end (a shared link, an edited URL): its last page instead
        number = max(1, -(-total // PAGE_SIZE))
        offset = (number - 1) * PAGE_SIZE
    company_names = sampled_names
    if filters.companies:
        # A chosen company with no match left must stay in the form, named.
        chosen = Company.objects.filter(pk__in=filters.companies).values_list("pk", "name")
        company_names |= {str(pk): name for pk, name in chosen}
    ids = _page_ids(matches, filters, offset)
    rows = _rows(ids, filters.q)
    chips = _chips(filters, company_names, salary)
    return JobListPage(
        jobs=[rows[pk] for pk in ids if pk in rows],
        number=number,
        total=total,
        total_is_exact=exact,
        facets=_facets(counts, filters, company_names),
        facets_sampled=sampled,
        chips=[chip for chip, _ in chips],
        relaxations=_relaxations(chips, salary) if not ids else [],
        notes=_salary_notes(salary) + _remote_in_notes(filters),
    )
