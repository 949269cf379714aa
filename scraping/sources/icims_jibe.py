"""iCIMS Career Sites ("Jibe"), on the company's own careers host: /api/jobs lists its postings a page at a time,
each with its description, and counts them all."""
from . import urls
from .declared import AtsApi, DeclaredSource, Paging, place


def _params(parsed: urls.CareersUrl) -> dict:
    """The careers host of its jobs API (careers.garmin.com/api/jobs): the site is the company's own, so only the
    API's path tells it apart."""
    return {"host": parsed.host} if parsed.host and parsed.begins_with("api", "jobs") and len(
        parsed.segments) == 2 else {}


def _locations(job: dict) -> list:
    data = job.get("data") or {}
    return [*place("full_location" if not data.get("multipleLocations") else "short_location", city="city",
                   region="state", country="country_code")(data),
            *place(city="city", region="state", country="country_code", each="additional_locations")(data)]


class ICIMSJibeSource(DeclaredSource):
    kind = "icims_jibe"
    api = AtsApi(
        vendor="iCIMS Career Sites",
        base="https://{host}",
        listing="/api/jobs",
        required_params=("host",),
        careers_url_example="<careers host>/api/jobs",
        params_from_url=_params,
        # Jibe sites load their app from these hosts (public scrapers detect them so: app.jibecdn.com and
        # assets.jibecdn.com script bundles on first load).
        site_marker=r"\b(?:app|assets)\.jibecdn\.com/",
        rows="jobs",
        paging=Paging.PAGE,
        size_param="limit",
        page_size=100,
        total="totalCount",  # `count` is not the page's length
        id="data.req_id",
        title="data.title",
        url=("data.meta_data.canonical_url", "data.apply_url"),
        company="data.hiring_organization",
        department="data.categories.0.name",
        locations=_locations,
        date_posted="data.posted_date",
        html=("data.description", "data.responsibilities", "data.qualifications"),
    )
