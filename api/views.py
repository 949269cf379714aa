"""The public read API, /api/v1/ (django-ninja): jobs with the list's filters and search, one job with its history,
and companies; its OpenAPI schema at openapi.json and interactive docs at docs. Read-only and anonymous, with an
optional API key, rate-limited (api.limits). Views only: parameters checked by api.schemas, reads in api.selectors."""
from urllib.parse import urlencode

from django.middleware.http import ConditionalGetMiddleware
from django.urls import reverse
from csp.decorators import csp_update
from django.utils.decorators import decorator_from_middleware
from ninja import NinjaAPI, Path, Query
from ninja.decorators import decorate_view
from ninja.errors import HttpError, Throttled, ValidationError

from extraction.cities import coordinates_of
from jobscraper.exchange_rates import base_currency
from jobscraper.exports import export_record
from jobscraper.filters import job_filters_params, job_filters_parse
from jobscraper.models import Job
from jobscraper.sanitize import safe_link

from . import selectors
from .limits import ApiKeyAuth, RateLimit, anonymous, throttled_message
from .schemas import DEFAULT_LIMIT, CompanyPage, JobDetail, JobPage, JobQuery, PageQuery, Problem

MAX_ID = 2**63 - 1  # ids are PostgreSQL bigints: a larger number is no id, and the database would refuse it

# An ETag from each 200's body, and 304 Not Modified to a request whose If-None-Match holds it (Django's middleware,
# on these views only).
conditional = decorator_from_middleware(ConditionalGetMiddleware)
# What the OpenAPI schema says of each operation beyond ninja's own: each refusal is a Problem, and the key is optional
# (the empty requirement, added to ninja's list of the key's).
REFUSALS = {status: Problem for status in (400, 401, 429)}
OPTIONAL_KEY = {"security": [{}]}

public_api = NinjaAPI(
    title="jobscraper",
    version="1",
    description="The public jobs, read-only: the same jobs, filters and search as the list's pages (rejected jobs "
    "never appear). Pages follow on by cursor. Anonymous requests are rate-limited per address; an API key "
    "(X-API-Key) raises the limit. Errors are JSON, {\"detail\": ...}: 400 for a bad parameter, 429 with "
    "Retry-After past the limit.",
    urls_namespace="api",
    auth=[ApiKeyAuth(), anonymous],
    throttle=RateLimit(),
    # Swagger UI draws its icons as data: images; only the docs page's policy allows them (README, "CSP").
    docs_decorator=csp_update({"img-src": ["data:"]}),
)


@public_api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    """400 (not ninja's 422) with each refused parameter named: the status every bad parameter of ours gets."""
    # loc is where, the view's argument, then the parameter and an item's place: ("query", "params", "company", 0)
    # for the first of several company ids. The parameter is its last name.
    problems = [f"{_parameter(error)}: {error['msg']}" for error in exc.errors]
    return public_api.create_response(request, {"detail": "; ".join(problems)}, status=400)


def _parameter(error: dict) -> str:
    return next((part for part in reversed(error.get("loc", ())) if isinstance(part, str)), "request")


@public_api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    return public_api.create_response(request, {"detail": throttled_message(request, exc.wait)}, status=429)


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _next(request, name: str, params: list[tuple[str, str]], *, limit: int, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = params + ([("limit", str(limit))] if limit != DEFAULT_LIMIT else []) + [("cursor", cursor)]
    return _site(request) + reverse(f"api:{name}") + "?" + urlencode(params)


@public_api.get("/jobs", response={200: JobPage, **REFUSALS}, url_name="jobs", tags=["jobs"],
                summary="Jobs matching a search", openapi_extra=OPTIONAL_KEY)
@decorate_view(conditional)
def jobs(request, params: Query[JobQuery]):
    """Open jobs matching the list's filters and search words, newest first or by salary, `limit` a page."""
    # Read by the list's own parser, as the pages read it: the schema has only checked each value.
    filters = job_filters_parse(request.GET, place_of=coordinates_of)
    if params.remote_in and not filters.remote_in:
        raise HttpError(400, f"remote_in: {params.remote_in} is no country's ISO 3166-1 alpha-2 code.")
    if filters.notes:  # what the pages tell a visitor they ignored
        raise HttpError(400, " ".join(filters.notes))
    try:
        page = selectors.job_page(filters=filters, cursor=params.cursor, limit=params.limit)
    except selectors.BadCursor as exc:
        raise HttpError(400, f"cursor: {exc}") from None
    site, base = _site(request), base_currency()
    return {
        "items": [export_record(row, site=site, base=base) for row in page.rows],
        "next_cursor": page.next_cursor,
        "next": _next(request, "jobs", job_filters_params(filters), limit=params.limit, cursor=page.next_cursor),
    }


@public_api.get("/jobs/{job_id}", response={200: JobDetail, 404: Problem, **REFUSALS}, url_name="job", tags=["jobs"],
                summary="A job and its history", openapi_extra=OPTIONAL_KEY)
@decorate_view(conditional)
def job(request, job_id: int = Path(..., ge=1, le=MAX_ID)):
    """Any job a visitor may open, a closed one too, with its changes, closings and reopenings."""
    try:
        found = selectors.job_with_history(pk=job_id)
    except Job.DoesNotExist:
        raise HttpError(404, f"No job {job_id} is public.") from None
    row = found.row
    return {
        **export_record(row, site=_site(request), base=base_currency()),
        "status": row["status"], "closed_at": row["closed_at"], "close_reason": row["close_reason"],
        "history": found.history,
    }


@public_api.get("/companies", response={200: CompanyPage, **REFUSALS}, url_name="companies", tags=["companies"],
                summary="Companies", openapi_extra=OPTIONAL_KEY)
@decorate_view(conditional)
def companies(request, params: Query[PageQuery]):
    """Every company whose jobs are scraped, in the order they were added."""
    try:
        page = selectors.company_page(cursor=params.cursor, limit=params.limit)
    except selectors.BadCursor as exc:
        raise HttpError(400, f"cursor: {exc}") from None
    site = _site(request)
    items = [
        {"id": row["id"], "name": row["name"], "url": site + reverse("company_detail", args=[row["id"]]),
         "careers_url": safe_link(row["careers_url"]),
         "jobs": site + reverse("api:jobs") + "?" + urlencode({"company": row["id"]})}
        for row in page.rows
    ]
    return {"items": items, "next_cursor": page.next_cursor,
            "next": _next(request, "companies", [], limit=params.limit, cursor=page.next_cursor)}
