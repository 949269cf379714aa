"""Reads for the public pages: the filtered, sorted, paginated job list with its facets, detail, company, exports."""
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import CharField, F, Q, QuerySet, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from .fields import JOB_FIELDS, LISTED
from .filters import JobFilters, websearch_terms
from .models import Company, Job, JobChange, ScrapeRun, SourceKind

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
FEED_ITEMS = 50  # entries in an Atom feed
MORE_AT_COMPANY = 5  # other jobs listed on a job's page
COMPANY_PAGE_JOBS = 50  # jobs listed on a company's page; the rest are a link to the filtered list
EXPORT_CHUNK = 2_000  # rows fetched per round trip while streaming an export

# What a list row shows: never the texts (raw_content, description_html, search_vector are kilobytes each).
LIST_COLUMNS = ("external_id", "company__name", "first_seen_at", "status", *LISTED)
# What an export reads: the exported stored fields, the title as the heading the pages show.
EXPORT_COLUMNS = (
    "id", "heading", "company__name", *(f.name for f in JOB_FIELDS if f.exported and f.stored and f.name != "title"),
    "first_seen_at", "source_url",
)


def _heading():
    """The title to show: the extracted one, else the source's, else the external id (as Job.display_title)."""
    source_title = Cast(KeyTextTransform("title", "source_data"), CharField())
    return Coalesce(NullIf(F("title"), Value("")), NullIf(source_title, Value("")), F("external_id"))


def _list_rows(jobs: QuerySet[Job]) -> QuerySet[Job]:
    return jobs.select_related("company").only(*LIST_COLUMNS).annotate(heading=_heading())


def _location_filter(key: str, value: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(locations__contains=[{key: value}])  # jsonb @>, served by the job_public_locations GIN index
    # SQLite has no JSON containment: match the key/value pair as Django writes it into the JSON text.
    return Q(locations__icontains=json.dumps({key: value})[1:-1])


def _text_filter(q: str) -> Q:
    if connection.vendor == "postgresql":
        # The configuration is cast from text at run time rather than written as a constant, so that PostgreSQL
        # prices this test as parsing a query (~100 operators) instead of 1 and makes it after every cheaper filter;
        # as a constant it came before the `column = value` filters, whatever the written order. Parsing is not its
        # real price, but it is of that order: where the GIN index does not answer it, the test reads the row's
        # tsvector, kilobytes out of line. The GIN index takes the expression as it would a constant.
        config = Cast(Value("english"), TextField())
        return Q(search_vector=SearchQuery(q, search_type="websearch", config=config))
    required, excluded = websearch_terms(q)
    condition = Q()
    for term in required:
        condition &= Q(title__icontains=term) | Q(raw_content__icontains=term) | Q(department__icontains=term)
    for term in excluded:
        condition &= ~Q(title__icontains=term) & ~Q(raw_content__icontains=term)
    return condition


def job_filter_public(*, filters: JobFilters) -> QuerySet[Job]:
    """Public jobs matching `filters`, unordered."""
    jobs = Job.objects.public()
    if filters.companies:
        jobs = jobs.filter(company_id__in=filters.companies)
    if filters.country:
        jobs = jobs.filter(_location_filter("country", filters.country))
    if filters.city:
        jobs = jobs.filter(_location_filter("city", filters.city))
    if filters.remote:
        jobs = jobs.filter(remote=filters.remote)
    if filters.employment_type:
        jobs = jobs.filter(employment_type=filters.employment_type)
    if filters.seniority:
        jobs = jobs.filter(seniority=filters.seniority)
    if filters.salary_min is not None:
        # No FX conversion: only jobs paying in the chosen currency. A range counts if its top reaches the floor.
        pays = Q(salary_annual_max__gte=filters.salary_min) | Q(
            salary_annual_max__isnull=True, salary_annual_min__gte=filters.salary_min
        )
        jobs = jobs.filter(pays, salary_currency=filters.currency)
    if filters.posted_days:
        jobs = jobs.filter(first_seen_at__gte=timezone.now() - timedelta(days=filters.posted_days))
    if filters.source:
        jobs = jobs.filter(company__source_kind=filters.source)
    if filters.q:
        jobs = jobs.filter(_text_filter(filters.q))
    return jobs


def _ordered(jobs: QuerySet[Job], sort: str) -> QuerySet[Job]:
    # Both orders end in unique keys, so a page never repeats or skips a job; each has its partial index.
    if sort == "salary":
        return jobs.order_by(F("salary_annual_max").desc(nulls_last=True), "-first_seen_at", "-id")
    return jobs.order_by("-first_seen_at", "-id")


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class JobListPage:
    jobs: list[Job]
    number: int
    total: int  # matches counted; a lower bound when not total_is_exact
    total_is_exact: bool
    facets: dict[str, list[FacetOption]]
    facets_sampled: bool  # counted over a sample of FACET_SAMPLE matches only

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
WITH sample (company_id, company_name, source, remote, employment_type, seniority, currency, locations) AS ({sample}),
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
        "salary_currency", "locations",
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


def _facets(counts: dict[str, Counter], filters: JobFilters, company_names: dict) -> dict[str, list[FacetOption]]:
    return {
        "company": _options(counts["company"], selected=filters.companies, labels=company_names),
        "source": _options(counts["source"], selected=filters.source, labels=dict(SourceKind.choices)),
        "remote": _options(counts["remote"], selected=filters.remote, labels=dict(Job.Remote.choices)),
        "type": _options(counts["type"], selected=filters.employment_type, labels=dict(Job.EmploymentType.choices)),
        "seniority": _options(counts["seniority"], selected=filters.seniority),
        "currency": _options(counts["currency"], selected=filters.currency),
        "country": _options(counts["country"], selected=filters.country),
        "city": _options(counts["city"], selected=filters.city),
    }


def job_list_page(*, filters: JobFilters) -> JobListPage:
    """One page of the public list with facet counts, in 3 queries (+1 for a deep page, +1 with a company filter).

    1. facet counts over FACET_SAMPLE matches, in no order, and the exact total when it fits;
    2. on a page deep enough to need more, a count capped PAGES_AHEAD pages beyond this one;
    3. this page's ids, by an index-only scan of the order's index (a deep OFFSET then skips index entries, not
       table rows), then 4. those rows alone.
    """
    unordered = job_filter_public(filters=filters).order_by()
    matches = _ordered(unordered, filters.sort)
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
    ids = list(matches.values_list("id", flat=True)[offset : offset + PAGE_SIZE])
    rows = {job.pk: job for job in _list_rows(Job.objects.filter(pk__in=ids))}
    return JobListPage(
        jobs=[rows[pk] for pk in ids if pk in rows],
        number=number,
        total=total,
        total_is_exact=exact,
        facets=_facets(counts, filters, company_names),
        facets_sampled=sampled,
    )


def job_feed_items(*, filters: JobFilters) -> list[Job]:
    """The newest FEED_ITEMS public jobs matching `filters` (sort is ignored: a feed is read newest first)."""
    jobs = _ordered(job_filter_public(filters=filters), "newest")
    return list(_list_rows(jobs)[:FEED_ITEMS])


def job_export_rows(*, filters: JobFilters):
    """Every public job matching `filters`, in the list's order, as dicts of EXPORT_COLUMNS, streamed from the
    database in chunks (a server-side cursor on PostgreSQL) so that memory stays flat whatever the count."""
    jobs = _ordered(job_filter_public(filters=filters), filters.sort).annotate(heading=_heading())
    return jobs.values(*EXPORT_COLUMNS).iterator(chunk_size=EXPORT_CHUNK)


def job_get_public(*, pk: int) -> Job:
    """A job a visitor may open: any visible one (a closed job still shows, marked closed)."""
    return Job.objects.visible().select_related("company").defer("search_vector").get(pk=pk)


# The kinds of change the public job page says in words. Named, not "all but": a kind added later (a reviewer's
# decision, say) stays off the public page until it is added here and given its words.
PUBLIC_HISTORY_KINDS = (JobChange.Kind.CHANGED, JobChange.Kind.CLOSED, JobChange.Kind.REOPENED)


def job_history(*, job: Job) -> list[JobChange]:
    """The job's public changes (PUBLIC_HISTORY_KINDS), oldest first (first seen is on the job itself)."""
    return list(JobChange.objects.filter(job=job, kind__in=PUBLIC_HISTORY_KINDS).order_by("at", "id"))


def job_more_at_company(*, job: Job) -> list[Job]:
    return list(
        _ordered(Job.objects.public().filter(company_id=job.company_id).exclude(pk=job.pk), "newest")
        .only("title", "external_id", "first_seen_at")
        .annotate(heading=_heading())[:MORE_AT_COMPANY]
    )


def company_get_public(*, pk: int) -> Company:
    return Company.objects.get(pk=pk)


def company_jobs_public(*, company: Company) -> tuple[list[Job], int]:
    """The company's newest COMPANY_PAGE_JOBS public jobs, and how many it has in all."""
    jobs = Job.objects.public().filter(company=company)
    listed = list(_list_rows(_ordered(jobs, "newest"))[:COMPANY_PAGE_JOBS])
    return listed, (len(listed) if len(listed) < COMPANY_PAGE_JOBS else jobs.count())


def company_last_successful_scrape(*, company: Company) -> ScrapeRun | None:
    return (
        ScrapeRun.objects.filter(company=company, status=ScrapeRun.Status.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .first()
    )
