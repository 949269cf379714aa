"""Job boards (LinkedIn, Indeed, Glassdoor, ...) searched through python-jobspy for a company's jobs."""
import logging

from jobscraper.employers import employer_key
from jobscraper.provenance import Provenance
from scraping import mapping

from .base import FetchResult, Posting, Source, SourceError

logger = logging.getLogger(__name__)

# jobspy's own default is every board but Google, regional ones (Bayt, Naukri, BDJobs, HelloWork) included.
DEFAULT_SITES = ("indeed", "linkedin")
# Source parameters handed to jobspy.scrape_jobs under its own names. fetch_description defaults to True:
# without it LinkedIn gives no description, and the description is what the extractor reads.
SEARCH_PARAMS = (
    "search_term", "google_search_term", "location", "distance", "is_remote", "job_type", "results_wanted",
    "hours_old", "country_indeed", "fetch_description", "linkedin_company_ids", "proxies",
)


def _salary(row: dict) -> dict:
    # LinkedIn guesses a salary from the description when it shows none (salary_source "description"),
    # assuming USD and an interval from the figures' size; the extractor reads that text better.
    if row.get("salary_source") != "direct_data":
        return {}
    return mapping.salary_fields(
        low=row.get("min_amount"), high=row.get("max_amount"), currency=row.get("currency"), period=row.get("interval")
    )


def _remote(row: dict) -> str | None:
    # Naukri says "Work from office", "Hybrid" or "Remote"; the other boards only whether a job is remote.
    if mode := mapping.remote_mode(str(row.get("work_from_home_type") or "").lower().removeprefix("work from ")):
        return mode
    # False only says the board did not see "remote": the job may still be hybrid, so it sets nothing.
    return "remote" if row.get("is_remote") else None


def posting_from_row(row: dict) -> Posting:
    """Map one row of jobspy's DataFrame (missing values as None) to a Posting (pure)."""
    fields = {}
    title = str(row.get("title") or "").strip()
    if title:
        fields["title"] = title
    if company := str(row.get("company") or "").strip():
        fields["company"] = company
    # jobspy gives only a display string ("Austin, TX, USA"): its parts are not marked.
    location = str(row.get("location") or "").strip()
    if place := mapping.location_entry(location):
        fields["locations"] = [place]
    if remote := _remote(row):
        fields["remote"] = remote
    kinds = [mapping.employment_type(kind) for kind in str(row.get("job_type") or "").split(",")]
    if kind := next((kind for kind in kinds if kind), None):
        fields["employment_type"] = kind
    if level := mapping.seniority(row.get("job_level")):
        fields["seniority"] = level
    fields.update(_salary(row))
    if posted := mapping.iso_date(row.get("date_posted")):
        fields["date_posted"] = posted
    skills = [skill.strip() for skill in str(row.get("skills") or "").split(",")]
    if skills := list(dict.fromkeys(skill for skill in skills if skill)):
        fields["skills"] = skills
    # jobspy ids carry a board prefix ("li-4120"); the site name keeps them apart should two boards collide.
    identifier = str(row.get("id") or "").strip()
    # The board's page, not job_url_direct: that is the employer's apply link, often a redirect with
    # tracking parameters that change between searches, and a changed URL would make the posting "changed".
    # The direct link goes in canonical_url, outside the content hash: on a known ATS it names the job itself, and
    # a row stored as a job of its own keeps it as its apply URL (Posting.evidence), which duplicate matching reads.
    url = str(row.get("job_url") or "")
    if not url:
        raise ValueError("no job_url")
    description = str(row.get("description") or "").strip()
    return Posting(
        external_id=f"{row.get('site')}:{identifier}" if identifier else url,
        url=url,
        text="\n\n".join(part for part in (title, location, description) if part),
        fields=fields,
        origin=Provenance.BOARD,
        canonical_url=str(row.get("job_url_direct") or ""),
    )


def postings_from_frame(frame, *, employers: list[str] | None = None) -> tuple[list[Posting], list[str]]:
    """The postings of a jobspy DataFrame and the errors of the search (pure).

    `employers` keeps only rows of those companies (a search for "Stripe" also finds other companies' jobs
    that mention Stripe); None keeps every row. Errors are the boards' own (jobspy puts them in
    `frame.attrs["errors"]`, one message per failed site) and rows that could not be mapped.
    """
    errors = [f"{site}: {message}" for site, message in (frame.attrs.get("errors") or {}).items()]
    wanted = {employer_key(name) for name in employers} if employers is not None else None
    postings = []
    # Missing values arrive as NaN, NaT or None depending on the column's type; make them all None.
    for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        if wanted is not None and employer_key(row.get("company") or "") not in wanted:
            continue
        try:
            postings.append(posting_from_row(row))
        except (KeyError, TypeError, ValueError) as exc:
            errors.append(f"{row.get('site')} job {row.get('id') or '?'}: malformed ({exc!r})")
    return postings, errors


def search_boards(**arguments):
    """Run jobspy's search: the network call, each board asked in its own thread."""
    # jobspy and pandas take about half a second to import; only a job-board scrape needs them.
    from jobspy import scrape_jobs

    try:
        # verbose=None leaves jobspy's log level to our logging settings.
        return scrape_jobs(description_format="markdown", verbose=None, **arguments)
    except ValueError as exc:  # jobspy validates its arguments before asking any board
        raise SourceError(f"python-jobspy refused the search: {exc}") from exc


class JobBoardsSource(Source):
    """A search of job boards for the company's jobs.

    Source parameters: `sites` (default indeed and linkedin), `company_names` (employer names whose rows
    are kept; default the company's name; [] keeps every row), and jobspy's own search arguments
    `search_term` (default the company's name), `location`, `results_wanted`, `hours_old`,
    `country_indeed`, ... (see SEARCH_PARAMS).
    """

    kind = "job_boards"
    # A search shows what matches it today: a posting missing from it may still be open elsewhere.
    lists_everything = False

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        arguments = {name: params[name] for name in SEARCH_PARAMS if params.get(name) not in (None, "")}
        arguments.setdefault("search_term", company.name)
        arguments.setdefault("fetch_description", True)
        frame = search_boards(site_name=params.get("sites") or list(DEFAULT_SITES), **arguments)
        for site, messages in (frame.attrs.get("warnings") or {}).items():
            for message in messages:
                logger.warning("%s: job board %s: %s", company.name, site, message)
        employers = params.get("company_names", [company.name])
        employers = [employers] if isinstance(employers, str) else employers
        postings, errors = postings_from_frame(frame, employers=employers or None)
        return FetchResult(postings=postings, complete=not errors, errors=errors)
