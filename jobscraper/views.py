"""Public, server-rendered pages: job list, job detail, company, and the list's feed and downloads (read-only)."""
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from extraction.cities import coordinates_of

from . import exports, selectors
from . import job_list as list_page  # named apart from the job_list view
from .exchange_rates import base_currency
from .feeds import JobFeed
from .filters import MAX_KM, POSTED_DAYS, job_filters_params, job_filters_parse, job_list_query_clean
from .models import Company, Job


@require_safe
def job_list(request):
    filters = job_filters_parse(request.GET, place_of=coordinates_of)
    page = list_page.job_list_page(filters=filters)
    context = {
        "page": page, "filters": filters, "query": urlencode(job_filters_params(filters)), "posted_days": POSTED_DAYS,
        "facet_sample": list_page.FACET_SAMPLE, "base_currency": base_currency(), "max_km": MAX_KM,
    }
    return render(request, "jobs/list.html", context)


@require_safe
def job_detail(request, pk: int):
    try:
        job = selectors.job_get_public(pk=pk)
    except Job.DoesNotExist:
        raise Http404("No such job") from None
    listings = selectors.job_listings(job=job)
    # The posting the list shows for this job (its cluster's first open one), whichever of them was opened.
    shown = next((posting for posting in listings if posting.status == Job.Status.OPEN), job)
    context = {
        "job": job, "history": selectors.job_history(job=job), "more_jobs": selectors.job_more_at_company(job=job),
        "listings": listings,
        # The search the visitor came from, as the list's link carried it, rebuilt from the list's own parameters.
        "list_query": job_list_query_clean(request.GET.get("from", "")),
        # The one address of the job's page, whatever search or copy it was opened from: for search engines and its
        # JSON-LD.
        "canonical_url": request.build_absolute_uri(shown.get_absolute_url()),
    }
    return render(request, "jobs/detail.html", context)


@require_safe
def company_detail(request, pk: int):
    try:
        company = selectors.company_get_public(pk=pk)
    except Company.DoesNotExist:
        raise Http404("No such company") from None
    jobs, total = selectors.company_jobs_public(company=company)
    last_scrape = selectors.company_last_successful_scrape(company=company)
    context = {"company": company, "jobs": jobs, "total": total, "last_scrape": last_scrape}
    return render(request, "companies/detail.html", context)


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def job_export_csv(request):
    rows = selectors.job_export_rows(filters=job_filters_parse(request.GET, place_of=coordinates_of))
    return exports.csv_response(rows, site=_site(request))


@require_safe
def job_export_json(request):
    rows = selectors.job_export_rows(filters=job_filters_parse(request.GET, place_of=coordinates_of))
    return exports.json_response(rows, site=_site(request))


job_feed = require_safe(JobFeed())
