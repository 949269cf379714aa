"""Oracle Recruiting Cloud candidate-experience API: a paged requisition search, then each requisition's detail."""
from functools import partial
from urllib.parse import quote

from scraping.html_text import html_to_text
from scraping.http import get_json
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

PAGE_SIZE = 25  # requisitions per search request, as Oracle's own career site asks for them
# A customer's pod, named by the subdomain: eeho.fa.us2.oraclecloud.com, or without a region jpmc.fa.oraclecloud.com.
_POD_DOMAIN = r"fa(?:\.[a-z0-9-]+)?\.oraclecloud\.com"
# The detail's HTML sections in the order Oracle's career site shows them.
_DESCRIPTION_KEYS = (
    "ExternalDescriptionStr",
    "ExternalResponsibilitiesStr",
    "ExternalQualificationsStr",
    "CorporateDescriptionStr",
    "OrganizationDescriptionStr",
)


def posting_from_requisition(listed: dict, detail: dict, *, url: str, detail_missing: str = "") -> Posting:
    """Map a requisition of the search, completed by its detail, to a Posting (pure).

    Where both give a value the detail's wins; the search alone has PostedDate, and the detail's
    secondaryLocations may be empty where the search's are not.
    """
    requisition = {**listed, **{key: value for key, value in detail.items() if value not in (None, "", [])}}
    fields = {}
    if requisition.get("Title"):
        fields["title"] = requisition["Title"].strip()
    if locations := _locations(requisition):
        fields["locations"] = locations
    # The code is the same in every language ("ORA_HYBRID"); the label is translated.
    code = str(requisition.get("WorkplaceTypeCode") or "").upper().removeprefix("ORA_")
    if remote := remote_mode(code) or remote_mode(requisition.get("WorkplaceType")):
        fields["remote"] = remote
    if kind := employment_type(requisition.get("JobSchedule")):
        fields["employment_type"] = kind
    department = (requisition.get("Department") or requisition.get("JobFamily") or "").strip()
    if department:
        fields["department"] = department
    if posted := iso_date(requisition.get("ExternalPostedStartDate")) or iso_date(requisition.get("PostedDate")):
        fields["date_posted"] = posted
    # The day the career site stops showing the requisition (the detail's name, then the search's).
    if ends := iso_date(requisition.get("ExternalPostedEndDate")) or iso_date(requisition.get("PostingEndDate")):
        fields["valid_through"] = ends
    markup = "\n".join(requisition[key] for key in _DESCRIPTION_KEYS if requisition.get(key)) or (
        requisition.get("ShortDescriptionStr") or ""
    )
    places = "; ".join(location["name"] for location in locations)
    return Posting(
        external_id=external_id(requisition["Id"]),
        url=url,
        text="\n\n".join(part for part in (fields.get("title", ""), places, html_to_text(markup)) if part),
        description_html=markup,
        fields=fields,
        detail_missing=detail_missing,
    )


def _locations(requisition: dict) -> list[dict]:
    secondary = [place for place in requisition.get("secondaryLocations") or [] if isinstance(place, dict)]
    return distinct_locations(
        [
            location_entry(requisition.get("PrimaryLocation"), country=requisition.get("PrimaryLocationCountry")),
            *(location_entry(place.get("Name"), country=place.get("CountryCode")) for place in secondary),
        ]
    )


class OracleSource(Source):
    kind = "oracle"
    vendor = "Oracle Recruiting Cloud"
    required_params = ("base", "site")
    careers_url_example = "https://<host>/hcmUI/CandidateExperience/en/sites/<site>"

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`base` and `site` of a candidate-experience URL.

        https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/123 gives base
        https://eeho.fa.us2.oraclecloud.com and site CX_1.
        """
        parsed = urls.parse(url)
        if not (parsed.subdomain(_POD_DOMAIN) and parsed.begins_with("hcmui", "candidateexperience")):
            return {}
        site = urls.slug(parsed.after("sites"))
        return {"base": f"https://{parsed.host}", "site": site} if site else {}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The requisition id of a job page (`123` for
        https://eeho.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/123)."""
        return urls.number(urls.parse(url).after("job")) if cls.params_from_url(url) else ""

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        base = params["base"].rstrip("/")
        site = quote(params["site"], safe="")
        result = FetchResult()
        for listed in self._search(company, base, site, result):
            requisition_id = quote(str(listed["Id"]), safe="")
            url = f"{base}/hcmUI/CandidateExperience/en/sites/{site}/job/{requisition_id}"
            # The search row alone has the title, places and dates: without its detail the posting is kept.
            add_posting_with_detail(
                result, listed, read_detail=partial(self._detail, base, site, requisition_id),
                from_detail=partial(posting_from_requisition, listed, url=url),
                from_row=partial(posting_from_requisition, detail={}, url=url), id_key="Id",
            )
        return result

    def _search(self, company, base: str, site: str, result: FetchResult) -> list[dict]:
        def read_page(offset: int) -> tuple[int, list]:
            data = get_json(
                f"{base}/hcmRestApi/resources/latest/recruitingCEJobRequisitions?onlyData=true"
                f"&expand=requisitionList.secondaryLocations&finder=findReqs;siteNumber={site},"
                f"limit={PAGE_SIZE},offset={offset},sortBy=POSTING_DATES_DESC"
            )
            # The answer's one item is the search itself, holding the count and this page of requisitions.
            search = _first_item(data)
            if not isinstance(search.get("requisitionList"), list) or not isinstance(search.get("TotalJobsCount"), int):
                raise SourceError(f"{company.name}: Oracle answered without a requisition list and its count")
            return search["TotalJobsCount"], search["requisitionList"]

        return walk_pages(read_page, page_size=PAGE_SIZE, key="Id", result=result, what="requisition")

    def _detail(self, base: str, site: str, requisition_id: str) -> dict:
        url = (
            f"{base}/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails?expand=all&onlyData=true"
            f'&finder=ById;Id="{requisition_id}",siteNumber={site}'
        )
        detail = _first_item(get_json(url))
        if not detail:
            # Oracle answers an empty list for a requisition it no longer has on record.
            raise SourceError(f"{url} answered without the requisition")
        return detail


def _first_item(data) -> dict:
    """The first of an answer's `items`, the list Oracle's REST API wraps every answer in; {} without one."""
    items = data.get("items") if isinstance(data, dict) else None
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
