"""Workable's public widget API: one request lists every published job of an account, with descriptions."""
from scraping import mapping

from . import urls
from .base import Posting
from .declared import AtsApi, DeclaredSource

# The widget API (`/api/v1/widget/accounts/{account}?details=true`) is what Workable's own embeddable job
# widget reads: no key, no paging. The newer `POST /api/v3/accounts/{account}/jobs` pages with a token but
# is undocumented, so we read the widget.
# apply.workable.com paths that are Workable's own pages, not an account's: /j/<shortcode> links name a job.
_NOT_ACCOUNTS = {"j", "careers"}
# Subdomains that are Workable's own sites; the older careers sites live on the account's own subdomain.
_RESERVED_SUBDOMAINS = {"www", "apply", "jobs", "api", "app", "help", "resources", "blog", "developers", "status"}
_ACCOUNT_NAME = "_account_name"  # where each row carries its account's name, which only the answer states


def _account(parsed: urls.CareersUrl) -> dict:
    """`account` of a careers, job or API URL (`acme` for all below).

    apply.workable.com/acme/, apply.workable.com/acme/j/ABC123/, acme.workable.com,
    apply.workable.com/api/v1/widget/accounts/acme, apply.workable.com/api/v3/accounts/acme/jobs
    """
    if parsed.host == "apply.workable.com":
        name = parsed.after("accounts") if parsed.segment(0) == "api" else parsed.segment(0)
        account = urls.slug(name) if name not in _NOT_ACCOUNTS else ""
    else:
        account = parsed.subdomain(r"workable\.com", reserved=_RESERVED_SUBDOMAINS)
    return {"account": account} if account else {}


def _shortcode(parsed: urls.CareersUrl) -> str:
    """The shortcode of a job page: apply.workable.com/acme/j/ABC123/ or acme.workable.com/j/ABC123 (a short link
    without the account, apply.workable.com/j/ABC123, names no board)."""
    shortcode = parsed.after("j")
    return shortcode if shortcode.isascii() and shortcode.isalnum() else ""


def _places(job: dict) -> list:
    """The job's places as Workable gives them; jobs without a `locations` list name one in city/state/country."""
    places = job.get("locations")
    if isinstance(places, list) and places:
        return places
    return [{"city": job.get("city"), "region": job.get("state"), "country": job.get("country")}]


def _location(place: dict) -> dict | None:
    city, region, country = (str(place.get(key) or "").strip() for key in ("city", "region", "country"))
    name = ", ".join(part for part in (city, region, country) if part)
    return mapping.location_entry(name, city=city, region=region, country=place.get("countryCode"))


def merge_repeated_jobs(jobs: list) -> list:
    """One entry per shortcode: some accounts list a job once per location, so their places are joined."""
    unique, index_of = [], {}
    for job in jobs:
        shortcode = job.get("shortcode") if isinstance(job, dict) else None
        if not isinstance(shortcode, (str, int)):
            shortcode = None  # no id to merge on: the job is kept for add_posting to report
        if shortcode is None or shortcode not in index_of:
            if shortcode is not None:
                index_of[shortcode] = len(unique)
            unique.append(job)
            continue
        first = unique[index_of[shortcode]]
        unique[index_of[shortcode]] = {**first, "locations": _places(first) + _places(job)}
    return unique


def _jobs(answer) -> list | None:
    """The account's jobs, each once, each with the account's name."""
    jobs = answer.get("jobs") if isinstance(answer, dict) else None
    if not isinstance(jobs, list):
        return None
    name = str(answer.get("name") or "").strip()
    return [{**job, _ACCOUNT_NAME: name} if isinstance(job, dict) else job for job in merge_repeated_jobs(jobs)]


class WorkableSource(DeclaredSource):
    """Source parameters: `account`, `api_base` (tests point it at loopback)."""

    kind = "workable"
    api = AtsApi(
        vendor="Workable",
        base="https://apply.workable.com",
        listing="/api/v1/widget/accounts/{account}",
        query={"details": "true"},
        required_params=("account",),
        careers_url_example="apply.workable.com/<account>/",
        params_from_url=_account,
        posting_id_from_url=_shortcode,
        rows=_jobs,
        no_rows="a 'jobs' list",
        id=lambda job: job["shortcode"],
        url=("url", "shortlink", "application_url"),
        # `full_description` adds the requirements and benefits sections to `description` when Workable sends it.
        html=(("full_description", "description"),),
        company=_ACCOUNT_NAME,
        department="department",
        # The job's visible places.
        locations=lambda job: [_location(place) for place in _places(job)
                               if isinstance(place, dict) and not place.get("hidden")],
        # False only says the job is not fully remote: it may be hybrid, so it says nothing.
        remote=lambda job: "remote" if job.get("telecommuting") is True else None,
        employment_type="employment_type",  # "Full-time", "Contract"; "Other" says none
        date_posted=("published_on", "created_at"),
        # LinkedIn's experience levels: "Mid-Senior level" spans two of ours, so it says none.
        more=lambda job: {"seniority": level} if (level := mapping.seniority(job.get("experience"))) else {},
    )


def posting_from_job(job: dict, *, account_name: str = "") -> Posting:
    """Map one job of the widget API (with details) to a Posting (pure)."""
    return WorkableSource().posting({**job, _ACCOUNT_NAME: account_name})
