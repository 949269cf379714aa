"""Polymer's public hiring API: pages of an organisation's jobs, and each job's detail with its description."""
import re

from scraping import mapping

from . import urls
from .declared import AtsApi, DeclaredSource, Paging, first_segment, place

# "170K - 220K USD a year", "1,200 - 1,400 USD a month": amounts in thousands when followed by K.
_PAY_RE = re.compile(r"([\d,.]+)(K?)\s*-\s*([\d,.]+)(K?)\s+([A-Z]{3})(?:\s+an?\s+([a-z]+))?")


def _pay(job: dict) -> dict:
    match = _PAY_RE.fullmatch((job.get("salary_pretty") or "").strip())
    if not match:
        return {}
    low, high = (float(amount.replace(",", "")) * (1000 if thousands else 1)
                 for amount, thousands in ((match[1], match[2]), (match[3], match[4])))
    return mapping.salary_fields(low=low, high=high, currency=match[5], period=match[6])


class PolymerSource(DeclaredSource):
    kind = "polymer"
    api = AtsApi(
        vendor="Polymer",
        base="https://api.polymer.co",
        listing="/v1/hire/organizations/{organization}/jobs",
        required_params=("organization",),
        careers_url_example="jobs.polymer.co/<organization>",
        # jobs.polymer.co/acme/<job id>, api.polymer.co/v1/hire/organizations/acme/jobs
        params_from_url=first_segment(("jobs.polymer.co",), "organization", api_hosts=("api.polymer.co",),
                                      api_marker="organizations"),
        posting_id_from_url=lambda parsed: urls.number(parsed.segment(1)) if parsed.host == "jobs.polymer.co" else "",
        rows="items",
        paging=Paging.PAGE,
        size_param="per_page",
        page_size=50,
        total="meta.total",
        detail="/v1/hire/organizations/{organization}/jobs/{id}",
        url="job_post_url",  # on jobs.polymer.co or the company's own careers domain
        company="organization_name",
        department="department",
        locations=place("display_location", city="city", region="state_region", country="country"),
        remote="remoteness_pretty",  # "Remote"; "No remote" is on site, though our vocabulary reads "remote" in it
        remote_words={"No remote": "onsite"},
        employment_type=("kind", "kind_pretty"),  # "full_time"; the list says "Full-time", "Contract"
        pay=_pay,
        date_posted="published_at",
        html=("description",),
    )
