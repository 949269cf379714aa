"""Reads for the public pages: the filtered, sorted, paginated job list with its facets, detail, company, exports."""
import json
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import CharField, F, Q, QuerySet, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from .filters import JobFilters, websearch_terms
from .models import Company, Job, JobChange, ScrapeRun, SourceKind

PAGE_SIZE = 25  # jobs per list page
# Facets are counted over a sample of this many matches rather than all of them: a GROUP BY over every match
# costs ~100 ms at 500k jobs. When there are fewer matches, counts and total are exact.
FACET_SAMPLE = 1_000  # rows
FACET_OPTIONS = 15  # most frequent values shown per facet (a selected value is always kept)
# Beyond FACET_SAMPLE matches the total is counted only this many pages past the current one ("page 3 of 40+"):
# an exact count of a broad search reads every match, the slowest part of a list page.
PAGES_AHEAD = 10
FEED_ITEMS = 50  # entries in an Atom feed
MORE_AT_COMPANY = 5  # other jobs listed on a job's page
COMPANY_PAGE_JOBS = 50  # jobs listed on a company's page; the rest are a link to the filtered list
EXPORT_CHUNK = 2_000  # rows fetched per round trip while streaming an export

# What a list row shows: never the texts (raw_content, description_html, search_vector are kilobytes each).
LIST_COLUMNS = (
    "title", "external_id", "company__name", "locations", "remote", "employment_type", "seniority", "salary_min",
    "salary_max", "salary_currency", "salary_period", "salary_annual_min", "salary_annual_max", "date_posted",
    "first_seen_at", "status", "summary",
)
EXPORT_COLUMNS = (
    "id", "heading", "company__name", "locations", "remote", "employment_type", "seniority", "salary_min",
    "salary_max", "salary_currency", "salary_period", "salary_annual_min", "salary_annual_max", "date_posted",
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


def _facets(rows: list[tuple], filters: JobFilters, company_names: dict[int, str]) -> dict[str, list[FacetOption]]:
    names = ("company", "source", "remote", "type", "seniority", "currency", "country", "city")
    counters = {name: Counter() for name in names}
    for company_id, company_name, source, remote, employment_type, seniority, currency, locations in rows:
        company_names.setdefault(company_id, company_name)
        counters["company"][company_id] += 1
        counters["source"][source] += 1
        counters["remote"][remote] += 1
        counters["type"][employment_type] += 1
        if seniority and seniority != "unknown":
            counters["seniority"][seniority] += 1
        if currency:
            counters["currency"][currency] += 1
        places = [place for place in locations or [] if isinstance(place, dict)]
        counters["country"].update({place["country"] for place in places if place.get("country")})
        counters["city"].update({place["city"] for place in places if place.get("city")})
    return {
        "company": _options(counters["company"], selected=filters.companies, labels=company_names),
        "source": _options(counters["source"], selected=filters.source, labels=dict(SourceKind.choices)),
        "remote": _options(counters["remote"], selected=filters.remote, labels=dict(Job.Remote.choices)),
        "type": _options(counters["type"], selected=filters.employment_type, labels=dict(Job.EmploymentType.choices)),
        "seniority": _options(counters["seniority"], selected=filters.seniority),
        "currency": _options(counters["currency"], selected=filters.currency),
        "country": _options(counters["country"], selected=filters.country),
        "city": _options(counters["city"], selected=filters.city),
    }


def job_list_page(*, filters: JobFilters) -> JobListPage:
    """One page of the public list with facet counts, in 3 queries (+1 for a deep page, +1 with a company filter).

    1. the facet columns of FACET_SAMPLE + 1 matches, in no order: facet counts, and the exact total when it fits;
    2. on a page deep enough to need more, a count capped PAGES_AHEAD pages beyond this one;
    3. this page's ids, by an index-only scan of the order's index (a deep OFFSET then skips index entries, not
       table rows), then 4. those rows alone.
    """
    unordered = job_filter_public(filters=filters).order_by()
    matches = _ordered(unordered, filters.sort)
    # In no order, so that PostgreSQL may take the sample straight from the indexes' bitmaps (the search's GIN
    # index proves a plain word without reading the row's tsvector). Newest first, it would walk the date index
    # and test each row it passes: for a broad search with filters, ~16k rows and their out-of-line tsvectors.
    facet_rows = list(
        unordered.values_list(
            "company_id", "company__name", "company__source_kind", "remote", "employment_type", "seniority",
            "salary_currency", "locations",
        )[: FACET_SAMPLE + 1]
    )
    sampled = len(facet_rows) > FACET_SAMPLE
    offset = (filters.page - 1) * PAGE_SIZE
    total, exact = min(len(facet_rows), FACET_SAMPLE), not sampled
    cap = offset + PAGES_AHEAD * PAGE_SIZE
    if sampled and cap > FACET_SAMPLE:  # else the facet rows already say "more than FACET_SAMPLE"
        total = unordered.values("id")[: cap + 1].count()
        exact = total <= cap
        total = min(total, cap)
    company_names = {}
    if filters.companies:
        # A chosen company with no match left must stay in the form, named.
        company_names = dict(Company.objects.filter(pk__in=filters.companies).values_list("pk", "name"))
    ids = list(matches.values_list("id", flat=True)[offset : offset + PAGE_SIZE])
    rows = {job.pk: job for job in _list_rows(Job.objects.filter(pk__in=ids))}
    return JobListPage(
        jobs=[rows[pk] for pk in ids if pk in rows],
        number=filters.page,
        total=total,
        total_is_exact=exact,
        facets=_facets(facet_rows[:FACET_SAMPLE], filters, company_names),
        facets_sampled=sampled,
    )


def job_feed_items(*, filters: JobFilters) -> list[Job]:
    """The newest FEED_ITEMS public jobs matching `filters` (sort is ignored: a feed is read newest first)."""
    jobs = _ordered(job_filter_public(filters=filters), "newest")
    return list(_list_rows(jobs)[:FEED_ITEMS])


def job_export_rows(*, filters: JobFilters):
    """Every public job matching `filters`, in the list's order, as tuples of EXPORT_COLUMNS, streamed from the
    database in chunks (a server-side cursor on PostgreSQL) so that memory stays flat whatever the count."""
    jobs = _ordered(job_filter_public(filters=filters), filters.sort).annotate(heading=_heading())
    return jobs.values_list(*EXPORT_COLUMNS).iterator(chunk_size=EXPORT_CHUNK)


def job_get_public(*, pk: int) -> Job:
    """A job a visitor may open: any visible one (a closed job still shows, marked closed)."""
    return Job.objects.visible().select_related("company").defer("search_vector").get(pk=pk)


def job_history(*, job: Job) -> list[JobChange]:
    """The job's changes, closings and reopenings, oldest first (first seen is on the job itself)."""
    return list(JobChange.objects.filter(job=job).order_by("at", "id"))


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
