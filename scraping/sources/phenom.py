"""Phenom career sites, on the company's own host: the site's widgets API (POST /widgets, ddoKey refineSearch) pages
its jobs by `from` and `size`."""
import re

from . import urls
from .declared import AtsApi, DeclaredSource, Paging

_PAGES = ("search-results", "job")  # not "home": many multi-country sites have their own /<country>/<lang>/home
_LANG_RE = re.compile(r"[a-z]{2}")


def _params(parsed: urls.CareersUrl) -> dict:
    """The host, country and language of a Phenom page: careers.cisco.com/global/en/search-results, or a job's
    /<country>/<lang>/job/<id>/<title>; the site is the company's own, so only that path tells it apart."""
    country, lang, page = (parsed.segment(index) for index in range(3))
    if not (parsed.host and country.isalpha() and country.islower() and _LANG_RE.fullmatch(lang) and page in _PAGES):
        return {}
    return {"host": parsed.host, "country": country, "lang": lang}


class PhenomSource(DeclaredSource):
    kind = "phenom"
    api = AtsApi(
        vendor="Phenom",
        base="https://{host}",
        listing="/widgets",
        required_params=("host", "country", "lang"),
        careers_url_example="<careers host>/<country>/<lang>/search-results",
        params_from_url=_params,
        posting_id_from_url=lambda parsed: urls.slug(parsed.segment(3)) if parsed.segment(2) == "job" else "",
        method="POST",
        body={"ddoKey": "refineSearch", "lang": "{lang}_{country}", "country": "{country}", "deviceType": "desktop",
              "pageName": "search-results", "siteType": "external", "keywords": "", "jobs": True, "counts": False},
        rows="refineSearch.data.jobs",
        paging=Paging.OFFSET,
        page_param="from",
        size_param="size",
        page_size=50,
        total="refineSearch.totalHits",
        id="jobId",
        page_url="{base}/{country}/{lang}/job/{id}",
        department="category",  # `department` is the backing ATS's org unit ("Supervisory Organization 0006292 (...)")
        locations=("multi_location", "location"),
        remote="RemoteType",  # "Hybrid", "Onsite Only"
        employment_type="type",  # "Full time"
        date_posted="postedDate",
        html=("descriptionTeaser",),  # a teaser, as plain text; the job's page has the rest
    )
