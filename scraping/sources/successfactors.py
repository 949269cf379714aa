"""SAP SuccessFactors Recruiting Marketing (RMK, "career site builder") sites on the company's own host: the search
page (/search/?q=&startrow=N) lists the postings in a table, a page at a time, and states how many there are."""
import re
from urllib.parse import parse_qs

from scraping import mapping

from . import urls
from .declared import AtsApi, DeclaredSource, Paging
from .page_data import rows

_HOSTS = ("jobs.sap.com",)  # SAP's own careers site runs RMK
# Parameters only RMK's search page takes (a bare ?q= is any site's search): where it starts, its location box.
_SEARCH_PARAMETERS = frozenset({"startrow", "locationsearch", "sortColumn", "createNewAlert"})
_COUNTRY_RE = re.compile(r"[A-Z]{2}")


def _posting_id(parsed: urls.CareersUrl) -> str:
    """The numeric id of a posting's page /job/<Location-Title-slug>/<id>/."""
    job = len(parsed.segments) == 3 and parsed.segment(0) == "job"
    return urls.number(parsed.segment(2)) if job else ""


def _params(parsed: urls.CareersUrl) -> dict:
    """A posting /job/<Location-Title-slug>/<numeric id>/, or the search page /search/ with RMK's own parameters, on
    the site's host; any page of jobs.sap.com."""
    asked = parse_qs(parsed.query, keep_blank_values=True)
    search = parsed.segments == ("search",) and not _SEARCH_PARAMETERS.isdisjoint(asked)
    return {"host": parsed.host} if parsed.host and (_posting_id(parsed) or search or parsed.host in _HOSTS) else {}


def _locations(row: dict) -> list:
    """"Cary, NC, US" (city, region, ISO country), "Torun, PL" (city, country); a remote posting's place ("Europe,
    remote, IT") and a longer one keep their country alone, a place without a country code its name alone."""
    text = row.get("location") or ""
    *place, country = (part.strip() for part in text.split(","))
    if not (place and _COUNTRY_RE.fullmatch(country)):
        return [mapping.location_entry(text)]
    if len(place) > 2 or mapping.remote_mode_in(text) == "remote":
        return [mapping.location_entry(text, country=country)]
    city, region = (*place, "")[:2]
    return [mapping.location_entry(text, city=city, region=region, country=country)]


class SuccessFactorsSource(DeclaredSource):
    kind = "successfactors"
    api = AtsApi(
        vendor="SAP SuccessFactors",
        base="https://{host}",
        listing="/search/",
        required_params=("host",),
        careers_url_example="<careers host>/search/?q=&startrow=0",
        params_from_url=_params,
        posting_id_from_url=_posting_id,
        # Its scripts and styles: /platform/js/j2w/... on the site's own host, or from SAP's RMK CDN (images there are
        # hotlinked by other sites, so only .js and .css count). Bounded, so that a hostile page is read in linear time.
        site_marker=(r"""(?:src|href)\s*=\s*["']/platform/(?:js|css)/j2w/"""
                     r"""|rmkcdn\.successfactors\.com/[^"'\s<>]{1,300}?\.(?:js|css)\b"""),
        query={"q": ""},
        # Every field is written twice in a row (phone and desktop columns): the first is read.
        page=rows("tr.data-row", count="span.paginationLabel", id=("a.jobTitle-link@href", r"/job/[^/]+/(\d+)"),
                  title="a.jobTitle-link", url="a.jobTitle-link@href", location="span.jobLocation",
                  date="span.jobDate"),
        rows="rows",
        total="total",  # "Results 1 – 25 of 89": the page size is the site's, so paging stops on the count
        paging=Paging.OFFSET,
        page_param="startrow",
        title="title",
        locations=_locations,
        remote="location",  # "Europe, remote, IT"
        date_posted="date",  # "Sep 23, 2026"
    )
