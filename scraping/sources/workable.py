"""Workable's public widget API: one request lists every published job of an account, with descriptions."""
from functools import partial

from scraping import mapping
from scraping.html_text import html_to_text
from scraping.http import get_json

from . import urls
from .base import FetchResult, Posting, Source, SourceError

# The widget API (`/api/v1/widget/accounts/{account}?details=true`) is what Workable's own embeddable job
# widget reads: no key, no paging. The newer `POST /api/v3/accounts/{account}/jobs` pages with a token but
# is undocumented, so we read the widget.
DEFAULT_API_BASE = "https://apply.workable.com"
# apply.workable.com paths that are Workable's own pages, not an account's: /j/<shortcode> links name a job.
_NOT_ACCOUNTS = {"j", "careers"}
# Subdomains that are Workable's own sites; the older careers sites live on the account's own subdomain.
_RESERVED_SUBDOMAINS = {"www", "apply", "jobs", "api", "app", "help", "resources", "blog", "developers", "status"}


def _location(place: dict) -> dict | None:
    city, region, country = (str(place.get(key) or "").strip() for key in ("city", "region", "country"))
    name = ", ".join(part for part in (city, region, country) if part)
    return mapping.location_entry(name, city=city, region=region, country=place.get("countryCode"))


def _places(job: dict) -> list:
    """The job's places as Workable gives them; jobs without a `locations` list name one in city/state/country."""
    places = job.get("locations")
    if isinstance(places, list) and places:
        return places
    return [{"city": job.get("city"), "region": job.get("state"), "country": job.get("country")}]


def _locations(job: dict) -> list[dict]:
    """The job's visible locations, each once."""
    places = [place for place in _places(job) if isinstance(place, dict) and not place.get("hidden")]
    return mapping.distinct_locations(map(_location, places))


def posting_from_job(job: dict, *, account_name: str = "") -> Posting:
    """Map one job of the widget API (with details) to a Posting (pure)."""
    fields = {}
    if title := str(job.get("title") or "").strip():
        fields["title"] = title
    if account_name:
        fields["company"] = account_name
    if locations := _locations(job):
        fields["locations"] = locations
    if job.get("telecommuting") is True:
        # False only says the job is not fully remote: it may be hybrid, so it sets nothing.
        fields["remote"] = "remote"
    if kind := mapping.employment_type(job.get("employment_type")):
        fields["employment_type"] = kind
    if level := mapping.seniority(job.get("experience")):
        fields["seniority"] = level
    if department := str(job.get("department") or "").strip():
        fields["department"] = department
    if posted := mapping.iso_date(job.get("published_on") or job.get("created_at")):
        fields["date_posted"] = posted
    # `full_description` adds the requirements and benefits sections to `description` when Workable sends it.
    markup = str(job.get("full_description") or job.get("description") or "")
    places = "; ".join(location["name"] for location in locations)
    return Posting(
        external_id=mapping.external_id(job["shortcode"]),
        url=str(job.get("url") or job.get("shortlink") or job.get("application_url") or ""),
        text="\n\n".join(part for part in (title, places, html_to_text(markup)) if part),
        description_html=markup,
        fields=fields,
    )


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


class WorkableSource(Source):
    """Source parameters: `account`, `api_base` (tests point it at loopback)."""

    kind = "workable"
    vendor = "Workable"
    required_params = ("account",)
    careers_url_example = "apply.workable.com/<account>/"

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`account` of a careers, job or API URL (`acme` for all below).

        apply.workable.com/acme/, apply.workable.com/acme/j/ABC123/, acme.workable.com,
        apply.workable.com/api/v1/widget/accounts/acme, apply.workable.com/api/v3/accounts/acme/jobs
        """
        parsed = urls.parse(url)
        if parsed.host == "apply.workable.com":
            name = parsed.after("accounts") if parsed.segment(0) == "api" else parsed.segment(0)
            account = urls.slug(name) if name not in _NOT_ACCOUNTS else ""
        else:
            account = parsed.subdomain(r"workable\.com", reserved=_RESERVED_SUBDOMAINS)
        return {"account": account} if account else {}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The shortcode of a job page: apply.workable.com/acme/j/ABC123/ or acme.workable.com/j/ABC123.

        A short link without the account (apply.workable.com/j/ABC123) names no board: "".
        """
        if not cls.params_from_url(url):
            return ""
        shortcode = urls.parse(url).after("j")
        return shortcode if shortcode.isascii() and shortcode.isalnum() else ""

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        account = params["account"]
        api_base = params.get("api_base", DEFAULT_API_BASE).rstrip("/")
        data = get_json(f"{api_base}/api/v1/widget/accounts/{account}", params={"details": "true"})
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise SourceError(f"{company.name}: Workable answered without a 'jobs' list")
        to_posting = partial(posting_from_job, account_name=str(data.get("name") or "").strip())
        result = FetchResult()
        for job in merge_repeated_jobs(data["jobs"]):
            mapping.add_posting(result, job, to_posting, id_key="shortcode")
        return result
