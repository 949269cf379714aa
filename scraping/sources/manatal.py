"""Manatal's career-page API: Django-style pages (`count`, `next`, `results`), each job with its description."""
from . import urls
from .declared import AtsApi, DeclaredSource, Paging, place

_HOSTS = ("www.careers-page.com", "careers-page.com")


def _params(parsed: urls.CareersUrl) -> dict:
    """`company` of a careers page, job or API URL: www.careers-page.com/acme/job/63X78V5R,
    www.careers-page.com/api/v1.0/c/acme/jobs/."""
    if parsed.host not in _HOSTS:
        return {}
    company = urls.slug(parsed.after("c") if parsed.begins_with("api") else parsed.segment(0))
    return {"company": company} if company else {}


class ManatalSource(DeclaredSource):
    kind = "manatal"
    api = AtsApi(
        vendor="Manatal",
        base="https://www.careers-page.com",
        listing="/api/v1.0/c/{company}/jobs/",
        required_params=("company",),
        careers_url_example="www.careers-page.com/<company>/",
        params_from_url=_params,
        posting_id_from_url=lambda parsed: urls.slug(parsed.after("job")) if parsed.segment(1) == "job" else "",
        query={"page_size": 100},
        rows="results",
        paging=Paging.NEXT_URL,
        next_url="next",
        total="count",
        id="hash",  # the job's public id, which its page's URL shows; `id` is internal
        title="position_name",
        page_url="{base}/{company}/job/{id}",
        html=("description",),
        locations=place("location_display", city="city", region="state"),
    )
