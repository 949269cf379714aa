"""JOIN company pages (join.com/companies/<slug>): the Next.js page's __NEXT_DATA__ holds a page of the company's jobs
(items) with its pagination (page, pageCount, total), each job with its place, workplace type, employment type,
category and date; a job's page is /companies/<slug>/<idParam>.

Paged by ?page=N on the company page, as two public scrapers of JOIN do; unverified against a recorded second page.
Should the page ignore it, the second page repeats the first and the read stops, incomplete, as a listing short of
its stated total is. The job list holds no description (its page does; not read: no recorded one).
"""
import re
from urllib.parse import urljoin, urlsplit

from scraping import mapping

from . import urls
from .declared import AtsApi, DeclaredSource, Paging, dig, place
from .page_data import script_json

_HOSTS = ("join.com", "www.join.com")
_JOBS = "props.pageProps.initialState.jobs"
_next_data = script_json("__NEXT_DATA__")


def _jobs_page(page):
    """The page's __NEXT_DATA__, each job given its page's URL: the company page's path and the job's idParam."""
    data = _next_data(page)
    company = re.match(r"/companies/[^/]+", urlsplit(page.url).path)
    jobs = dig(data, f"{_JOBS}.items") if company else None
    for job in jobs if isinstance(jobs, list) else []:
        if isinstance(job, dict) and urls.slug(str(job.get("idParam") or "")):
            job["url"] = urljoin(page.url, f"{company[0]}/{job['idParam']}")
    return data


def _pay(job: dict) -> dict:
    """The range JOIN shows (settings.showSalary), its amounts in cents ({"amount": 7500000, "currency": "EUR"}, as
    the public API's items write them; the recorded page's amounts were pruned by its recorder)."""
    if dig(job, "settings.showSalary") is not True:
        return {}
    low, high = (dig(job, f"{end}.amount") for end in ("salaryAmountFrom", "salaryAmountTo"))
    return mapping.salary_fields(low=_units(low), high=_units(high), period=job.get("salaryFrequency"),
                                 currency=dig(job, "salaryAmountFrom.currency") or dig(job, "salaryAmountTo.currency"))


def _units(cents):
    return cents / 100 if isinstance(cents, int) and not isinstance(cents, bool) else None


class JoinSource(DeclaredSource):
    kind = "join"
    api = AtsApi(
        vendor="JOIN",
        base=f"https://{_HOSTS[0]}",
        listing="/companies/{company}",
        required_params=("company",),
        careers_url_example=f"{_HOSTS[0]}/companies/<slug>",
        params_from_url=lambda parsed: {"company": company} if parsed.host in _HOSTS and parsed.begins_with(
            "companies") and (company := urls.slug(parsed.segment(1))) else {},
        page=_jobs_page,
        rows=f"{_JOBS}.items",
        paging=Paging.PAGE,
        total=f"{_JOBS}.pagination.total",
        # The job's own id. The number its page's URL starts with (its idParam's) is another: they differ on 3 of the
        # 5 jobs recorded (16318714 is /16738632-junior-1st-level-supporter-…), so a posting's URL does not name it.
        id="id",
        locations=place(lambda job: ", ".join(filter(None, (dig(job, "city.cityName"), dig(job, "city.countryName")))),
                        city="city.cityName", country="country.iso3166"),
        remote="workplaceType",  # "ONSITE", "HYBRID", "REMOTE"
        employment_type="employmentType.name",  # "Employee" names no one of ours; "Internship", "Freelance" do
        department="category.name",
        date_posted="createdAt",
        pay=_pay,
    )
