"""Oracle Taleo Business Edition career sites, careers v2
(<pod>.tbe.taleo.net/<partition>/ats/careers/v2/searchResults?org=<ORG>&cws=<n>): a results page of requisitions,
each requisition's page (viewRequisition?…&rid=<n>) with its schema.org JobPosting.

Only the first results page is read. Later pages (next&rowFrom=<n>) are served on the session the first request
opened, which the scraper's client does not keep; so the page's count of open positions ("oracletaleocwsv2-panel-
number", as public scrapers of these sites read it; the recorded page was cut without it) says whether the page
listed them all, and a listing read in part closes nothing. A page that counts nothing but shows more (a link to
the next rows, or ten rows or more: the sites list ten at a time) is read in part too.
Taleo Enterprise (<tenant>.taleo.net/careersection/…) is another product, not this kind.
"""
import re

from . import urls
from .declared import AtsApi, DeclaredSource
from .page_data import posting_fields, posting_json_ld, rows

_HOST_RE = re.compile(r"([a-z0-9]+)\.tbe\.taleo\.net")
PAGE_ROWS = 10  # requisitions a results page lists before the next rows are asked for (unverified: see above)

# A row's columns after its title are untitled, and chosen by each career site; these are Nurses and More's
# (location "IN - Lafayette", department "Staffing", schedule "Per Diem"). The requisition's page states its place
# and type as JSON-LD, which win.
_listing = rows("div.oracletaleocwsv2-accordion-head-info", count=".oracletaleocwsv2-panel-number",
                id=("h4 a@href", r"[?&]rid=(\d+)"), title="h4 a", url="h4 a@href",
                location="h4 ~ div:nth-of-type(1)", department="h4 ~ div:nth-of-type(2)",
                schedule="h4 ~ div:nth-of-type(3)", more="a.jscroll-next, a[href*='rowFrom=']")


def _results(page) -> dict:
    """The results page's rows and count, and whether it shows more rows than it lists (`more`): a link to the next
    rows, or a full page."""
    answer = _listing(page)
    listed = len(answer["rows"])
    return {**answer, "more": bool(listed and (listed >= PAGE_ROWS or answer["more"]))}


def _params(parsed: urls.CareersUrl) -> dict:
    """A careers v2 page (jobSearch, searchResults, viewRequisition) on <pod>.tbe.taleo.net naming org and cws."""
    host = _HOST_RE.fullmatch(parsed.host)
    partition, org = urls.slug(parsed.segment(0)), urls.slug(parsed.parameter("org"))
    cws = urls.number(parsed.parameter("cws"))
    if not (host and partition and org and cws) or not parsed.begins_with(partition.lower(), "ats", "careers", "v2"):
        return {}
    return {"pod": host[1], "partition": partition, "org": org, "cws": cws}


def _posting_id(parsed: urls.CareersUrl) -> str:
    return urls.number(parsed.parameter("rid")) if parsed.segment(4).lower() == "viewrequisition" else ""


class TaleoSource(DeclaredSource):
    kind = "taleo"
    api = AtsApi(
        vendor="Taleo Business Edition",
        base="https://{pod}.tbe.taleo.net",
        listing="/{partition}/ats/careers/v2/searchResults",
        query={"org": "{org}", "cws": "{cws}"},
        required_params=("pod", "partition", "org", "cws"),
        careers_url_example="<pod>.tbe.taleo.net/<partition>/ats/careers/v2/searchResults?org=<ORG>&cws=<n>",
        params_from_url=_params,
        posting_id_from_url=_posting_id,
        page=_results,
        rows="rows",
        total="total",
        more_rows="more",
        title="title",
        locations="location",
        department="department",
        employment_type="schedule",  # "Per Diem" is none of our types; "Full Time", "Part Time" are
        detail_link="url",
        detail_page=posting_json_ld,
        detail_fields=posting_fields,  # title, company, place, employment type, datePosted ("2017-01-15 00:00:00.0")
        html=("posting.description",),
    )
