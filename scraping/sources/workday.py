"""Workday CXS API: a paged search lists a career site's postings; one request per posting reads its detail."""
import re
from functools import partial

from scraping.html_text import html_to_text
from scraping.http import get_json, post_json
from scraping.mapping import (
    add_posting_with_detail,
    distinct_locations,
    employment_type,
    external_id,
    iso_date,
    location_entry,
    remote_mode,
    walk_pages,
)

from . import urls
from .base import FetchResult, Posting, Source, SourceError

PAGE_SIZE = 20  # postings per search request: the most Workday's career sites ask for and answer
TOTAL_CAP = 2000  # Workday counts a search's postings up to this many (NVIDIA's site answers "total": 2000)
# Workday puts the locale before the site: /en-US/External, /de-DE/Careers, /fr/External.
_LOCALE_RE = re.compile(r"[a-z]{2}(?:-[A-Za-z]{2})?")
_COUNTED_PLACES_RE = re.compile(r"\d+ Locations?", re.IGNORECASE)


def posting_from_detail(detail: dict) -> Posting:
    """Map one job detail of the CXS API ({"jobPostingInfo": ..., "hiringOrganization": ...}) to a Posting (pure)."""
    info = detail["jobPostingInfo"]
    url = str(info.get("externalUrl") or "")
    # The posting id is the last segment of the posting's path; a requisition (jobReqId) may have several.
    posting_id = info.get("jobPostingId") or url.rstrip("/").rsplit("/", 1)[-1]
    fields = {}
    if info.get("title"):
        fields["title"] = info["title"].strip()
    company = ((detail.get("hiringOrganization") or {}).get("name") or "").strip()
    if company:
        fields["company"] = company
    if locations := _locations(info):
        fields["locations"] = locations
    if remote := remote_mode(info.get("remoteType")):
        fields["remote"] = remote
    if kind := employment_type(info.get("timeType")):
        fields["employment_type"] = kind
    # startDate is the day the posting went up; postedOn only says "Posted 30+ Days Ago".
    if posted := iso_date(info.get("startDate")):
        fields["date_posted"] = posted
    markup = info.get("jobDescription") or ""
    places = "; ".join(location["name"] for location in locations)
    return Posting(
        external_id=external_id(posting_id),
        url=url,
        text="\n\n".join(part for part in (fields.get("title", ""), places, html_to_text(markup)) if part),
        description_html=markup,
        fields=fields,
        requisition_id=str(info.get("jobReqId") or ""),
    )


def posting_from_row(row: dict, *, site_url: str, detail_missing: str) -> Posting:
    """A posting from its search row alone (title, place, path), for when its detail cannot be read (pure)."""
    path = str(row["externalPath"])
    fields = {"title": row["title"].strip()} if isinstance(row.get("title"), str) and row["title"].strip() else {}
    place = row.get("locationsText")
    # "3 Locations" names no place; the detail lists them.
    if isinstance(place, str) and place.strip() and not _COUNTED_PLACES_RE.fullmatch(place.strip()):
        fields["locations"] = [location_entry(place)]
    return Posting(
        external_id=external_id(path.rstrip("/").rsplit("/", 1)[-1]),
        url=f"{site_url}{path}",
        text="\n\n".join(part for part in (fields.get("title", ""), place or "") if part),
        fields=fields,
        detail_missing=detail_missing,
    )


def _locations(info: dict) -> list[dict]:
    # Only the requisition's own location comes with a country code; some tenants repeat it among the others.
    primary = info.get("jobRequisitionLocation") or {}
    country = (primary.get("country") or {}).get("alpha2Code") or ""
    names = [info.get("location"), *(info.get("additionalLocations") or [])]
    return distinct_locations(
        location_entry(name, country=country if name == primary.get("descriptor") else "")
        for name in names
        if isinstance(name, str)
    )


class WorkdaySource(Source):
    kind = "workday"
    vendor = "Workday"
    required_params = ("base", "tenant", "site")
    careers_url_example = "https://<tenant>.wd5.myworkdayjobs.com/en-US/<site>"

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`base`, `tenant` and `site` of a career site, job or CXS API URL.

        acme.wd5.myworkdayjobs.com/en-US/External (or /External/job/..., or /wday/cxs/acme/External/jobs) gives
        base https://acme.wd5.myworkdayjobs.com, tenant acme, site External; the shared hosts name the tenant in
        the path: wd3.myworkdaysite.com/en-US/recruiting/acme/External.
        """
        parsed = urls.parse(url)
        tenant = parsed.subdomain(r"wd\d+\.myworkdayjobs\.com")
        if tenant and parsed.begins_with("wday", "cxs"):
            tenant, site = parsed.after("cxs"), parsed.after("cxs", 2)
        elif tenant:
            site = parsed.segment(1 if _LOCALE_RE.fullmatch(parsed.segment(0)) else 0)
        elif re.fullmatch(r"wd\d+\.myworkdaysite\.com", parsed.host):
            tenant, site = parsed.after("recruiting"), parsed.after("recruiting", 2)
        else:
            return {}
        if not (urls.slug(tenant) and urls.slug(site)):
            return {}
        return {"base": f"https://{parsed.host}", "tenant": tenant, "site": site}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The posting id, the path's segment after job/<location>/ (the posting's jobPostingId).

        acme.wd5.myworkdayjobs.com/en-US/External/job/Boston/Engineer_R1505, its /apply form and its CXS detail
        URL give Engineer_R1505.
        """
        return urls.slug(urls.parse(url).after("job", 2)) if cls.params_from_url(url) else ""

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        site_api = f"{params['base'].rstrip('/')}/wday/cxs/{params['tenant']}/{params['site']}"
        result = FetchResult()
        site_url = f"{params['base'].rstrip('/')}/{params['site']}"
        for summary in self._search(company, site_api, result):
            add_posting_with_detail(
                result, summary, read_detail=partial(get_json, f"{site_api}{summary.get('externalPath')}"),
                from_detail=posting_from_detail, from_row=partial(posting_from_row, site_url=site_url),
                id_key="externalPath",
            )
        return result

    def _search(self, company, site_api: str, result: FetchResult) -> list[dict]:
        """Every posting the site lists. Workday counts a search up to TOTAL_CAP and reads no further; a site that
        large is read as the union of searches narrowed by one of the facets its first answer counts, each under the
        cap. When no facet does that, what could be read is kept and the listing is not whole, so it closes nothing.
        """
        first = self._page(company, site_api, {}, 0)
        if first["total"] < TOTAL_CAP:
            return self._walk(company, site_api, {}, result, first=first)
        facet = _splitting_facet(first.get("facets"), total=first["total"])
        if facet is None:
            result.complete = False
            result.errors.append(
                f"{company.name}: Workday counts at most {TOTAL_CAP} postings and none of the facets it lists splits "
                f"the search below that: the first {TOTAL_CAP} were read, and the listing counts as partial"
            )
            return self._walk(company, site_api, {}, result, first=first)
        parameter, value_ids = facet
        postings = {}
        for value_id in value_ids:
            for posting in self._walk(company, site_api, {parameter: [value_id]}, result):
                postings.setdefault(posting["externalPath"], posting)
        return list(postings.values())

    def _walk(self, company, site_api: str, facets: dict, result: FetchResult, *, first: dict | None = None) -> list:
        def read_page(offset: int) -> tuple[int, list]:
            page = first if offset == 0 and first is not None else self._page(company, site_api, facets, offset)
            return page["total"], page["jobPostings"]

        return walk_pages(read_page, page_size=PAGE_SIZE, key="externalPath", result=result, what="posting")

    @staticmethod
    def _page(company, site_api: str, facets: dict, offset: int) -> dict:
        payload = {"appliedFacets": facets, "limit": PAGE_SIZE, "offset": offset, "searchText": ""}
        page = post_json(f"{site_api}/jobs", payload=payload)
        if not isinstance(page, dict) or not isinstance(page.get("jobPostings"), list):
            raise SourceError(f"{company.name}: Workday answered without a 'jobPostings' list")
        # Workday states the total only on the first page; later pages say 0.
        if offset == 0 and not isinstance(page.get("total"), int):
            raise SourceError(f"{company.name}: Workday answered without a total")
        return page


def _splitting_facet(facets, *, total: int) -> tuple[str, list[str]] | None:
    """(parameter, value ids) of the facet that splits a capped search into the fewest searches under the cap: each
    of its values counts fewer than TOTAL_CAP postings, and together at least the total, as a facet every posting
    has one value of does (job family, time type). None when no facet does."""
    best = None
    for facet in facets if isinstance(facets, list) else []:
        if not isinstance(facet, dict) or not isinstance(facet.get("facetParameter"), str):
            continue
        values = facet.get("values") if isinstance(facet.get("values"), list) else []
        counted = [(value.get("id"), value.get("count")) for value in values if isinstance(value, dict)]
        if not counted or not all(isinstance(ids, str) and isinstance(count, int) for ids, count in counted):
            continue  # a group of facets (Workday's location groups) rather than values
        if max(count for _, count in counted) < TOTAL_CAP and sum(count for _, count in counted) >= total:
            if best is None or len(counted) < len(best[1]):
                best = (facet["facetParameter"], [value_id for value_id, _ in counted])
    return best
