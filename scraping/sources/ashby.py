"""Ashby job-board API: one request lists every published job with its description and compensation."""
from urllib.parse import quote

from scraping import mapping
from scraping.html_text import html_to_text
from scraping.http import get_json

from . import urls
from .base import FetchResult, Posting, Source, SourceError

# The posting API has no paging and no per-job endpoint: the board answer holds every job whole.
DEFAULT_API_BASE = "https://api.ashbyhq.com"


def _place(name, address) -> dict | None:
    # Boards nest the parts in schema.org's `postalAddress`; Ashby's documented example puts them on `address`.
    postal = address.get("postalAddress", address) if isinstance(address, dict) else None
    postal = postal if isinstance(postal, dict) else {}
    return mapping.location_entry(
        name,
        city=postal.get("addressLocality"),
        region=postal.get("addressRegion"),
        country=postal.get("addressCountry"),
    )


def _locations(job: dict) -> list[dict]:
    places = [_place(job.get("location"), job.get("address"))]
    places += [
        _place(secondary.get("location"), secondary.get("address"))
        for secondary in job.get("secondaryLocations") or []
        if isinstance(secondary, dict)
    ]
    return mapping.distinct_locations(places)


def _salary(compensation) -> dict:
    """The range of the job's one Salary component; {} when there is none, or several (e.g. one per currency)."""
    components = compensation.get("summaryComponents") if isinstance(compensation, dict) else None
    salaries = [c for c in components or [] if isinstance(c, dict) and c.get("compensationType") == "Salary"]
    if len(salaries) != 1:
        return {}
    (salary,) = salaries
    return mapping.salary_fields(
        low=salary.get("minValue"),
        high=salary.get("maxValue"),
        currency=salary.get("currencyCode"),
        period=salary.get("interval"),  # "1 YEAR", "1 HOUR", ...
    )


def posting_from_job(job: dict) -> Posting:
    """Map one job of the job-board API (with compensation) to a Posting (pure)."""
    fields = {}
    if title := str(job.get("title") or "").strip():
        fields["title"] = title
    if locations := _locations(job):
        fields["locations"] = locations
    # Only workplaceType decides: isRemote is also true for hybrid jobs (Ramp's boards show both together).
    if remote := mapping.remote_mode(job.get("workplaceType")):
        fields["remote"] = remote
    if kind := mapping.employment_type(job.get("employmentType")):
        fields["employment_type"] = kind
    if department := str(job.get("department") or job.get("team") or "").strip():
        fields["department"] = department
    fields.update(_salary(job.get("compensation")))
    if posted := mapping.iso_date(job.get("publishedAt")):
        fields["date_posted"] = posted
    markup = str(job.get("descriptionHtml") or "")
    places = "; ".join(location["name"] for location in locations)
    body = html_to_text(markup) or str(job.get("descriptionPlain") or "").strip()
    return Posting(
        external_id=mapping.external_id(job["id"]),
        url=str(job.get("jobUrl") or ""),
        text="\n\n".join(part for part in (title, places, body) if part),
        description_html=markup,
        fields=fields,
    )


class AshbySource(Source):
    """Source parameters: `board_token` (the job board's name) and `api_base` (tests point it at loopback)."""

    kind = "ashby"
    vendor = "Ashby"
    required_params = ("board_token",)
    careers_url_example = "jobs.ashbyhq.com/<board_token>"

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`board_token` of a board, job, embed or API URL (`acme` for all below).

        jobs.ashbyhq.com/acme, jobs.ashbyhq.com/acme/<job id>, api.ashbyhq.com/posting-api/job-board/acme
        """
        parsed = urls.parse(url)
        board = parsed.board(hosts=("jobs.ashbyhq.com",), api_hosts=("api.ashbyhq.com",), api_marker="job-board")
        return {"board_token": board} if board else {}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The job id of a job page or its form: jobs.ashbyhq.com/acme/<job id>[/application]."""
        return urls.uuid(urls.parse(url).segment(1)) if cls.params_from_url(url) else ""

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        board = params["board_token"]
        api_base = params.get("api_base", DEFAULT_API_BASE).rstrip("/")
        data = get_json(
            f"{api_base}/posting-api/job-board/{quote(board, safe='')}", params={"includeCompensation": "true"}
        )
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise SourceError(f"{company.name}: Ashby answered without a 'jobs' list")
        result = FetchResult()
        for job in data["jobs"]:
            # An unlisted job is reachable only through its link: the company keeps it off its board.
            if isinstance(job, dict) and job.get("isListed") is False:
                continue
            mapping.add_posting(result, job, posting_from_job)
        return result
