"""Reads for the public pages: the filtered and ordered jobs, list rows, feed, exports, detail and company (the list's
page with its facets is jobscraper.job_list)."""
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import CharField, F, Q, QuerySet, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from .clusters import SHOWN_FIRST, one_per_cluster
from .exchange_rates import amount_to_base, base_currency
from .fields import JOB_FIELDS, LISTED
from .filters import JobFilters, websearch_terms
from .job_places import jobs_near
from .models import Company, Job, JobChange, ScrapeRun
from .regions import covering

FEED_ITEMS = 50  # entries in an Atom feed
MORE_AT_COMPANY = 5  # other jobs listed on a job's page
COMPANY_PAGE_JOBS = 50  # jobs listed on a company's page; the rest are a link to the filtered list
EXPORT_CHUNK = 2_000  # rows fetched per round trip while streaming an export

# The salary's annual figures in the base currency and the day of the rates used (exchange_rates.jobs_salary_convert):
# not a field of the job's declaration (jobscraper.fields), since nothing extracts them and a reviewer never edits
# them, but every page and export that states a salary states them beside it.
BASE_SALARY = ("salary_base_min", "salary_base_max", "salary_base_rate_day")
# What a list row shows: never the texts (raw_content, description_html, search_vector are kilobytes each).
LIST_COLUMNS = (
    "external_id", "company__name", "cluster__reposted_at", "first_seen_at", "listed_at", "status", *LISTED, *BASE_SALARY,
)
# What an export reads: the exported stored fields, the title as the heading the pages show.
EXPORT_COLUMNS = (
    "id", "heading", "company__name", *(f.name for f in JOB_FIELDS if f.exported and f.stored and f.name != "title"),
    "first_seen_at", "source_url", *BASE_SALARY,
)


@dataclass(frozen=True)
class SalaryFloor:
    """The salary filter: a year's amount as the visitor stated it, and that amount in the base currency at the
    latest rates known today."""

    amount: Decimal
    currency: str  # the visitor's, or the base currency when they named none
    base_currency: str
    base_amount: Decimal | None  # None: no rate is known for `currency`
    rate_day: date | None  # the day of the rates used; None when `currency` is the base


def salary_floor(*, filters: JobFilters) -> SalaryFloor | None:
    """The salary filter `filters` asks for, converted (a query per currency other than the euro); None without one."""
    if filters.salary_min is None:
        return None
    base = base_currency()
    currency = filters.currency or base
    base_amount, rate_day = amount_to_base(filters.salary_min, currency)
    return SalaryFloor(filters.salary_min, currency, base, base_amount, rate_day)


def _pays_at_least(prefix: str, amount: Decimal) -> Q:
    """A salary whose `prefix`_max reaches `amount`, or that states only a minimum and it does: a range counts if its
    top reaches the floor."""
    return Q(**{f"{prefix}_max__gte": amount}) | Q(**{f"{prefix}_max__isnull": True, f"{prefix}_min__gte": amount})


def _salary_filter(floor: SalaryFloor) -> Q:
    # A job paying in the visitor's own currency is compared as it states its pay, which needs no rate: rates moving
    # between the job's day and today never hide a job that pays what was asked, nor show one paying less.
    own = Q(salary_currency=floor.currency) & _pays_at_least("salary_annual", floor.amount)
    if floor.base_amount is None:
        # No rate is known for the visitor's currency (an unknown or unpublished code): no other currency compares
        # with it, so only the jobs paying in it can match. Ignoring the filter instead would list jobs paying less
        # than was asked, in any currency, as if they matched; the page says which it did (job_list).
        return own
    # Every other job by its figures in the base currency; one no rate converts has none, and never matches.
    return own | (~Q(salary_currency=floor.currency) & _pays_at_least("salary_base", floor.base_amount))


def _heading():
    """The title to show: the extracted one, else the source's, else the external id (as Job.display_title)."""
    source_title = Cast(KeyTextTransform("title", "source_data"), CharField())
    return Coalesce(NullIf(F("title"), Value("")), NullIf(source_title, Value("")), F("external_id"))


def job_rows_listed(jobs: QuerySet[Job]) -> QuerySet[Job]:
    """`jobs` as list rows: the columns a row shows, the company, and the heading."""
    return jobs.select_related("company", "cluster").only(*LIST_COLUMNS).annotate(heading=_heading())


def _location_filter(key: str, value: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(locations__contains=[{key: value}])  # jsonb @>, served by the job_public_locations GIN index
    # SQLite has no JSON containment: match the key/value pair as Django writes it into the JSON text.
    return Q(locations__icontains=json.dumps({key: value})[1:-1])


def _remote_in_filter(country: str) -> Q:
    """Fully remote jobs open to people in `country`: those that state it or an area that includes it ("ES": ES, EU,
    EUROPE, EMEA or WORLDWIDE). A remote job that does not say where it hires is not matched: the filter promises
    "open to people in Spain", which such a job has not said (the page says they are left out)."""
    codes = list(covering(country))
    if connection.vendor == "postgresql":
        # jsonb ?| (holds any of these strings), served by migration 0020's job_public_remote_regions GIN index
        return Q(remote=Job.Remote.REMOTE, remote_regions__has_any_keys=codes)
    # SQLite: a code as Django writes it into the JSON text, quotes included ("ES" is not part of "ESP")
    stated = Q()
    for code in codes:
        stated |= Q(remote_regions__icontains=json.dumps(code))
    return Q(remote=Job.Remote.REMOTE) & stated


def _text_filter(q: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(search_vector=search_query(q))
    required, excluded = websearch_terms(q)
    condition = Q()
    for term in required:
        condition &= Q(title__icontains=term) | Q(raw_content__icontains=term) | Q(department__icontains=term)
    for term in excluded:
        condition &= ~Q(title__icontains=term) & ~Q(raw_content__icontains=term)
    return condition


def job_filter_public(*, filters: JobFilters, salary: SalaryFloor | None = None) -> QuerySet[Job]:
    """Public jobs matching `filters`, one per job (jobscraper.clusters), unordered; `salary` is filters' salary_floor
    where the caller has it already."""
    jobs = one_per_cluster(Job.objects.public())
    if filters.companies:
        jobs = jobs.filter(company_id__in=filters.companies)
    if filters.country:
        jobs = jobs.filter(_location_filter("country", filters.country))
    if filters.city:
        jobs = jobs.filter(_location_filter("city", filters.city))
    if filters.remote:
        jobs = jobs.filter(remote=filters.remote)
    if filters.remote_in:
        jobs = jobs.filter(_remote_in_filter(filters.remote_in))
    if filters.employment_type:
        jobs = jobs.filter(employment_type=filters.employment_type)
    if filters.seniority:
        jobs = jobs.filter(seniority=filters.seniority)
    if filters.salary_min is not None:
        jobs = jobs.filter(_salary_filter(salary or salary_floor(filters=filters)))
    if filters.posted_days:
        jobs = jobs.filter(listed_at__gte=timezone.now() - timedelta(days=filters.posted_days))
    if filters.source:
        jobs = jobs.filter(company__source_kind=filters.source)
    if filters.near_at:
        jobs = jobs.filter(jobs_near(lat=filters.near_at[0], lon=filters.near_at[1], km=filters.km))
    if filters.q:
        jobs = jobs.filter(_text_filter(filters.q))
    return jobs


def search_query(q: str) -> SearchQuery:
    """The visitor's words as PostgreSQL's web-search syntax reads them, in the configuration the search vector uses."""
    # The configuration is cast from text at run time rather than written as a constant, so that PostgreSQL prices
    # this test as parsing a query (~100 operators) instead of 1 and makes it after every cheaper filter; as a
    # constant it came before the `column = value` filters, whatever the written order. Parsing is not its real
    # price, but it is of that order: where the GIN index does not answer it, the test reads the row's tsvector,
    # kilobytes out of line. The GIN index takes the expression as it would a constant.
    return SearchQuery(q, search_type="websearch", config=Cast(Value("english"), TextField()))


def jobs_ordered(jobs: QuerySet[Job], sort: str) -> QuerySet[Job]:
    # Both orders end in unique keys, so a page never repeats or skips a job; each has its partial index. Relevance
    # is newest first here (exports, SQLite): the list's page ranks its window of newest matches (job_list).
    if sort == "salary":
        # In the base currency, so that salaries stated in different currencies compare; a job without pay, or in a
        # currency no rate converts, last. Migration 0018's index is this order.
        return jobs.order_by(F("salary_base_max").desc(nulls_last=True), "-first_seen_at", "-id")
    # Newest by the posting's own date where it gives one (Job.listed_at): a company's first scrape does not put its
    # months-old postings at the top.
    return jobs.order_by("-listed_at", "-id")


def job_ids_by_relevance(*, ids: list[int], q: str) -> list[int]:
    """`ids` ranked by how well their job matches `q` (ts_rank, PostgreSQL), then newest first."""
    ranked = Job.objects.filter(pk__in=ids).annotate(rank=SearchRank(F("search_vector"), search_query(q)))
    return list(ranked.order_by("-rank", "-listed_at", "-id").values_list("id", flat=True))


def job_feed_items(*, filters: JobFilters) -> list[Job]:
    """The newest FEED_ITEMS public jobs matching `filters` (sort is ignored: a feed is read newest first)."""
    jobs = jobs_ordered(job_filter_public(filters=filters), "newest")
    return list(job_rows_listed(jobs)[:FEED_ITEMS])


def job_records(jobs: QuerySet[Job], *more: str) -> QuerySet:
    """`jobs` as dicts of EXPORT_COLUMNS and `more` columns: what an export's record and the API's are made from
    (jobscraper.exports.export_record)."""
    return jobs.annotate(heading=_heading()).values(*EXPORT_COLUMNS, *more)


def job_export_rows(*, filters: JobFilters):
    """Every public job matching `filters`, in the list's order, as dicts of EXPORT_COLUMNS, streamed from the
    database in chunks (a server-side cursor on PostgreSQL) so that memory stays flat whatever the count."""
    return job_records(jobs_ordered(job_filter_public(filters=filters), filters.sort)).iterator(chunk_size=EXPORT_CHUNK)


def job_get_public(*, pk: int) -> Job:
    """A job a visitor may open: any visible one (a closed job still shows, marked closed)."""
    return Job.objects.visible().select_related("company", "cluster").defer("search_vector").get(pk=pk)


def job_history(*, job: Job) -> list[JobChange]:
    """The job's changes, closings and reopenings, oldest first (first seen is on the job itself); never what a
    reviewer decided or corrected, nor who they are."""
    return list(JobChange.objects.public().filter(job=job).order_by("at", "id"))


def job_listings(*, job: Job) -> list[Job]:
    """Every posting a visitor may open of the same job (its cluster's members, itself included), in the order the
    list prefers them; [] for a job listed once."""
    if job.cluster_id is None:
        return []
    members = Job.objects.visible().filter(cluster_id=job.cluster_id).select_related("company")
    return list(members.defer("search_vector", "raw_content", "description_html").order_by(*SHOWN_FIRST))


def job_more_at_company(*, job: Job) -> list[Job]:
    return list(
        jobs_ordered(one_per_cluster(Job.objects.public()).filter(company_id=job.company_id).exclude(pk=job.pk), "newest")
        .only("title", "external_id", "first_seen_at")
        .annotate(heading=_heading())[:MORE_AT_COMPANY]
    )


def company_get_public(*, pk: int) -> Company:
    return Company.objects.get(pk=pk)


def company_jobs_public(*, company: Company) -> tuple[list[Job], int]:
    """The company's newest COMPANY_PAGE_JOBS public jobs, and how many it has in all."""
    jobs = one_per_cluster(Job.objects.public()).filter(company=company)
    listed = list(job_rows_listed(jobs_ordered(jobs, "newest"))[:COMPANY_PAGE_JOBS])
    return listed, (len(listed) if len(listed) < COMPANY_PAGE_JOBS else jobs.count())


def company_last_successful_scrape(*, company: Company) -> ScrapeRun | None:
    return (
        ScrapeRun.objects.filter(company=company, status=ScrapeRun.Status.SUCCEEDED)
        .order_by("-finished_at", "-id")
        .first()
    )
